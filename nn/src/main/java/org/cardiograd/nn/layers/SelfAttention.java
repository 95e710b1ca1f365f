package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * Multi-head self-attention (timm's names: one "qkv" projection, then "proj"), on the fused flash-style
 * attention Function. x [B, T, C] to [B, T, C]; an optional key-padding mask [B, T] has 1 for real tokens.
 */
public final class SelfAttention extends Module {
    private final Linear qkv;
    private final Linear proj;
    private final Dropout projDrop;
    private final int heads;

    public SelfAttention(int dim, int heads, float dropout, Rng rng) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("SelfAttention: width " + dim + " not divisible by " + heads + " heads");
        }
        this.heads = heads;
        this.qkv = module("qkv", new Linear(dim, 3 * dim, true, rng));
        this.proj = module("proj", new Linear(dim, dim, true, rng));
        this.projDrop = module("proj_drop", new Dropout(dropout, rng.split()));
    }

    public Variable forward(Variable x, Tensor keyPaddingMask) {
        int b = x.shape(0);
        int t = x.shape(1);
        int c = x.shape(2);
        int d = c / heads;
        Variable qkvHeads = qkv.forward(x).reshape(b, t, 3, heads, d).permute(2, 0, 3, 1, 4); // [3, B, H, T, D]
        Variable attended = Functional.attention(qkvHeads.select(0, 0), qkvHeads.select(0, 1),
                qkvHeads.select(0, 2), keyPaddingMask, null, (float) (1.0 / Math.sqrt(d)), false);
        return projDrop.forward(proj.forward(attended.transpose(1, 2).reshape(b, t, c)));
    }
}
