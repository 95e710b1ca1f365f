package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * Multi-head cross-attention: queries from x [B, Tq, C], keys and values from context [B, Tk, Cc] ("q", "kv",
 * "proj"). An optional key-padding mask [B, Tk] has 1 for real context tokens.
 */
public final class CrossAttention extends Module {
    private final Linear q;
    private final Linear kv;
    private final Linear proj;
    private final int heads;

    public CrossAttention(int dim, int contextDim, int heads, Rng rng) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("CrossAttention: width " + dim + " not divisible by " + heads
                    + " heads");
        }
        this.heads = heads;
        this.q = module("q", new Linear(dim, dim, true, rng));
        this.kv = module("kv", new Linear(contextDim, 2 * dim, true, rng));
        this.proj = module("proj", new Linear(dim, dim, true, rng));
    }

    public Variable forward(Variable x, Variable context, Tensor keyPaddingMask) {
        int b = x.shape(0);
        int tq = x.shape(1);
        int c = x.shape(2);
        int tk = context.shape(1);
        int d = c / heads;
        Variable queries = q.forward(x).reshape(b, tq, heads, d).transpose(1, 2);
        Variable keysValues = kv.forward(context).reshape(b, tk, 2, heads, d).permute(2, 0, 3, 1, 4);
        Variable attended = Functional.attention(queries, keysValues.select(0, 0), keysValues.select(0, 1),
                keyPaddingMask, null, (float) (1.0 / Math.sqrt(d)), false);
        return proj.forward(attended.transpose(1, 2).reshape(b, tq, c));
    }
}
