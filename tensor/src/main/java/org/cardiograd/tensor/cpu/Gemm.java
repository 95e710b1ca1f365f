package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.*;

/** TODO(issue 2): being written. */
final class Gemm {
    Gemm(Parallel p) {}
    void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, Tensor bias, Epilogue epilogue, boolean accumulate) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
