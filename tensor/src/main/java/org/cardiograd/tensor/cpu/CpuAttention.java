package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.*;

/** TODO(issue 2): being written. */
final class CpuAttention {
    CpuAttention(Parallel p) {}
    void forward(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale, boolean causal, Tensor out, Tensor lse) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    void backward(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale, boolean causal, Tensor out, Tensor lse, Tensor dOut, Tensor dq, Tensor dk, Tensor dv) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
