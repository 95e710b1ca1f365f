package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.*;

/** TODO(issue 2): being written. */
final class CpuLayerNorm {
    CpuLayerNorm(Parallel p) {}
    void forward(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    void backward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor gamma, Tensor dx, Tensor dGamma, Tensor dBeta) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
