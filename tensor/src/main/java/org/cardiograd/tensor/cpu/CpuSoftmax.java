package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.*;

/** TODO(issue 2): being written. */
final class CpuSoftmax {
    CpuSoftmax(Parallel p) {}
    void forward(Tensor x, Tensor out, boolean log) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    void backward(Tensor y, Tensor dy, Tensor dx, boolean log) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
