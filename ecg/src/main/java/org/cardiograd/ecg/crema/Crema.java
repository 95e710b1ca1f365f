package org.cardiograd.ecg.crema;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.layers.ProjectionHead;
import org.cardiograd.nn.loss.LossParts;
import org.cardiograd.nn.loss.Losses;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * CREMA (arXiv 2407.07110): a Signal Transformer pretrained as a masked autoencoder and regularized by a
 * contrastive loss. For a batch of ECGs the objective is
 * <pre>
 *   L = L_rec + lambda * L_con
 *   L_rec = MSE on the masked patches of each view (MAE), averaged over the views
 *   L_con = NT-Xent between the projected CLS representations of two augmented, independently masked views
 * </pre>
 * GL mode keeps only L_rec (one view), CL mode only L_con (no decoder), HL mode both.
 */
public final class Crema extends Module {
    private final CremaConfig config;
    private final SignalTransformer encoder;
    private final MaeDecoder decoder;
    private final ProjectionHead projection;

    /**
     * The loss and its parts for logging: {@link #parts()} = [total, reconstruction, contrastive] on the device
     * (0 for a part the mode leaves out), read with one transfer by the first accessor of a value.
     */
    public static final class Loss extends LossParts {
        Loss(Variable total, Variable reconstruction, Variable contrastive) {
            super(total, reconstruction, contrastive);
        }

        public float reconstruction() {
            return value(1);
        }

        public float contrastive() {
            return value(2);
        }
    }

    public Crema(CremaConfig c, Rng rng) {
        this.config = c;
        this.encoder = module("encoder", new SignalTransformer(c, rng));
        this.decoder = c.mode() == CremaConfig.Mode.CL ? null : module("decoder", new MaeDecoder(c, rng));
        this.projection = c.mode() == CremaConfig.Mode.GL ? null
                : module("projection", new ProjectionHead(c.width(), c.width(), c.projectionDim(),
                        ProjectionHead.Kind.BATCHNORM_RELU, rng));
    }

    /**
     * One pretraining objective. view1 and view2 are [B, leads, samples] (two augmentations of the same ECGs;
     * view2 is ignored in GL mode); groups is null or [B] patient ids for patient-level positives.
     */
    public Loss loss(Tensor view1, Tensor view2, Tensor groups, Rng maskRng) {
        int b = view1.shape(0);
        TokenMasking m1 = TokenMasking.random(view1.backend(), maskRng, b, config.tokens(), config.visibleTokens());
        TokenMasking m2 = config.mode() == CremaConfig.Mode.GL ? null
                : TokenMasking.random(view1.backend(), maskRng, b, config.tokens(), config.visibleTokens());
        return loss(view1, view2, groups, m1, m2);
    }

    /** The objective with given maskings (independent per view): used to match a reference step exactly. */
    public Loss loss(Tensor view1, Tensor view2, Tensor groups, TokenMasking mask1, TokenMasking mask2) {
        Forward a = forward(view1, mask1);
        if (config.mode() == CremaConfig.Mode.GL) {
            return new Loss(a.reconstruction, a.reconstruction, null);
        }
        Forward b = forward(view2, mask2);
        Variable contrastive = Losses.ntXent(projection.forward(encoder.pool(a.latent)),
                projection.forward(encoder.pool(b.latent)), config.temperature(), groups);
        if (config.mode() == CremaConfig.Mode.CL) {
            return new Loss(contrastive, null, contrastive);
        }
        Variable reconstruction = a.reconstruction.add(b.reconstruction).mul(0.5f);
        Variable total = reconstruction.add(contrastive.mul(config.lambda()));
        return new Loss(total, reconstruction, contrastive);
    }

    /** Encoder latent of the visible tokens and, unless in CL mode, the reconstruction loss. */
    private record Forward(Variable latent, Variable reconstruction, Variable prediction, TokenMasking masking) {}

    private Forward forward(Tensor ecg, TokenMasking m) {
        Variable latent = encoder.encode(Variable.constant(ecg), m.keepIndex());
        if (decoder == null) {
            return new Forward(latent, null, null, m);
        }
        Variable prediction = decoder.forward(latent, m.restoreIndex());
        Variable target = Variable.constant(patchify(ecg));
        Variable rec = Losses.maskedMse(prediction, target, m.mask(), config.normPixLoss());
        return new Forward(latent, rec, prediction, m);
    }

    /**
     * Reconstruction of one batch for pictures: the masking used, and the predicted signal [B, leads, samples]
     * (visible patches keep the prediction too; the figure shades the hidden ones).
     */
    public record Reconstruction(TokenMasking masking, Tensor predicted) {}

    public Reconstruction reconstruct(Tensor ecg, Rng maskRng) {
        if (decoder == null) {
            throw new IllegalStateException("reconstruct: a CL-mode model has no decoder");
        }
        TokenMasking m = TokenMasking.random(ecg.backend(), maskRng, ecg.shape(0), config.tokens(),
                config.visibleTokens());
        Forward f = forward(ecg, m);
        return new Reconstruction(f.masking, unpatchify(f.prediction.value()));
    }

    /** [B, leads, samples] to [B, tokens, leads * patch]: each token's values, lead by lead. */
    public Tensor patchify(Tensor ecg) {
        int b = ecg.shape(0);
        return ecg.reshape(b, config.leads(), config.tokens(), config.patch()).permute(0, 2, 1, 3)
                .reshape(b, config.tokens(), config.leads() * config.patch());
    }

    /** Inverse of {@link #patchify}. */
    public Tensor unpatchify(Tensor patches) {
        int b = patches.shape(0);
        return patches.reshape(b, config.tokens(), config.leads(), config.patch()).permute(0, 2, 1, 3)
                .reshape(b, config.leads(), config.samples());
    }

    public SignalTransformer encoder() {
        return encoder;
    }

    public CremaConfig config() {
        return config;
    }
}
