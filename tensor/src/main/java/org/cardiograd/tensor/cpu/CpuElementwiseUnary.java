package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.ScalarMath;
import org.cardiograd.tensor.UnaryOp;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Unary ops over one unit-stride run: y[yo + i] = op(x[xo + i]) for i &lt; n; y may be x (same offset).
 * One small loop per op so that C2 compiles each with the op's vector code inlined (a shared loop calling
 * through a switch or a lambda would box the vectors). The scalar tail evaluates {@link ScalarMath} in double.
 */
final class CpuElementwiseUnary {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuElementwiseUnary() {}

    static void apply(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        int done;
        switch (op) {
            case NEG: done = neg(x, xo, y, yo, n); break;
            case ABS: done = abs(x, xo, y, yo, n); break;
            case SIGN: done = sign(x, xo, y, yo, n); break;
            case SQUARE: done = square(x, xo, y, yo, n); break;
            case RECIPROCAL: done = reciprocal(x, xo, y, yo, n); break;
            case EXP: done = exp(x, xo, y, yo, n); break;
            case LOG: done = log(x, xo, y, yo, n); break;
            case SQRT: done = sqrt(x, xo, y, yo, n); break;
            case RSQRT: done = rsqrt(x, xo, y, yo, n); break;
            case TANH: done = CpuElementwiseMath.tanh(x, xo, y, yo, n); break;
            case SIGMOID: done = CpuElementwiseMath.sigmoid(x, xo, y, yo, n); break;
            case RELU: done = relu(x, xo, y, yo, n); break;
            case GELU_TANH: done = CpuElementwiseMath.geluTanh(x, xo, y, yo, n); break;
            case GELU_ERF: done = CpuElementwiseMath.geluErf(x, xo, y, yo, n); break;
            case GELU_TANH_GRAD: done = CpuElementwiseMath.geluTanhGrad(x, xo, y, yo, n); break;
            case GELU_ERF_GRAD: done = CpuElementwiseMath.geluErfGrad(x, xo, y, yo, n); break;
            case STEP: done = step(x, xo, y, yo, n); break;
            default: throw new IllegalArgumentException("unary: unknown op " + op);
        }
        for (int i = done; i < n; i++) {
            y[yo + i] = (float) ScalarMath.unary(op, x[xo + i]);
        }
    }

    private static int neg(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.neg().intoArray(y, yo + i);
        }
        return i;
    }

    private static int abs(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.abs().intoArray(y, yo + i);
        }
        return i;
    }

    private static int sign(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            CpuElementwiseMath.sign(v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int square(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int reciprocal(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            CpuElementwiseMath.inv(v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int exp(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            CpuElementwiseMath.exp(v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int log(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            CpuElementwiseMath.log(v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int sqrt(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.sqrt().intoArray(y, yo + i);
        }
        return i;
    }

    private static int rsqrt(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            CpuElementwiseMath.inv(v.sqrt()).intoArray(y, yo + i);
        }
        return i;
    }

    private static int relu(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.max(0f).intoArray(y, yo + i);
        }
        return i;
    }

    private static int step(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            CpuElementwiseMath.step(v).intoArray(y, yo + i);
        }
        return i;
    }
}
