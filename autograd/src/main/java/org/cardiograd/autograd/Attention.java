package org.cardiograd.autograd;

import org.cardiograd.tensor.FusedOps;
import org.cardiograd.tensor.Tensor;

/**
 * Fused scaled-dot-product attention softmax(q k^T * scale + bias + mask) v over [B, H, T, D]. The CPU kernel
 * is flash-style: forward keeps out and the per-row log-sum-exp, never the [Tq, Tk] probabilities, so memory
 * is O(T) per row; backward recomputes the probabilities tile by tile.
 */
final class Attention extends Function {
    private Tensor q;
    private Tensor k;
    private Tensor v;
    private Tensor out;
    private Tensor lse;
    private Tensor keyMask;
    private Tensor bias;
    private float scale;
    private boolean causal;

    static Variable apply(Variable q, Variable k, Variable v, Tensor keyMask, Tensor bias, float scale,
                          boolean causal) {
        Attention fn = new Attention();
        FusedOps.AttentionResult r = FusedOps.attention(q.value(), k.value(), v.value(), keyMask, bias, scale,
                causal);
        if (needsGrad(q, k, v)) {
            fn.q = fn.save(q.value());
            fn.k = fn.save(k.value());
            fn.v = fn.save(v.value());
            fn.out = r.out();
            fn.lse = r.lse();
            fn.keyMask = keyMask;
            fn.bias = bias;
            fn.scale = scale;
            fn.causal = causal;
        }
        return record(fn, r.out(), q, k, v);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        FusedOps.AttentionGrads grads = FusedOps.attentionBackward(q, k, v, keyMask, bias, scale, causal, out, lse, g);
        return new Tensor[] {grads.dq(), grads.dk(), grads.dv()};
    }
}
