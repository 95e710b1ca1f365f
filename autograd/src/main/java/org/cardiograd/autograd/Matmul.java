package org.cardiograd.autograd;

import org.cardiograd.tensor.Tensor;

/**
 * numpy-style matrix product. Backward: dA = G B^T and dB = A^T G, where the transposes are views that the
 * GEMM receives as transpose flags (nothing is materialized), then summed over broadcast batch dims.
 */
final class Matmul extends Function {
    private Tensor a;
    private Tensor b;

    static Variable apply(Variable a, Variable b) {
        Matmul fn = new Matmul();
        if (needsGrad(a, b)) {
            fn.a = b.requiresGrad() ? fn.save(a.value()) : null;
            fn.b = a.requiresGrad() ? fn.save(b.value()) : null;
        }
        return record(fn, a.value().matmul(b.value()), a, b);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        int[] shapeA = inputs()[0].shape();
        int[] shapeB = inputs()[1].shape();
        // Promote 1-d operands to matrices the way forward did, and give g the matching unit axes.
        boolean vecA = shapeA.length == 1;
        boolean vecB = shapeB.length == 1;
        Tensor g2 = vecA ? g.unsqueeze(vecB ? 0 : g.rank() - 1) : g;
        if (vecB) {
            g2 = g2.unsqueeze(g2.rank());
        }
        Tensor ga = null;
        Tensor gb = null;
        if (needsInputGrad(0)) {
            Tensor b2 = vecB ? b.unsqueeze(1) : b;
            int[] promotedA = vecA ? new int[] {1, shapeA[0]} : shapeA;
            ga = Broadcasting.sumToShape(g2.matmul(b2.mT()), promotedA).reshape(shapeA);
        }
        if (needsInputGrad(1)) {
            Tensor a2 = vecA ? a.unsqueeze(0) : a;
            int[] promotedB = vecB ? new int[] {shapeB[0], 1} : shapeB;
            if (promotedB.length == 2 && a2.rank() > 2) {
                // Weight gradient of a batched input: one GEMM over all rows, A^T as a flag.
                int k = a2.shape(-1);
                int n = g2.shape(-1);
                gb = a2.reshape(-1, k).mT().matmul(g2.reshape(-1, n)).reshape(shapeB);
            } else {
                gb = Broadcasting.sumToShape(a2.mT().matmul(g2), promotedB).reshape(shapeB);
            }
        }
        return new Tensor[] {ga, gb};
    }
}
