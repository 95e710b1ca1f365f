package org.cardiograd.autograd;

import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.UnaryOp;

/** Elementwise functions of one variable. Each saves the one tensor its derivative needs. */
final class Elementwise {
    private Elementwise() {}

    /** y = e^x, dy/dx = y. */
    static final class Exp extends Function {
        private Tensor y;

        static Variable apply(Variable x) {
            Exp fn = new Exp();
            Tensor y = x.value().exp();
            if (needsGrad(x)) {
                fn.y = fn.save(y);
            }
            return record(fn, y, x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(y)};
        }
    }

    /** y = ln x, dy/dx = 1/x. */
    static final class Log extends Function {
        private Tensor x;

        static Variable apply(Variable x) {
            Log fn = new Log();
            if (needsGrad(x)) {
                fn.x = fn.save(x.value());
            }
            return record(fn, x.value().log(), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.div(x)};
        }
    }

    /** y = sqrt x, dy/dx = 1 / (2 y). */
    static final class Sqrt extends Function {
        private Tensor y;

        static Variable apply(Variable x) {
            Sqrt fn = new Sqrt();
            Tensor y = x.value().sqrt();
            if (needsGrad(x)) {
                fn.y = fn.save(y);
            }
            return record(fn, y, x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.div(y.mul(2f))};
        }
    }

    /** y = 1/sqrt x, dy/dx = -y^3 / 2. */
    static final class Rsqrt extends Function {
        private Tensor y;

        static Variable apply(Variable x) {
            Rsqrt fn = new Rsqrt();
            Tensor y = x.value().rsqrt();
            if (needsGrad(x)) {
                fn.y = fn.save(y);
            }
            return record(fn, y, x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(y.pow(3f)).mul(-0.5f)};
        }
    }

    /** y = x^2, dy/dx = 2x. */
    static final class Square extends Function {
        private Tensor x;

        static Variable apply(Variable x) {
            Square fn = new Square();
            if (needsGrad(x)) {
                fn.x = fn.save(x.value());
            }
            return record(fn, x.value().square(), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(x).mul(2f)};
        }
    }

    /** y = |x|, dy/dx = sign x (0 at 0, like PyTorch). */
    static final class Abs extends Function {
        private Tensor x;

        static Variable apply(Variable x) {
            Abs fn = new Abs();
            if (needsGrad(x)) {
                fn.x = fn.save(x.value());
            }
            return record(fn, x.value().abs(), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(x.sign())};
        }
    }

    /** y = tanh x, dy/dx = 1 - y^2. */
    static final class Tanh extends Function {
        private Tensor y;

        static Variable apply(Variable x) {
            Tanh fn = new Tanh();
            Tensor y = x.value().tanh();
            if (needsGrad(x)) {
                fn.y = fn.save(y);
            }
            return record(fn, y, x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(y.square().rsub(1f))};
        }
    }

    /** y = 1 / (1 + e^-x), dy/dx = y (1 - y). */
    static final class Sigmoid extends Function {
        private Tensor y;

        static Variable apply(Variable x) {
            Sigmoid fn = new Sigmoid();
            Tensor y = x.value().sigmoid();
            if (needsGrad(x)) {
                fn.y = fn.save(y);
            }
            return record(fn, y, x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(y.mul(y.rsub(1f)))};
        }
    }

    /** y = max(0, x), dy/dx = [x &gt; 0]. */
    static final class Relu extends Function {
        private Tensor y;

        static Variable apply(Variable x) {
            Relu fn = new Relu();
            Tensor y = x.value().relu();
            if (needsGrad(x)) {
                fn.y = fn.save(y);
            }
            return record(fn, y, x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(y.apply(UnaryOp.STEP))};
        }
    }

    /** GELU, exact (x Phi(x)) or tanh-approximated; the derivative is a fused unary op of the input. */
    static final class Gelu extends Function {
        private Tensor x;
        private boolean tanhApprox;

        static Variable apply(Variable x, boolean tanhApprox) {
            Gelu fn = new Gelu();
            fn.tanhApprox = tanhApprox;
            if (needsGrad(x)) {
                fn.x = fn.save(x.value());
            }
            Tensor y = tanhApprox ? x.value().geluTanh() : x.value().gelu();
            return record(fn, y, x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(x.apply(tanhApprox ? UnaryOp.GELU_TANH_GRAD : UnaryOp.GELU_ERF_GRAD))};
        }
    }

    /** y = min(hi, max(lo, x)); the gradient passes where lo &lt;= x &lt;= hi. */
    static final class Clamp extends Function {
        private Tensor x;
        private float lo;
        private float hi;

        static Variable apply(Variable x, float lo, float hi) {
            Clamp fn = new Clamp();
            fn.lo = lo;
            fn.hi = hi;
            if (needsGrad(x)) {
                fn.x = fn.save(x.value());
            }
            return record(fn, x.value().clamp(lo, hi), x);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor inside = x.ge(lo).mul(x.le(hi));
            return new Tensor[] {g.mul(inside)};
        }
    }
}
