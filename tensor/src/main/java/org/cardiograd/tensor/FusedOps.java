package org.cardiograd.tensor;

import java.util.Arrays;

/**
 * The fused kernels that carry a training step's time, with shape checks. Autograd's Functions and nn's
 * optimizers call these; each has a backward counterpart next to it.
 */
public final class FusedOps {
    private FusedOps() {}

    /** x W (+ bias) then the epilogue, W given as [in, out]; x is [..., in]. */
    public static Tensor matmul(Tensor x, Tensor w, Tensor bias, Epilogue epilogue) {
        return Linalg.matmul(x, w, bias, epilogue);
    }

    /**
     * out += op(a) x op(b) for rank-2 or equally batched rank-3 operands: the weight-gradient product
     * dW += X^T dY accumulates without a temporary and without materializing a transpose.
     */
    public static void matmulAccumulate(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out) {
        a.sameBackend("matmulAccumulate", b);
        a.sameBackend("matmulAccumulate", out);
        if (!out.isContiguous()) {
            throw new IllegalArgumentException("matmulAccumulate: out must be dense, shape " + Shapes.str(out.shape()));
        }
        Tensor a3 = a.rank() == 2 ? a.unsqueeze(0) : a;
        Tensor b3 = b.rank() == 2 ? b.unsqueeze(0) : b;
        Tensor o3 = out.rank() == 2 ? out.unsqueeze(0) : out;
        if (a3.rank() != 3 || b3.rank() != 3 || o3.rank() != 3) {
            throw new IllegalArgumentException("matmulAccumulate: expects rank 2 or 3, got " + Shapes.str(a.shape())
                    + ", " + Shapes.str(b.shape()) + ", " + Shapes.str(out.shape()));
        }
        int m = transA ? a3.shape(2) : a3.shape(1);
        int k = transA ? a3.shape(1) : a3.shape(2);
        int kb = transB ? b3.shape(2) : b3.shape(1);
        int n = transB ? b3.shape(1) : b3.shape(2);
        int batch = o3.shape(0);
        if (k != kb || o3.shape(1) != m || o3.shape(2) != n || (a3.shape(0) != batch && a3.shape(0) != 1)
                || (b3.shape(0) != batch && b3.shape(0) != 1)) {
            throw new IllegalArgumentException("matmulAccumulate: " + Shapes.str(a.shape()) + (transA ? "^T" : "")
                    + " x " + Shapes.str(b.shape()) + (transB ? "^T" : "") + " does not give " + Shapes.str(out.shape()));
        }
        Linalg.Operand opA = Linalg.operand(transA ? a3.mT() : a3, new int[] {batch}, m, k);
        Linalg.Operand opB = Linalg.operand(transB ? b3.mT() : b3, new int[] {batch}, k, n);
        a.backend().matmul(opA.t(), opA.transposed(), opB.t(), opB.transposed(), o3, null, Epilogue.NONE, true);
        bump(out);
    }

    /** Backward of softmax / log-softmax along the last axis, given the forward output y. */
    public static Tensor softmaxBackward(Tensor y, Tensor dy, int axis, boolean log) {
        checkSame("softmaxBackward", y, dy);
        int a = Shapes.axis("softmaxBackward", axis, y.rank());
        Tensor ym = (a == y.rank() - 1 ? y : y.transpose(a, -1)).contiguous();
        Tensor dym = (a == y.rank() - 1 ? dy : dy.transpose(a, -1)).contiguous();
        int n = ym.shape(-1);
        int rows = Shapes.toIntExact("softmaxBackward", ym.numel() / Math.max(1, n));
        Tensor dx = Tensor.zeros(y.backend(), ym.shape());
        y.backend().softmaxBackward(ym.reshape(rows, n), dym.reshape(rows, n), dx.reshape(rows, n), log);
        return a == y.rank() - 1 ? dx : dx.transpose(a, -1);
    }

    /** Layer norm over the last axis, with the statistics that backward needs. */
    public record LayerNormResult(Tensor out, Tensor mean, Tensor rstd) {}

    public static LayerNormResult layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        int n = x.shape(-1);
        checkVector("layerNorm gamma", gamma, n, x);
        checkVector("layerNorm beta", beta, n, x);
        int rows = Shapes.toIntExact("layerNorm", x.numel() / Math.max(1, n));
        Tensor xc = x.contiguous();
        Tensor out = Tensor.zeros(x.backend(), x.shape());
        int[] statShape = Arrays.copyOf(x.shape(), x.rank() - 1);
        Tensor mean = Tensor.zeros(x.backend(), statShape);
        Tensor rstd = Tensor.zeros(x.backend(), statShape);
        x.backend().layerNorm(xc.reshape(rows, n), dense(gamma), dense(beta), eps, out.reshape(rows, n),
                mean.reshape(rows), rstd.reshape(rows));
        return new LayerNormResult(out, mean, rstd);
    }

    /** Gradients of layer norm; dGamma and dBeta are null when gamma is. */
    public record LayerNormGrads(Tensor dx, Tensor dGamma, Tensor dBeta) {}

    public static LayerNormGrads layerNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor gamma) {
        checkSame("layerNormBackward", x, dy);
        int n = x.shape(-1);
        int rows = Shapes.toIntExact("layerNormBackward", x.numel() / Math.max(1, n));
        checkVector("layerNormBackward gamma", gamma, n, x);
        Tensor dx = Tensor.zeros(x.backend(), x.shape());
        Tensor dGamma = gamma == null ? null : Tensor.zeros(x.backend(), n);
        Tensor dBeta = gamma == null ? null : Tensor.zeros(x.backend(), n);
        x.backend().layerNormBackward(dy.contiguous().reshape(rows, n), x.contiguous().reshape(rows, n),
                mean.contiguous().reshape(rows), rstd.contiguous().reshape(rows), dense(gamma), dx.reshape(rows, n),
                dGamma, dBeta);
        return new LayerNormGrads(dx, dGamma, dBeta);
    }

    /** Attention output [B, H, Tq, D] and the log-sum-exp [B, H, Tq] that backward needs. */
    public record AttentionResult(Tensor out, Tensor lse) {}

    /**
     * Scaled-dot-product attention over q [B, H, Tq, D], k and v [B, H, Tk, D]. keyMask is null or [B, Tk]
     * (1 attend, 0 padding); bias is null or [Tq, Tk] added to the scores; scale is usually 1/sqrt(D).
     */
    public static AttentionResult attention(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias,
                                            float scale, boolean causal) {
        int[] dims = checkAttention(q, k, v, keyMask, bias);
        int b = dims[0], h = dims[1], tq = dims[2], tk = dims[3], d = dims[4];
        Tensor out = Tensor.zeros(q.backend(), b, h, tq, d);
        Tensor lse = Tensor.zeros(q.backend(), b, h, tq);
        q.backend().attention(flat(q, b * h, tq, d), flat(k, b * h, tk, d), flat(v, b * h, tk, d), dense(keyMask),
                dense(bias), h, scale, causal, out.reshape(b * h, tq, d), lse.reshape(b * h, tq));
        return new AttentionResult(out, lse);
    }

    public record AttentionGrads(Tensor dq, Tensor dk, Tensor dv) {}

    public static AttentionGrads attentionBackward(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias,
                                                   float scale, boolean causal, Tensor out, Tensor lse,
                                                   Tensor dOut) {
        int[] dims = checkAttention(q, k, v, keyMask, bias);
        int b = dims[0], h = dims[1], tq = dims[2], tk = dims[3], d = dims[4];
        checkSame("attentionBackward", out, dOut);
        Tensor dq = Tensor.zeros(q.backend(), q.shape());
        Tensor dk = Tensor.zeros(q.backend(), k.shape());
        Tensor dv = Tensor.zeros(q.backend(), v.shape());
        q.backend().attentionBackward(flat(q, b * h, tq, d), flat(k, b * h, tk, d), flat(v, b * h, tk, d),
                dense(keyMask), dense(bias), h, scale, causal, flat(out, b * h, tq, d),
                lse.contiguous().reshape(b * h, tq), flat(dOut, b * h, tq, d), dq.reshape(b * h, tq, d),
                dk.reshape(b * h, tk, d), dv.reshape(b * h, tk, d));
        return new AttentionGrads(dq, dk, dv);
    }

    /** One AdamW step in place (see {@link Backend#adamw}); step counts from 1. */
    public static void adamw(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                             float eps, float weightDecay, long step) {
        for (Tensor t : new Tensor[] {grad, m, v}) {
            checkSame("adamw", param, t);
        }
        for (Tensor t : new Tensor[] {param, m, v}) {
            if (!t.isContiguous()) {
                throw new IllegalArgumentException("adamw: parameter and state must be dense, shape "
                        + Shapes.str(t.shape()));
            }
        }
        if (step < 1) {
            throw new IllegalArgumentException("adamw: step counts from 1, got " + step);
        }
        param.backend().adamw(param, grad.contiguous(), m, v, lr, beta1, beta2, eps, weightDecay, step);
        bump(param);
        bump(m);
        bump(v);
    }

    // ---- helpers ----

    private static void bump(Tensor t) {
        t.storage().bumpVersion();
    }

    private static Tensor dense(Tensor t) {
        return t == null ? null : t.contiguous();
    }

    private static Tensor flat(Tensor t, int bh, int rows, int d) {
        return t.contiguous().reshape(bh, rows, d);
    }

    private static void checkSame(String op, Tensor a, Tensor b) {
        a.sameBackend(op, b);
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(op + ": shapes " + Shapes.str(a.shape()) + " and "
                    + Shapes.str(b.shape()) + " differ");
        }
    }

    private static void checkVector(String op, Tensor t, int n, Tensor x) {
        if (t == null) {
            return;
        }
        x.sameBackend(op, t);
        if (t.rank() != 1 || t.shape(0) != n) {
            throw new IllegalArgumentException(op + ": shape " + Shapes.str(t.shape()) + ", expected [" + n
                    + "] for input " + Shapes.str(x.shape()));
        }
    }

    private static int[] checkAttention(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias) {
        if (q.rank() != 4 || k.rank() != 4 || v.rank() != 4) {
            throw new IllegalArgumentException("attention: q, k, v must be [B, H, T, D], got " + Shapes.str(q.shape())
                    + ", " + Shapes.str(k.shape()) + ", " + Shapes.str(v.shape()));
        }
        int b = q.shape(0), h = q.shape(1), tq = q.shape(2), d = q.shape(3);
        int tk = k.shape(2);
        if (!k.sameShape(v) || k.shape(0) != b || k.shape(1) != h || k.shape(3) != d) {
            throw new IllegalArgumentException("attention: k " + Shapes.str(k.shape()) + " and v "
                    + Shapes.str(v.shape()) + " must be [" + b + ", " + h + ", Tk, " + d + "] for q "
                    + Shapes.str(q.shape()));
        }
        q.sameBackend("attention", k);
        q.sameBackend("attention", v);
        if (keyMask != null) {
            q.sameBackend("attention keyMask", keyMask);
            if (keyMask.rank() != 2 || keyMask.shape(0) != b || keyMask.shape(1) != tk) {
                throw new IllegalArgumentException("attention: keyMask shape " + Shapes.str(keyMask.shape())
                        + ", expected [" + b + ", " + tk + "]");
            }
        }
        if (bias != null) {
            q.sameBackend("attention bias", bias);
            if (bias.rank() != 2 || bias.shape(0) != tq || bias.shape(1) != tk) {
                throw new IllegalArgumentException("attention: bias shape " + Shapes.str(bias.shape())
                        + ", expected [" + tq + ", " + tk + "]");
            }
        }
        return new int[] {b, h, tq, tk, d};
    }
}
