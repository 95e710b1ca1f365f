package org.cardiograd.autograd;

import org.cardiograd.tensor.BinaryOp;
import org.cardiograd.tensor.Tensor;

/** Elementwise arithmetic with broadcasting: each gradient is summed back to its operand's shape. */
final class Arithmetic {
    private Arithmetic() {}

    /** a + b. */
    static final class Add extends Function {
        private int[] shapeA;
        private int[] shapeB;

        static Variable apply(Variable a, Variable b) {
            Add fn = new Add();
            fn.shapeA = a.shape();
            fn.shapeB = b.shape();
            return record(fn, a.value().add(b.value()), a, b);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {Broadcasting.sumToShape(g, shapeA), Broadcasting.sumToShape(g, shapeB)};
        }
    }

    /** a - b. */
    static final class Sub extends Function {
        private int[] shapeA;
        private int[] shapeB;

        static Variable apply(Variable a, Variable b) {
            Sub fn = new Sub();
            fn.shapeA = a.shape();
            fn.shapeB = b.shape();
            return record(fn, a.value().sub(b.value()), a, b);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gb = needsInputGrad(1) ? Broadcasting.sumToShape(g.neg(), shapeB) : null;
            return new Tensor[] {Broadcasting.sumToShape(g, shapeA), gb};
        }
    }

    /** a * b: d/da = g b, d/db = g a. */
    static final class Mul extends Function {
        private Tensor a;
        private Tensor b;

        static Variable apply(Variable a, Variable b) {
            Mul fn = new Mul();
            if (needsGrad(a, b)) {
                fn.a = b.requiresGrad() ? fn.save(a.value()) : null;
                fn.b = a.requiresGrad() ? fn.save(b.value()) : null;
            }
            return record(fn, a.value().mul(b.value()), a, b);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor ga = needsInputGrad(0) ? Broadcasting.sumToShape(g.mul(b), a == null ? shapeOf(0) : a.shape()) : null;
            Tensor gb = needsInputGrad(1) ? Broadcasting.sumToShape(g.mul(a), b == null ? shapeOf(1) : b.shape()) : null;
            return new Tensor[] {ga, gb};
        }

        private int[] shapeOf(int i) {
            return inputs()[i].shape();
        }
    }

    /** a / b: d/da = g / b, d/db = -g a / b^2. */
    static final class Div extends Function {
        private Tensor a;
        private Tensor b;

        static Variable apply(Variable a, Variable b) {
            Div fn = new Div();
            if (needsGrad(a, b)) {
                fn.a = b.requiresGrad() ? fn.save(a.value()) : null;
                fn.b = fn.save(b.value());
            }
            return record(fn, a.value().div(b.value()), a, b);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gOverB = g.div(b);
            Tensor ga = needsInputGrad(0) ? Broadcasting.sumToShape(gOverB, inputs()[0].shape()) : null;
            Tensor gb = needsInputGrad(1) ? Broadcasting.sumToShape(gOverB.mul(a).div(b).neg(), b.shape()) : null;
            return new Tensor[] {ga, gb};
        }
    }

    /** max(a, b) (or min): the gradient goes to the selected operand; ties give each half. */
    static final class Maximum extends Function {
        private Tensor a;
        private Tensor b;
        private boolean min;

        static Variable apply(Variable a, Variable b) {
            return applyExtreme(a, b, false);
        }

        static Variable applyExtreme(Variable a, Variable b, boolean min) {
            Maximum fn = new Maximum();
            fn.min = min;
            if (needsGrad(a, b)) {
                fn.a = fn.save(a.value());
                fn.b = fn.save(b.value());
            }
            Tensor out = min ? a.value().minimum(b.value()) : a.value().maximum(b.value());
            return record(fn, out, a, b);
        }

        @Override
        public String name() {
            return min ? "Minimum" : "Maximum";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor aWins = a.apply(min ? BinaryOp.LT : BinaryOp.GT, b);
            Tensor tie = a.eq(b).mul(0.5f);
            Tensor shareA = aWins.add(tie);
            Tensor ga = needsInputGrad(0) ? Broadcasting.sumToShape(g.mul(shareA), a.shape()) : null;
            Tensor gb = needsInputGrad(1) ? Broadcasting.sumToShape(g.mul(shareA.rsub(1f)), b.shape()) : null;
            return new Tensor[] {ga, gb};
        }
    }

    static final class Minimum {
        private Minimum() {}

        static Variable apply(Variable a, Variable b) {
            return Maximum.applyExtreme(a, b, true);
        }
    }

    /** x + s. */
    static final class AddScalar extends Function {
        static Variable apply(Variable x, float s) {
            return record(new AddScalar(), x.value().add(s), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g};
        }
    }

    /** x * s. */
    static final class MulScalar extends Function {
        private float s;

        static Variable apply(Variable x, float s) {
            MulScalar fn = new MulScalar();
            fn.s = s;
            return record(fn, x.value().mul(s), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(s)};
        }
    }

    /** x ^ p for a constant p: d/dx = p x^(p-1). */
    static final class PowScalar extends Function {
        private Tensor x;
        private float p;

        static Variable apply(Variable x, float p) {
            PowScalar fn = new PowScalar();
            fn.p = p;
            if (needsGrad(x)) {
                fn.x = fn.save(x.value());
            }
            return record(fn, x.value().pow(p), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(x.pow(p - 1f).mul(p))};
        }
    }
}
