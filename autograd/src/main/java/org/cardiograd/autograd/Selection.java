package org.cardiograd.autograd;

import org.cardiograd.tensor.Tensor;

/** Ops that pick elements: masked fill, where, gather, index select, scatter-add. */
final class Selection {
    private Selection() {}

    /** y = mask ? fill : x; no gradient reaches the filled places. */
    static final class MaskedFill extends Function {
        private Tensor keep;

        static Variable apply(Variable x, Tensor mask, float fill) {
            MaskedFill fn = new MaskedFill();
            Tensor y = x.value().maskedFill(mask, fill);
            if (needsGrad(x)) {
                fn.keep = mask.eq(0f).expand(x.shape());
            }
            return record(fn, y, x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(keep)};
        }
    }

    /** y = cond ? a : b with broadcasting; each branch gets the gradient where it was chosen. */
    static final class Where extends Function {
        private Tensor cond;
        private int[] shapeA;
        private int[] shapeB;

        static Variable apply(Tensor cond, Variable a, Variable b) {
            Where fn = new Where();
            fn.cond = cond;
            fn.shapeA = a.shape();
            fn.shapeB = b.shape();
            return record(fn, Tensor.where(cond, a.value(), b.value()), a, b);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor chosen = cond.ne(0f);
            Tensor ga = needsInputGrad(0) ? Broadcasting.sumToShape(g.mul(chosen), shapeA) : null;
            Tensor gb = needsInputGrad(1) ? Broadcasting.sumToShape(g.mul(chosen.rsub(1f)), shapeB) : null;
            return new Tensor[] {ga, gb};
        }
    }

    /** y = x.gather(axis, index); backward scatter-adds g into the gathered positions. */
    static final class Gather extends Function {
        private int[] inputShape;
        private int axis;
        private Tensor index;

        static Variable apply(Variable x, int axis, Tensor index) {
            Gather fn = new Gather();
            fn.inputShape = x.shape();
            fn.axis = axis;
            fn.index = index;
            return record(fn, x.value().gather(axis, index), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor dx = Tensor.zeros(g.backend(), inputShape);
            dx.scatterAddInPlace(axis, index, g);
            return new Tensor[] {dx};
        }
    }

    /** y = x.indexSelect(axis, index) (embedding lookup, token selection); backward index-adds g. */
    static final class IndexSelect extends Function {
        private int[] inputShape;
        private int axis;
        private Tensor index;

        static Variable apply(Variable x, int axis, Tensor index) {
            IndexSelect fn = new IndexSelect();
            fn.inputShape = x.shape();
            fn.axis = axis;
            fn.index = index;
            return record(fn, x.value().indexSelect(axis, index), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor dx = Tensor.zeros(g.backend(), inputShape);
            dx.indexAddInPlace(axis, index, g);
            return new Tensor[] {dx};
        }
    }

    /** y = x with src scatter-added at index along axis; dx = g, dsrc = g gathered at index. */
    static final class ScatterAdd extends Function {
        private int axis;
        private Tensor index;

        static Variable apply(Variable x, int axis, Tensor index, Variable src) {
            ScatterAdd fn = new ScatterAdd();
            fn.axis = axis;
            fn.index = index;
            Tensor y = x.value().copy().scatterAddInPlace(axis, index, src.value());
            return record(fn, y, x, src);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gs = needsInputGrad(1) ? g.gather(axis, index) : null;
            return new Tensor[] {g, gs};
        }
    }
}
