package org.cardiograd.ecg.cgdmer;

import java.util.Arrays;

import org.cardiograd.tensor.Tensor;

/**
 * How an ECG [B, leads, samples] becomes tokens [B, tokens, values] and back. Spatial-temporal: token
 * {@code lead * patchesPerLead + t} holds lead {@code lead}'s samples {@code [t P, (t + 1) P)} (lead-major, the
 * numbering of {@link org.cardiograd.ecg.signal.SpatialTemporalMasking}). Lead-agnostic (CREMA): token t holds
 * all leads' samples of that window, lead by lead. Trailing samples that do not fill a patch are left out.
 */
public final class EcgTokens {
    private final CgDmerConfig.Ecg c;

    public EcgTokens(CgDmerConfig.Ecg c) {
        this.c = c;
    }

    /** [B, leads, samples] to [B, tokens, valuesPerToken]. */
    public Tensor patchify(Tensor ecg) {
        if (ecg.rank() != 3 || ecg.shape(1) != c.leads() || ecg.shape(2) != c.samples()) {
            throw new IllegalArgumentException("CG-DMER: ECG batch must be [B, " + c.leads() + ", " + c.samples()
                    + "], got " + Arrays.toString(ecg.shape()));
        }
        int b = ecg.shape(0);
        Tensor used = c.usedSamples() == c.samples() ? ecg : ecg.narrow(2, 0, c.usedSamples());
        Tensor grid = used.reshape(b, c.leads(), c.patchesPerLead(), c.patch());
        if (c.tokenization() == CgDmerConfig.Tokenization.SPATIAL_TEMPORAL) {
            return grid.reshape(b, c.tokens(), c.patch());
        }
        return grid.permute(0, 2, 1, 3).reshape(b, c.tokens(), c.valuesPerToken());
    }

    /** Inverse of {@link #patchify}: [B, tokens, valuesPerToken] to [B, leads, usedSamples]. */
    public Tensor unpatchify(Tensor tokens) {
        int b = tokens.shape(0);
        Tensor grid = c.tokenization() == CgDmerConfig.Tokenization.SPATIAL_TEMPORAL
                ? tokens.reshape(b, c.leads(), c.patchesPerLead(), c.patch())
                : tokens.reshape(b, c.patchesPerLead(), c.leads(), c.patch()).permute(0, 2, 1, 3);
        return grid.reshape(b, c.leads(), c.usedSamples());
    }
}
