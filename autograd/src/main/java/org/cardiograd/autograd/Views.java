package org.cardiograd.autograd;

import org.cardiograd.tensor.Tensor;

/** Zero-copy views; their gradients route g back to the viewed positions. */
final class Views {
    private Views() {}

    /** Any reshape (also squeeze, unsqueeze, flatten): the gradient is reshaped back. */
    static final class Reshape extends Function {
        private int[] inputShape;

        static Variable apply(Variable x, int[] shape) {
            Reshape fn = new Reshape();
            fn.inputShape = x.shape();
            return record(fn, x.value().reshape(shape), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.reshape(inputShape)};
        }
    }

    /** Axis permutation: the gradient takes the inverse permutation. */
    static final class Permute extends Function {
        private int[] inverse;

        static Variable apply(Variable x, int[] order) {
            Permute fn = new Permute();
            Tensor y = x.value().permute(order); // validates
            fn.inverse = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                fn.inverse[order[i] < 0 ? order[i] + order.length : order[i]] = i;
            }
            return record(fn, y, x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.permute(inverse)};
        }
    }

    /** x[start:end:step] along an axis: the gradient lands in those positions of a zero tensor. */
    static final class Slice extends Function {
        private int[] inputShape;
        private int axis;
        private int start;
        private int end;
        private int step;

        static Variable apply(Variable x, int axis, int start, int end, int step) {
            Slice fn = new Slice();
            Tensor y = x.value().slice(axis, start, end, step);
            fn.inputShape = x.shape();
            fn.axis = axis < 0 ? axis + x.rank() : axis;
            fn.start = start;
            fn.end = end;
            fn.step = step;
            return record(fn, y, x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor dx = Tensor.zeros(g.backend(), inputShape);
            dx.slice(axis, start, end, step).copyFromInPlace(g);
            return new Tensor[] {dx};
        }
    }

    /** Broadcast to a larger shape: the gradient is summed over the broadcast axes. */
    static final class Expand extends Function {
        private int[] inputShape;

        static Variable apply(Variable x, int[] shape) {
            Expand fn = new Expand();
            fn.inputShape = x.shape();
            return record(fn, x.value().expand(shape), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {Broadcasting.sumToShape(g, inputShape)};
        }
    }
}
