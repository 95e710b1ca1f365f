package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.*;

/** TODO(issue 2): being written. */
final class CpuAdamW {
    static void step(Parallel p, Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps, float weightDecay, long step) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
