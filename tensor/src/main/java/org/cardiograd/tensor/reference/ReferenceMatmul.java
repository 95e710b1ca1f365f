package org.cardiograd.tensor.reference;

import org.cardiograd.tensor.*;

/** TODO(issue 2): being written. */
final class ReferenceMatmul {
    static void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, Tensor bias, Epilogue epilogue, boolean accumulate) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
