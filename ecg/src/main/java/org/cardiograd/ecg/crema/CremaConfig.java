package org.cardiograd.ecg.crema;

/**
 * Everything that defines a CREMA model and its pretraining objective. The presets are the paper's best
 * configuration and smaller ones for CPUs; every field can be overridden and is recorded in the run folder.
 *
 * @param leads       ECG leads (12)
 * @param samples     samples per lead (10 s at 500 Hz = 5000)
 * @param patch       samples per token (125: 40 tokens)
 * @param width       encoder embedding width
 * @param depth       encoder blocks
 * @param heads       encoder attention heads
 * @param decoderWidth  decoder width (lighter than the encoder)
 * @param decoderDepth  decoder blocks
 * @param decoderHeads  decoder heads
 * @param mlpRatio    MLP hidden width / width
 * @param maskRatio   share of tokens hidden from the encoder (0.75)
 * @param normPixLoss reconstruct per-patch normalized targets (MAE's norm_pix_loss)
 * @param mode        GL (reconstruction), CL (contrastive), HL (both: CREMA)
 * @param lambda      weight of the contrastive term in HL
 * @param temperature NT-Xent temperature
 * @param projectionDim output width of the contrastive projection head
 * @param pooling     CLS token or mean of patch tokens as the representation
 */
public record CremaConfig(int leads, int samples, int patch, int width, int depth, int heads, int decoderWidth,
                          int decoderDepth, int decoderHeads, float mlpRatio, float maskRatio, boolean normPixLoss,
                          Mode mode, float lambda, float temperature, int projectionDim, Pooling pooling) {

    /** The paper's three learning modes. */
    public enum Mode { GL, CL, HL }

    /** How a sequence of tokens becomes one vector. */
    public enum Pooling { CLS, MEAN }

    public CremaConfig {
        if (samples % patch != 0) {
            throw new IllegalArgumentException("CREMA config: samples " + samples + " is not a multiple of patch " + patch);
        }
        if (width % heads != 0 || decoderWidth % decoderHeads != 0) {
            throw new IllegalArgumentException("CREMA config: widths must be divisible by their heads (" + width + "/"
                    + heads + ", " + decoderWidth + "/" + decoderHeads + ")");
        }
        if (!(maskRatio >= 0f && maskRatio < 1f)) {
            throw new IllegalArgumentException("CREMA config: maskRatio " + maskRatio + " outside [0, 1)");
        }
    }

    /** Tokens per ECG. */
    public int tokens() {
        return samples / patch;
    }

    /** Visible tokens per ECG after masking. */
    public int visibleTokens() {
        return Math.max(1, Math.round(tokens() * (1f - maskRatio)));
    }

    /** The paper's best configuration: width 1024, 2 blocks, patch 125, 10 s at 500 Hz. */
    public static CremaConfig paper() {
        return new CremaConfig(12, 5000, 125, 1024, 2, 16, 256, 2, 8, 4f, 0.75f, false, Mode.HL, 1f, 0.1f, 256,
                Pooling.CLS);
    }

    /** The benchmark's crema-s: width 256, 8 heads, 2 blocks, decoder 256 x 2. */
    public static CremaConfig small() {
        return new CremaConfig(12, 5000, 125, 256, 2, 8, 256, 2, 8, 4f, 0.75f, false, Mode.HL, 1f, 0.1f, 128,
                Pooling.CLS);
    }

    /** The demo's CPU preset: 10 s at 250 Hz (20 tokens of 0.5 s), width 128, 2 blocks. */
    public static CremaConfig cpu() {
        return new CremaConfig(12, 2500, 125, 128, 2, 4, 64, 1, 4, 4f, 0.75f, false, Mode.HL, 1f, 0.1f, 64,
                Pooling.CLS);
    }

    public CremaConfig withMode(Mode m) {
        return new CremaConfig(leads, samples, patch, width, depth, heads, decoderWidth, decoderDepth, decoderHeads,
                mlpRatio, maskRatio, normPixLoss, m, lambda, temperature, projectionDim, pooling);
    }
}
