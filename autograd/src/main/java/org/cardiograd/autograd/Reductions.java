package org.cardiograd.autograd;

import org.cardiograd.tensor.Tensor;

/** Sums, means and maxima over axes; backward broadcasts the gradient back over the reduced axes. */
final class Reductions {
    private Reductions() {}

    /** The reduced shape with the reduced axes kept as size 1, so the gradient broadcasts back. */
    static int[] keptShape(int[] shape, int[] axes) {
        int[] kept = shape.clone();
        for (int a : axes) {
            kept[a < 0 ? a + shape.length : a] = 1;
        }
        return kept;
    }

    /** y = sum over axes of x; dx = g broadcast. */
    static final class Sum extends Function {
        private int[] inputShape;
        private int[] kept;

        static Variable apply(Variable x, int[] axes, boolean keepDim) {
            Sum fn = new Sum();
            fn.inputShape = x.shape();
            fn.kept = keptShape(fn.inputShape, axes);
            return record(fn, x.value().sum(axes, keepDim), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.reshape(kept).expand(inputShape).contiguous()};
        }
    }

    /** y = mean over axes of x; dx = g / n broadcast. */
    static final class Mean extends Function {
        private int[] inputShape;
        private int[] kept;
        private float inverseCount;

        static Variable apply(Variable x, int[] axes, boolean keepDim) {
            Mean fn = new Mean();
            fn.inputShape = x.shape();
            fn.kept = keptShape(fn.inputShape, axes);
            long n = x.value().numel() / Math.max(1, org.cardiograd.tensor.Shapes.numel(fn.kept));
            fn.inverseCount = 1f / n;
            return record(fn, x.value().mean(axes, keepDim), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.reshape(kept).mul(inverseCount).expand(inputShape).contiguous()};
        }
    }

    /** y = max along an axis; the gradient is shared equally by the entries that attain the maximum. */
    static final class Max extends Function {
        private Tensor x;
        private Tensor yKept;
        private int axis;

        static Variable apply(Variable x, int axis, boolean keepDim) {
            Max fn = new Max();
            fn.axis = axis < 0 ? axis + x.rank() : axis;
            Tensor yKept = x.value().max(fn.axis, true);
            if (needsGrad(x)) {
                fn.x = fn.save(x.value());
                fn.yKept = yKept;
            }
            return record(fn, keepDim ? yKept : yKept.squeeze(fn.axis), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor hits = x.eq(yKept);
            Tensor share = hits.div(hits.sum(axis, true));
            return new Tensor[] {share.mul(g.reshape(yKept.shape()))};
        }
    }
}
