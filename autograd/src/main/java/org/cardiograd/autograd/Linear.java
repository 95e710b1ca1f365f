package org.cardiograd.autograd;

import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.FusedOps;
import org.cardiograd.tensor.Tensor;

/**
 * y = x W^T + b with W stored [out, in] as in PyTorch, so checkpoints exchange without transposes. The
 * transposed weight is a view that GEMM takes as a flag; the bias add is fused into the GEMM.
 * Backward: dx = g W, dW = g^T x over all rows, db = sum of g over all rows.
 */
final class Linear extends Function {
    private Tensor x;
    private Tensor w;
    private boolean hasBias;

    static Variable apply(Variable x, Variable w, Variable bias) {
        checkShapes(x, w);
        Linear fn = new Linear();
        fn.hasBias = bias != null;
        Tensor y = FusedOps.matmul(x.value(), w.value().mT(), bias == null ? null : bias.value(), Epilogue.NONE);
        if (needsGrad(x, w, bias)) {
            fn.x = w.requiresGrad() ? fn.save(x.value()) : null;
            fn.w = x.requiresGrad() ? fn.save(w.value()) : null;
        }
        return bias == null ? record(fn, y, x, w) : record(fn, y, x, w, bias);
    }

    /**
     * GELU(x W^T + b). When no gradient is wanted (inference) the GELU runs as the GEMM's epilogue: one pass over
     * the output and no pre-activation tensor. Training needs the pre-activation for GELU's backward, so there it
     * is the two recorded ops, linear then GELU.
     */
    static Variable applyGelu(Variable x, Variable w, Variable bias) {
        if (needsGrad(x, w, bias)) {
            return apply(x, w, bias).gelu();
        }
        checkShapes(x, w);
        return Variable.constant(FusedOps.matmul(x.value(), w.value().mT(), bias == null ? null : bias.value(),
                Epilogue.GELU_ERF));
    }

    private static void checkShapes(Variable x, Variable w) {
        if (w.rank() != 2 || x.shape(-1) != w.shape(1)) {
            throw new IllegalArgumentException("linear: input " + java.util.Arrays.toString(x.shape())
                    + " does not match weight " + java.util.Arrays.toString(w.shape()) + " ([out, in])");
        }
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        int out = g.shape(-1);
        Tensor g2 = g.reshape(-1, out);
        Tensor dx = needsInputGrad(0) ? g.matmul(w) : null;
        Tensor dw = null;
        if (needsInputGrad(1)) {
            Tensor x2 = x.reshape(-1, x.shape(-1));
            dw = g2.mT().matmul(x2);
        }
        if (!hasBias) {
            return new Tensor[] {dx, dw};
        }
        Tensor db = needsInputGrad(2) ? g2.sum(0, false) : null;
        return new Tensor[] {dx, dw, db};
    }
}
