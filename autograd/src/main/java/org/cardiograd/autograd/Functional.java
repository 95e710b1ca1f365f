package org.cardiograd.autograd;

import org.cardiograd.tensor.Tensor;

/** The differentiable ops that take several variables or extra tensors, as static functions. */
public final class Functional {
    private Functional() {}

    /** x W^T + b with W [out, in] (PyTorch's layout); bias may be null. */
    public static Variable linear(Variable x, Variable weight, Variable bias) {
        return Linear.apply(x, weight, bias);
    }

    /** GELU(x W^T + b) (exact, erf); fused into the GEMM when no gradient is needed (see {@link Linear}). */
    public static Variable linearGelu(Variable x, Variable weight, Variable bias) {
        return Linear.applyGelu(x, weight, bias);
    }

    /** Layer norm over the last axis; gamma and beta may both be null. */
    public static Variable layerNorm(Variable x, Variable gamma, Variable beta, float eps) {
        return LayerNorm.apply(x, gamma, beta, eps);
    }

    /**
     * Fused scaled-dot-product attention over q [B, H, Tq, D], k and v [B, H, Tk, D]. keyMask is null or
     * [B, Tk] with 1 = attend, 0 = padding; bias is null or [Tq, Tk] added to the scores.
     */
    public static Variable attention(Variable q, Variable k, Variable v, Tensor keyMask, Tensor bias, float scale,
                                     boolean causal) {
        return Attention.apply(q, k, v, keyMask, bias, scale, causal);
    }

    /** Concatenation along an existing axis. */
    public static Variable cat(int axis, Variable... parts) {
        return Joining.Cat.apply(axis, parts);
    }

    /** Stacks equal-shaped variables along a new axis. */
    public static Variable stack(int axis, Variable... parts) {
        Variable[] expanded = new Variable[parts.length];
        for (int i = 0; i < parts.length; i++) {
            expanded[i] = parts[i].unsqueeze(axis);
        }
        return cat(axis, expanded);
    }

    /** cond != 0 ? a : b, broadcast together. */
    public static Variable where(Tensor cond, Variable a, Variable b) {
        return Selection.Where.apply(cond, a, b);
    }

    /** im2col for 1-d convolution: [B, C, L] to [B, C, Lout, kernel] (see {@link Unfold}). */
    public static Variable unfold1d(Variable x, int kernel, int stride, int dilation) {
        return Unfold.apply(x, kernel, stride, dilation);
    }

    /** x with src scatter-added at index along axis (torch.scatter_add, out of place). */
    public static Variable scatterAdd(Variable x, int axis, Tensor index, Variable src) {
        return Selection.ScatterAdd.apply(x, axis, index, src);
    }
}
