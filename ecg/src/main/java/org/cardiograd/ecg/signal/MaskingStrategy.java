package org.cardiograd.ecg.signal;

import java.util.SplittableRandom;

/**
 * Draws which tokens of an ECG to hide from the encoder. Pure index logic: nothing here touches signal values.
 * Every sample from one strategy masks the same number of tokens, so a batch stacks into rectangular index
 * tensors.
 */
public interface MaskingStrategy {

    /** Number of tokens per sample. */
    int tokenCount();

    /** One sample's mask, drawn from {@code rng}. */
    TokenMask sample(SplittableRandom rng);

    /** One mask per sample of a batch, drawn in order from {@code rng}. */
    default TokenMask[] sampleBatch(int batchSize, SplittableRandom rng) {
        TokenMask[] out = new TokenMask[batchSize];
        for (int b = 0; b < batchSize; b++) {
            out[b] = sample(rng);
        }
        return out;
    }

    /** Uniform random permutation of 0..n-1 (Fisher-Yates). */
    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
