package org.cardiograd.ecg.signal;

import java.util.SplittableRandom;

/**
 * MAE random masking (He et al., "Masked Autoencoders Are Scalable Vision Learners", 2021): shuffle the token
 * indices uniformly, keep the first {@code floor(tokens (1 - ratio))} and mask the rest. The kept indices stay in
 * shuffled order, as in MAE (positions are already in the token embeddings, so order carries nothing).
 * A Fisher-Yates shuffle draws the same distribution as MAE's argsort of uniform noise.
 */
public final class RandomPatchMasking implements MaskingStrategy {

    private final int tokens;
    private final int keepCount;

    /**
     * @param tokens number of patches per sample (e.g. 12 leads x 20 patches flattened, or 20 for a shared
     *               patching of all leads)
     * @param ratio  fraction to mask, in [0, 1); MAE uses 0.75
     */
    public RandomPatchMasking(int tokens, double ratio) {
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be >= 1, got " + tokens);
        }
        this.tokens = tokens;
        this.keepCount = tokens - TokenMask.maskedCount(tokens, ratio);
        if (keepCount < 1) {
            throw new IllegalArgumentException("mask ratio " + ratio + " leaves no visible token out of " + tokens);
        }
    }

    @Override
    public int tokenCount() {
        return tokens;
    }

    @Override
    public TokenMask sample(SplittableRandom rng) {
        return TokenMask.fromShuffle(MaskingStrategy.permutation(tokens, rng), keepCount);
    }
}
