package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.*;

/** TODO(issue 2): being written. */
final class CpuElementwise {
    CpuElementwise(Parallel p) {}
    void copy(Tensor src, Tensor dst) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    void fill(Tensor dst, float value) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    void unary(UnaryOp op, Tensor x, Tensor out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
