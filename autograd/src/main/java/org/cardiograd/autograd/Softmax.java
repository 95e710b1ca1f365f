package org.cardiograd.autograd;

import org.cardiograd.tensor.FusedOps;
import org.cardiograd.tensor.Tensor;

/** Softmax or log-softmax along an axis; backward is one fused kernel over the saved output. */
final class Softmax extends Function {
    private Tensor y;
    private int axis;
    private boolean log;

    static Variable apply(Variable x, int axis, boolean log) {
        Softmax fn = new Softmax();
        fn.axis = axis;
        fn.log = log;
        Tensor y = log ? x.value().logSoftmax(axis) : x.value().softmax(axis);
        if (needsGrad(x)) {
            fn.y = fn.save(y);
        }
        return record(fn, y, x);
    }

    @Override
    public String name() {
        return log ? "LogSoftmax" : "Softmax";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {FusedOps.softmaxBackward(y, g, axis, log)};
    }
}
