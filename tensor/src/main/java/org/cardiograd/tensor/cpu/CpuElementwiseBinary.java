package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.BinaryOp;
import org.cardiograd.tensor.ScalarMath;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Binary ops over unit-stride runs of n elements, with either operand possibly one broadcast scalar:
 * vv: out = op(a[..], b[..]); vs: out = op(a[..], s); sv: out = op(s, b[..]). out may alias a or b (same
 * offset). One small loop per op and form so the op's vector code is inlined; the scalar tail evaluates
 * {@link ScalarMath} in double (exact for + - * / and comparisons). Comparisons give 1 or 0 (NaN compares
 * unequal to everything, so NE is 1 and the others 0), MAX/MIN propagate NaN like Math.max.
 *
 * <p>POW is evaluated by Math.pow per element (except x^2): the JDK's lane-wise POW is an SVML intrinsic only
 * in C2 code and rounds differently from its interpreter fallback, so results would depend on JIT state;
 * POW is rare enough (squares aside) that exact, reproducible results are worth more than speed.
 */
final class CpuElementwiseBinary {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuElementwiseBinary() {}

    static void vv(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int done;
        switch (op) {
            case ADD: done = addVV(a, ao, b, bo, out, oo, n); break;
            case SUB: done = subVV(a, ao, b, bo, out, oo, n); break;
            case MUL: done = mulVV(a, ao, b, bo, out, oo, n); break;
            case DIV: done = divVV(a, ao, b, bo, out, oo, n); break;
            case POW: done = powVV(a, ao, b, bo, out, oo, n); break;
            case MAX: done = maxVV(a, ao, b, bo, out, oo, n); break;
            case MIN: done = minVV(a, ao, b, bo, out, oo, n); break;
            case EQ: done = eqVV(a, ao, b, bo, out, oo, n); break;
            case NE: done = neVV(a, ao, b, bo, out, oo, n); break;
            case LT: done = ltVV(a, ao, b, bo, out, oo, n); break;
            case LE: done = leVV(a, ao, b, bo, out, oo, n); break;
            case GT: done = gtVV(a, ao, b, bo, out, oo, n); break;
            case GE: done = geVV(a, ao, b, bo, out, oo, n); break;
            default: throw new IllegalArgumentException("binary: unknown op " + op);
        }
        for (int i = done; i < n; i++) {
            out[oo + i] = (float) ScalarMath.binary(op, a[ao + i], b[bo + i]);
        }
    }

    static void vs(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
        int done;
        switch (op) {
            case ADD: done = addVS(a, ao, s, out, oo, n); break;
            case SUB: done = subVS(a, ao, s, out, oo, n); break;
            case MUL: done = mulVS(a, ao, s, out, oo, n); break;
            case DIV: done = divVS(a, ao, s, out, oo, n); break;
            case POW: done = powVS(a, ao, s, out, oo, n); break;
            case MAX: done = maxVS(a, ao, s, out, oo, n); break;
            case MIN: done = minVS(a, ao, s, out, oo, n); break;
            case EQ: done = eqVS(a, ao, s, out, oo, n); break;
            case NE: done = neVS(a, ao, s, out, oo, n); break;
            case LT: done = ltVS(a, ao, s, out, oo, n); break;
            case LE: done = leVS(a, ao, s, out, oo, n); break;
            case GT: done = gtVS(a, ao, s, out, oo, n); break;
            case GE: done = geVS(a, ao, s, out, oo, n); break;
            default: throw new IllegalArgumentException("binary: unknown op " + op);
        }
        for (int i = done; i < n; i++) {
            out[oo + i] = (float) ScalarMath.binary(op, a[ao + i], s);
        }
    }

    /** op(s, b[..]): commutative ops and comparisons turn around to {@link #vs}. */
    static void sv(BinaryOp op, float s, float[] b, int bo, float[] out, int oo, int n) {
        int done;
        switch (op) {
            case ADD: case MUL: case MAX: case MIN: case EQ: case NE:
                vs(op, b, bo, s, out, oo, n);
                return;
            case LT: vs(BinaryOp.GT, b, bo, s, out, oo, n); return;
            case LE: vs(BinaryOp.GE, b, bo, s, out, oo, n); return;
            case GT: vs(BinaryOp.LT, b, bo, s, out, oo, n); return;
            case GE: vs(BinaryOp.LE, b, bo, s, out, oo, n); return;
            case SUB: done = subSV(s, b, bo, out, oo, n); break;
            case DIV: done = divSV(s, b, bo, out, oo, n); break;
            case POW: done = powSV(s, b, bo, out, oo, n); break;
            default: throw new IllegalArgumentException("binary: unknown op " + op);
        }
        for (int i = done; i < n; i++) {
            out[oo + i] = (float) ScalarMath.binary(op, s, b[bo + i]);
        }
    }

    private static int addVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            a.add(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int addVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            a.add(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int subVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            a.sub(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int subVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            a.sub(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int mulVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            a.mul(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int mulVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            a.mul(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int divVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            a.div(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int divVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            a.div(b).intoArray(out, oo + i);
        }
        return i;
    }

    /** POW runs as the scalar tail (Math.pow in double): see the class comment. */
    private static int powVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        return 0;
    }

    /** x^2 is x * x (the float rounding of the exact double square, as Math.pow gives); others are scalar. */
    private static int powVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        if (s != 2f) {
            return 0;
        }
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            a.mul(a).intoArray(out, oo + i);
        }
        return i;
    }

    private static int maxVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            a.max(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int maxVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            a.max(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int minVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            a.min(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int minVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            a.min(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int subSV(float s, float[] y, int yo, float[] out, int oo, int n) {
        FloatVector a = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            a.sub(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int divSV(float s, float[] y, int yo, float[] out, int oo, int n) {
        FloatVector a = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            a.div(b).intoArray(out, oo + i);
        }
        return i;
    }

    private static int powSV(float s, float[] y, int yo, float[] out, int oo, int n) {
        return 0;
    }

    private static int eqVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            FloatVector.zero(S).blend(1f, a.compare(VectorOperators.EQ, b)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int eqVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector.zero(S).blend(1f, a.compare(VectorOperators.EQ, b)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int neVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            FloatVector.zero(S).blend(1f, a.compare(VectorOperators.NE, b)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int neVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector.zero(S).blend(1f, a.compare(VectorOperators.NE, b)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int ltVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            FloatVector.zero(S).blend(1f, a.compare(VectorOperators.LT, b)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int ltVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector.zero(S).blend(1f, a.compare(VectorOperators.LT, b)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int leVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            FloatVector.zero(S).blend(1f, a.compare(VectorOperators.LE, b)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int leVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector.zero(S).blend(1f, a.compare(VectorOperators.LE, b)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int gtVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            FloatVector.zero(S).blend(1f, a.compare(VectorOperators.GT, b)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int gtVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector.zero(S).blend(1f, a.compare(VectorOperators.GT, b)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int geVV(float[] x, int xo, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector b = FloatVector.fromArray(S, y, yo + i);
            FloatVector.zero(S).blend(1f, a.compare(VectorOperators.GE, b)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int geVS(float[] x, int xo, float s, float[] out, int oo, int n) {
        FloatVector b = FloatVector.broadcast(S, s);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, xo + i);
            FloatVector.zero(S).blend(1f, a.compare(VectorOperators.GE, b)).intoArray(out, oo + i);
        }
        return i;
    }
}
