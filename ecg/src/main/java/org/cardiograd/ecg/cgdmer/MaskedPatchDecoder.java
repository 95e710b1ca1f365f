package org.cardiograd.ecg.cgdmer;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Init;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.layers.Linear;
import org.cardiograd.nn.layers.TransformerEncoder;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * The lighter decoder of spatial-temporal masked ECG modeling: projects the encoder's tokens to its own width,
 * puts a learned mask token in every hidden place, restores the grid order, adds its own lead + temporal
 * embedding (the encoder's scheme) to the patch tokens, runs a few transformer blocks and predicts the raw
 * samples of every token. The prefix (CLS, separators) passes through as context.
 *
 * <p>State: {@code decoder_embed.*}, {@code mask_token}, {@code decoder_pos_embed.lead},
 * {@code decoder_pos_embed.temporal.weight}, {@code transformer.*}, {@code decoder_pred.*}.
 */
public final class MaskedPatchDecoder extends Module {
    private final CgDmerConfig.Ecg c;
    private final Linear embed;
    private final Variable maskToken;
    private final LeadTimeEmbedding posEmbed;
    private final TransformerEncoder transformer;
    private final Linear pred;

    public MaskedPatchDecoder(CgDmerConfig.Ecg c, Rng rng) {
        this.c = c;
        int d = c.decoderWidth();
        this.embed = module("decoder_embed", new Linear(c.width(), d, true, rng));
        this.maskToken = param("mask_token", Init.truncatedNormal(rng, 0.02f, 1, 1, d));
        this.posEmbed = module("decoder_pos_embed", new LeadTimeEmbedding(c, d, rng));
        this.transformer = module("transformer", new TransformerEncoder(new TransformerEncoder.Config(
                c.decoderDepth(), d, c.decoderHeads(), c.mlpRatio(), true, 0f, 0f, 1e-6f), rng));
        this.pred = module("decoder_pred", new Linear(d, c.valuesPerToken(), true, rng));
    }

    /**
     * latent [B, prefix + K, width] from the encoder; restoreIndex [B, tokens] maps each grid position to its
     * place in the (visible, then hidden) order. Returns predictions [B, tokens, valuesPerToken].
     */
    public Variable forward(Variable latent, Tensor restoreIndex) {
        Variable x = embed.forward(latent);
        int b = x.shape(0);
        int prefix = c.prefixTokens();
        int visible = x.shape(1) - prefix;
        int n = c.tokens();
        int d = c.decoderWidth();
        Variable shuffled = Functional.cat(1, x.narrow(1, prefix, visible), maskToken.expand(b, n - visible, d));
        Tensor index = restoreIndex.unsqueeze(2).expand(b, n, d).contiguous();
        Variable grid = shuffled.gather(1, index).add(posEmbed.table());
        Variable h = transformer.forward(Functional.cat(1, x.narrow(1, 0, prefix), grid), null);
        return pred.forward(h.narrow(1, prefix, n));
    }
}
