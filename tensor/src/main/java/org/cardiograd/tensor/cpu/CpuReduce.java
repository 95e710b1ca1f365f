package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.*;

/** TODO(issue 2): being written. */
final class CpuReduce {
    CpuReduce(Parallel p) {}
    void reduce(ReduceOp op, Tensor x, Tensor out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
