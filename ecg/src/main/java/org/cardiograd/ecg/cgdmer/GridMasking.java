package org.cardiograd.ecg.cgdmer;

import java.util.SplittableRandom;

import org.cardiograd.ecg.crema.TokenMasking;
import org.cardiograd.ecg.signal.SpatialTemporalMasking;
import org.cardiograd.ecg.signal.TokenMask;
import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * Draws a batch of maskings on the token grid and turns them into the index tensors the encoder and decoder
 * use ({@link TokenMasking}: kept positions, restore order, 0/1 mask). Spatial-temporal tokens use
 * {@link SpatialTemporalMasking} (whole leads, time spans, then random cells up to the mask ratio); lead-agnostic
 * tokens (one grid row) use random cells only, as CREMA does. Every ECG hides the same number of tokens.
 */
public final class GridMasking {
    private final SpatialTemporalMasking strategy;

    public GridMasking(CgDmerConfig.Ecg c) {
        boolean perLead = c.tokenization() == CgDmerConfig.Tokenization.SPATIAL_TEMPORAL;
        this.strategy = new SpatialTemporalMasking(c.gridRows(), c.patchesPerLead(),
                perLead ? c.leadMaskRatio() : 0.0, perLead ? c.timeMaskRatio() : 0.0, Math.max(1, c.maskSpan()),
                c.maskRatio());
    }

    /** Visible tokens per ECG. */
    public int visibleTokens() {
        return strategy.tokenCount() - strategy.targetMaskedCount();
    }

    /** One masking per ECG; the draws depend only on the rng's next key. */
    public TokenMasking sample(Backend backend, Rng rng, int batch) {
        SplittableRandom random = new SplittableRandom(rng.nextKey());
        TokenMask[] masks = new TokenMask[batch];
        for (int i = 0; i < batch; i++) {
            masks[i] = strategy.sample(random);
        }
        return toTensors(backend, masks);
    }

    /** Stacks per-ECG maskings (all with the same visible count) into index tensors. */
    public static TokenMasking toTensors(Backend backend, TokenMask[] masks) {
        int b = masks.length;
        int n = masks[0].tokenCount();
        int k = masks[0].keepCount();
        // keep, restore and hidden in one array: one host-to-device transfer (an input of the step, drawn on the
        // host by the seeded generator), then three views
        float[] all = new float[b * k + 2 * b * n];
        int restoreAt = b * k;
        int hiddenAt = restoreAt + b * n;
        for (int i = 0; i < b; i++) {
            if (masks[i].tokenCount() != n || masks[i].keepCount() != k) {
                throw new IllegalArgumentException("GridMasking: ECG " + i + " keeps " + masks[i].keepCount() + " of "
                        + masks[i].tokenCount() + " tokens, ECG 0 keeps " + k + " of " + n);
            }
            int[] kp = masks[i].keep();
            int[] rs = masks[i].restore();
            float[] m = masks[i].maskAsFloats();
            for (int j = 0; j < k; j++) {
                all[i * k + j] = kp[j];
            }
            for (int t = 0; t < n; t++) {
                all[restoreAt + i * n + t] = rs[t];
            }
            System.arraycopy(m, 0, all, hiddenAt + i * n, n);
        }
        Tensor[] parts = Tensor.fromArray(backend, all, all.length).split(0, b * k, b * n, b * n);
        return new TokenMasking(parts[0].reshape(b, k), parts[1].reshape(b, n), parts[2].reshape(b, n));
    }
}
