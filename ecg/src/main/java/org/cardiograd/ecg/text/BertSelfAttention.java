package org.cardiograd.ecg.text;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.layers.Linear;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * BERT's multi-head self-attention with separate "query", "key" and "value" projections (HuggingFace's
 * BertSelfAttention), on the fused flash-style attention: softmax(q k^T / sqrt(d), padding keys excluded) v.
 * HuggingFace adds a large negative number to padding keys' scores; excluding them gives the same
 * probabilities (exp of that number is 0 in float32).
 */
final class BertSelfAttention extends Module {
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final int heads;

    BertSelfAttention(BertConfig c, Rng rng) {
        this.query = module("query", BertInit.linear(c.hidden(), c.hidden(), rng));
        this.key = module("key", BertInit.linear(c.hidden(), c.hidden(), rng));
        this.value = module("value", BertInit.linear(c.hidden(), c.hidden(), rng));
        this.heads = c.heads();
    }

    /** x [B, T, H], keyMask [B, T] (1 = token) or null: [B, T, H]. */
    Variable forward(Variable x, Tensor keyMask) {
        int b = x.shape(0);
        int t = x.shape(1);
        int h = x.shape(2);
        int d = h / heads;
        Variable out = Functional.attention(splitHeads(query.forward(x), d), splitHeads(key.forward(x), d),
                splitHeads(value.forward(x), d), keyMask, null, (float) (1.0 / Math.sqrt(d)), false);
        return out.transpose(1, 2).reshape(b, t, h);
    }

    /** [B, T, H] to [B, heads, T, d]. */
    private Variable splitHeads(Variable x, int d) {
        return x.reshape(x.shape(0), x.shape(1), heads, d).transpose(1, 2);
    }
}
