package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.*;

/** TODO(issue 2): being written. */
final class CpuRandom {
    static void fill(Parallel p, Tensor out, long key, Distribution distribution, float a, float b) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
