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
 * CG-DMER's ECG encoder. Each lead is cut into patches of P samples; a token's embedding is
 * {@code W * patch + spatial (lead) embedding + temporal embedding} with one W shared by all leads. A CLS token
 * and, optionally, one separator token per lead (separator + that lead's embedding) go in front; only the
 * visible tokens of a masking are encoded, by a pre-LN transformer. In lead-agnostic mode (the ablation) a token
 * is a window over all leads, as in CREMA, with a temporal embedding only.
 *
 * <p>State: {@code patch_embed.weight/bias} ([width, valuesPerToken]), {@code pos_embed.lead},
 * {@code pos_embed.temporal.weight}, {@code cls_token}, {@code sep_token} (with separators),
 * {@code transformer.blocks.i.*}, {@code transformer.norm.*}.
 */
public final class SpatialTemporalEncoder extends Module {
    private final CgDmerConfig.Ecg c;
    private final EcgTokens tokens;
    private final Linear patchEmbed;
    private final LeadTimeEmbedding posEmbed;
    private final Variable clsToken;
    private final Variable sepToken;
    private final TransformerEncoder transformer;

    public SpatialTemporalEncoder(CgDmerConfig.Ecg c, Rng rng) {
        this.c = c;
        this.tokens = new EcgTokens(c);
        this.patchEmbed = module("patch_embed", new Linear(c.valuesPerToken(), c.width(), true, rng));
        this.posEmbed = module("pos_embed", new LeadTimeEmbedding(c, c.width(), rng));
        this.clsToken = param("cls_token", Init.truncatedNormal(rng, 0.02f, 1, 1, c.width()));
        this.sepToken = c.separators() ? param("sep_token", Init.truncatedNormal(rng, 0.02f, 1, 1, c.width())) : null;
        this.transformer = module("transformer", new TransformerEncoder(new TransformerEncoder.Config(c.depth(),
                c.width(), c.heads(), c.mlpRatio(), true, 0f, 0f, 1e-6f), rng));
    }

    /** Every patch token with its lead and temporal embedding, before masking: [B, tokens, width]. */
    public Variable embedPatches(Tensor ecg) {
        return patchEmbed.forward(Variable.constant(tokens.patchify(ecg))).add(posEmbed.table());
    }

    /**
     * Encodes the visible tokens (keepIndex [B, K] of token positions, or null for all) behind the prefix
     * (CLS, then the separators): [B, prefixTokens + K, width].
     */
    public Variable encode(Tensor ecg, Tensor keepIndex) {
        Variable x = embedPatches(ecg);
        int b = x.shape(0);
        if (keepIndex != null) {
            Tensor index = keepIndex.unsqueeze(2).expand(b, keepIndex.shape(1), c.width()).contiguous();
            x = x.gather(1, index);
        }
        Variable cls = clsToken.expand(b, 1, c.width());
        Variable seq = sepToken == null ? Functional.cat(1, cls, x)
                : Functional.cat(1, cls, sepToken.add(posEmbed.leads()).expand(b, c.leads(), c.width()), x);
        return transformer.forward(seq, null);
    }

    /** One vector per ECG: the CLS token, or the mean of the patch tokens (separators excluded). */
    public Variable pool(Variable latent) {
        if (c.pooling() == CgDmerConfig.Pooling.CLS) {
            return latent.select(1, 0);
        }
        int prefix = c.prefixTokens();
        return latent.narrow(1, prefix, latent.shape(1) - prefix).mean(1, false);
    }

    public EcgTokens tokens() {
        return tokens;
    }

    public CgDmerConfig.Ecg config() {
        return c;
    }
}
