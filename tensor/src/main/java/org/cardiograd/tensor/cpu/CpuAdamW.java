package org.cardiograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.cardiograd.tensor.Tensor;

/**
 * One fused AdamW step over dense param, grad, m, v, computed the way PyTorch's AdamW does it:
 * p = p (1 - lr wd); m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * p -= (lr / (1-b1^t)) m / (sqrt(v) / sqrt(1-b2^t) + eps). One pass, vectorized, parallel for large tensors.
 */
final class CpuAdamW {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int GRAIN = 1 << 15;

    private CpuAdamW() {}

    /** The per-step constants, precomputed in double. */
    private record Coefficients(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float decay,
                                float stepSize, float invSqrtBc2, float eps) {}

    static void step(Parallel parallel, Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1,
                     float beta2, float eps, float weightDecay, long step) {
        double bc1 = 1.0 - Math.pow(beta1, step);
        double bc2 = 1.0 - Math.pow(beta2, step);
        Coefficients c = new Coefficients(beta1, (float) (1.0 - beta1), beta2, (float) (1.0 - beta2),
                (float) (1.0 - (double) lr * weightDecay), (float) (lr / bc1), (float) (1.0 / Math.sqrt(bc2)), eps);
        float[] pa = HostStorage.array(param);
        float[] ga = HostStorage.array(grad);
        float[] ma = HostStorage.array(m);
        float[] va = HostStorage.array(v);
        int po = (int) param.offset();
        int go = (int) grad.offset();
        int mo = (int) m.offset();
        int vo = (int) v.offset();
        int n = Math.toIntExact(param.numel());
        parallel.forRange(n, GRAIN, (from, to) -> update(c, pa, po + from, ga, go + from, ma, mo + from, va,
                vo + from, to - from));
    }

    private static void update(Coefficients c, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v,
                               int vo, int n) {
        FloatVector b1 = FloatVector.broadcast(S, c.beta1);
        FloatVector a1 = FloatVector.broadcast(S, c.oneMinusBeta1);
        FloatVector b2 = FloatVector.broadcast(S, c.beta2);
        FloatVector a2 = FloatVector.broadcast(S, c.oneMinusBeta2);
        FloatVector decay = FloatVector.broadcast(S, c.decay);
        FloatVector stepSize = FloatVector.broadcast(S, c.stepSize);
        FloatVector invSqrtBc2 = FloatVector.broadcast(S, c.invSqrtBc2);
        FloatVector eps = FloatVector.broadcast(S, c.eps);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector mv = FloatVector.fromArray(S, m, mo + i).mul(b1).add(gv.mul(a1));
            FloatVector vv = FloatVector.fromArray(S, v, vo + i).mul(b2).add(gv.mul(gv).mul(a2));
            FloatVector denom = vv.lanewise(VectorOperators.SQRT).mul(invSqrtBc2).add(eps);
            FloatVector pv = FloatVector.fromArray(S, p, po + i).mul(decay);
            pv.sub(stepSize.mul(mv).div(denom)).intoArray(p, po + i);
            mv.intoArray(m, mo + i);
            vv.intoArray(v, vo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i];
            float mi = m[mo + i] * c.beta1 + gi * c.oneMinusBeta1;
            float vi = v[vo + i] * c.beta2 + gi * gi * c.oneMinusBeta2;
            float denom = (float) Math.sqrt(vi) * c.invSqrtBc2 + c.eps;
            p[po + i] = p[po + i] * c.decay - c.stepSize * mi / denom;
            m[mo + i] = mi;
            v[vo + i] = vi;
        }
    }
}
