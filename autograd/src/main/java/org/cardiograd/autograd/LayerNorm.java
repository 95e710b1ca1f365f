package org.cardiograd.autograd;

import org.cardiograd.tensor.FusedOps;
import org.cardiograd.tensor.Tensor;

/**
 * Layer norm over the last axis. Forward keeps only the input, mean and 1/std per row; backward is one fused
 * kernel giving dx, dGamma and dBeta.
 */
final class LayerNorm extends Function {
    private Tensor x;
    private Tensor gamma;
    private Tensor mean;
    private Tensor rstd;

    static Variable apply(Variable x, Variable gamma, Variable beta, float eps) {
        if ((gamma == null) != (beta == null)) {
            throw new IllegalArgumentException("layerNorm: pass both gamma and beta, or neither");
        }
        LayerNorm fn = new LayerNorm();
        FusedOps.LayerNormResult r = FusedOps.layerNorm(x.value(), gamma == null ? null : gamma.value(),
                beta == null ? null : beta.value(), eps);
        if (needsGrad(x, gamma, beta)) {
            fn.x = fn.save(x.value());
            fn.gamma = gamma == null ? null : fn.save(gamma.value());
            fn.mean = r.mean();
            fn.rstd = r.rstd();
        }
        return gamma == null ? record(fn, r.out(), x) : record(fn, r.out(), x, gamma, beta);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        FusedOps.LayerNormGrads grads = FusedOps.layerNormBackward(g, x, mean, rstd, gamma);
        if (gamma == null) {
            return new Tensor[] {grads.dx()};
        }
        return new Tensor[] {grads.dx(), grads.dGamma(), grads.dBeta()};
    }
}
