package org.cardiograd.ecg.crema;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Init;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.layers.LayerNorm;
import org.cardiograd.nn.layers.Linear;
import org.cardiograd.nn.layers.TransformerEncoder;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * The MAE decoder: projects the encoder's visible tokens to its own (smaller) width, fills the masked places
 * with a learned mask token, restores the original order, adds its own position embedding, runs a few
 * transformer blocks and predicts the raw 12 x patch values of every token.
 */
public final class MaeDecoder extends Module {
    private final CremaConfig config;
    private final Linear embed;
    private final Variable maskToken;
    private final Variable posEmbed;
    private final TransformerEncoder blocks;
    private final Linear pred;

    public MaeDecoder(CremaConfig c, Rng rng) {
        this.config = c;
        this.embed = module("decoder_embed", new Linear(c.width(), c.decoderWidth(), true, rng));
        this.maskToken = param("mask_token", Init.truncatedNormal(rng, 0.02f, 1, 1, c.decoderWidth()));
        this.posEmbed = param("decoder_pos_embed", Init.truncatedNormal(rng, 0.02f, 1, c.tokens() + 1,
                c.decoderWidth()));
        this.blocks = module("transformer", new TransformerEncoder(new TransformerEncoder.Config(c.decoderDepth(),
                c.decoderWidth(), c.decoderHeads(), c.mlpRatio(), true, 0f, 0f, 1e-6f), rng));
        this.pred = module("decoder_pred", new Linear(c.decoderWidth(), c.leads() * c.patch(), true, rng));
    }

    /**
     * latent [B, 1 + K, width] from the encoder; restoreIndex [B, L] maps each original token position to its
     * place in the (kept, then masked) order. Returns predictions [B, L, leads * patch].
     */
    public Variable forward(Variable latent, Tensor restoreIndex) {
        Variable x = embed.forward(latent);
        int b = x.shape(0);
        int kept = x.shape(1) - 1;
        int tokens = config.tokens();
        int d = config.decoderWidth();
        Variable masked = maskToken.expand(b, tokens - kept, d);
        Variable shuffled = Functional.cat(1, x.narrow(1, 1, kept), masked);
        Tensor index = restoreIndex.unsqueeze(2).expand(b, tokens, d).contiguous();
        Variable ordered = shuffled.gather(1, index);
        Variable withCls = Functional.cat(1, x.narrow(1, 0, 1), ordered).add(posEmbed);
        Variable h = blocks.forward(withCls, null);
        return pred.forward(h.narrow(1, 1, tokens));
    }
}
