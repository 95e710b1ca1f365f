package org.cardiograd.ecg.crema;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Init;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.layers.Conv1d;
import org.cardiograd.nn.layers.TransformerEncoder;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * CREMA's Signal Transformer (SiT): a 1-d convolution over all 12 leads with kernel = stride = patch turns
 * the ECG [B, 12, N] into N/patch tokens, a CLS token is prepended, a learned position embedding is added, and
 * a pre-LN transformer encoder mixes them.
 */
public final class SignalTransformer extends Module {
    private final CremaConfig config;
    private final Conv1d patchEmbed;
    private final Variable clsToken;
    private final Variable posEmbed;
    private final TransformerEncoder encoder;

    public SignalTransformer(CremaConfig c, Rng rng) {
        this.config = c;
        this.patchEmbed = module("patch_embed", Conv1d.patchEmbedding(c.leads(), c.width(), c.patch(), rng));
        this.clsToken = param("cls_token", Init.truncatedNormal(rng, 0.02f, 1, 1, c.width()));
        this.posEmbed = param("pos_embed", Init.truncatedNormal(rng, 0.02f, 1, c.tokens() + 1, c.width()));
        this.encoder = module("transformer", new TransformerEncoder(new TransformerEncoder.Config(c.depth(), c.width(),
                c.heads(), c.mlpRatio(), true, 0f, 0f, 1e-6f), rng));
    }

    /** Patch tokens with their position embedding, before masking: [B, L, width]. */
    public Variable embedPatches(Variable ecg) {
        Variable tokens = patchEmbed.forwardTokens(ecg);
        return tokens.add(posEmbed.narrow(1, 1, config.tokens()));
    }

    /**
     * Encodes the kept tokens (keepIndex [B, K] of token positions, or null for all) with the CLS token in front:
     * [B, 1 + K, width].
     */
    public Variable encode(Variable ecg, Tensor keepIndex) {
        Variable tokens = embedPatches(ecg);
        int b = tokens.shape(0);
        if (keepIndex != null) {
            Tensor index = keepIndex.unsqueeze(2).expand(b, keepIndex.shape(1), config.width()).contiguous();
            tokens = tokens.gather(1, index);
        }
        Variable cls = clsToken.add(posEmbed.narrow(1, 0, 1)).expand(b, 1, config.width());
        return encoder.forward(Functional.cat(1, cls, tokens), null);
    }

    /** One vector per ECG from the unmasked encoder: the CLS token or the mean of the patch tokens. */
    public Variable represent(Variable ecg) {
        Variable latent = encode(ecg, null);
        return pool(latent);
    }

    public Variable pool(Variable latent) {
        if (config.pooling() == CremaConfig.Pooling.CLS) {
            return latent.select(1, 0);
        }
        return latent.narrow(1, 1, latent.shape(1) - 1).mean(1, false);
    }

    public CremaConfig config() {
        return config;
    }
}
