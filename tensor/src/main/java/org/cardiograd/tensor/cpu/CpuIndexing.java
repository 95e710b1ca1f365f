package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.*;

/** TODO(issue 2): being written. */
final class CpuIndexing {
    CpuIndexing(Parallel p) {}
    void gather(Tensor x, Tensor index, Tensor out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    void scatterAdd(Tensor out, Tensor index, Tensor src) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    void indexSelect(Tensor x, Tensor index, Tensor out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    void indexAdd(Tensor out, Tensor index, Tensor src) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    void topk(Tensor x, int k, boolean largest, Tensor values, Tensor indices) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
