package org.cardiograd.tensor;

/**
 * Scalar definitions of the nonlinearities, shared by every backend so that they agree on what each op means.
 * Vector kernels implement the same formulas lane-wise.
 */
public final class ScalarMath {
    private ScalarMath() {}

    /** sqrt(2 / pi), the constant of the tanh-approximated GELU. */
    public static final double SQRT_2_OVER_PI = 0.7978845608028654;
    public static final double GELU_CUBIC = 0.044715;
    public static final double INV_SQRT_2 = 0.7071067811865476;
    public static final double INV_SQRT_2PI = 0.3989422804014327;

    /**
     * erf(x) by Abramowitz and Stegun 7.1.26 (|error| &lt; 1.5e-7, below float32 resolution near 1).
     */
    public static double erf(double x) {
        double t = 1.0 / (1.0 + 0.3275911 * Math.abs(x));
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double y = 1.0 - poly * Math.exp(-x * x);
        return x >= 0 ? y : -y;
    }

    public static double geluErf(double x) {
        return 0.5 * x * (1.0 + erf(x * INV_SQRT_2));
    }

    /** d/dx [x Phi(x)] = Phi(x) + x phi(x). */
    public static double geluErfGrad(double x) {
        double cdf = 0.5 * (1.0 + erf(x * INV_SQRT_2));
        double pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
        return cdf + x * pdf;
    }

    public static double geluTanh(double x) {
        double inner = SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
        return 0.5 * x * (1.0 + Math.tanh(inner));
    }

    public static double geluTanhGrad(double x) {
        double inner = SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
        double th = Math.tanh(inner);
        double dInner = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * x * x);
        return 0.5 * (1.0 + th) + 0.5 * x * (1.0 - th * th) * dInner;
    }

    public static double sigmoid(double x) {
        return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
    }

    /** The value of a unary op in double precision: the definition every backend is tested against. */
    public static double unary(UnaryOp op, double x) {
        switch (op) {
            case NEG: return -x;
            case ABS: return Math.abs(x);
            case SIGN: return Double.isNaN(x) ? x : Math.signum(x);
            case SQUARE: return x * x;
            case RECIPROCAL: return 1.0 / x;
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case SQRT: return Math.sqrt(x);
            case RSQRT: return 1.0 / Math.sqrt(x);
            case TANH: return Math.tanh(x);
            case SIGMOID: return sigmoid(x);
            case RELU: return Double.isNaN(x) ? x : Math.max(0.0, x);
            case GELU_TANH: return geluTanh(x);
            case GELU_ERF: return geluErf(x);
            case GELU_TANH_GRAD: return geluTanhGrad(x);
            case GELU_ERF_GRAD: return geluErfGrad(x);
            case STEP: return Double.isNaN(x) ? x : (x > 0 ? 1.0 : 0.0);
            default: throw new IllegalArgumentException("unknown unary op " + op);
        }
    }

    /** The value of a binary op in double precision. */
    public static double binary(BinaryOp op, double a, double b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case POW: return Math.pow(a, b);
            case MAX: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MIN: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case EQ: return a == b ? 1 : 0;
            case NE: return a != b ? 1 : 0;
            case LT: return a < b ? 1 : 0;
            case LE: return a <= b ? 1 : 0;
            case GT: return a > b ? 1 : 0;
            case GE: return a >= b ? 1 : 0;
            default: throw new IllegalArgumentException("unknown binary op " + op);
        }
    }

    /** Applies a matmul epilogue to one value. */
    public static double epilogue(Epilogue e, double x) {
        switch (e) {
            case NONE: return x;
            case GELU_TANH: return geluTanh(x);
            case GELU_ERF: return geluErf(x);
            default: throw new IllegalArgumentException("unknown epilogue " + e);
        }
    }
}
