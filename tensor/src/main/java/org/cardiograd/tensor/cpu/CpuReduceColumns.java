package org.cardiograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Column reductions: out[dst + c] = reduce over j &lt; n of x[base + j * inner + c], for columns c in
 * [c0, c1). Vectors run across columns (each lane is one column, walking j in order), so a lane computes
 * exactly what the scalar tail computes for its column.
 */
final class CpuReduceColumns {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns per task: four vectors, one accumulator each, for instruction-level parallelism. */
    static final int GROUP = 4 * L;
    /** Sums restart their float accumulator every this many rows and add it to a running total. */
    static final int BLOCK = 256;

    private CpuReduceColumns() {}

    static void sum(float[] x, int base, int n, int inner, int c0, int c1, float[] out, int dst, boolean mean) {
        int c = c0;
        if (c1 - c0 == GROUP) {
            sum4(x, base + c, n, inner, out, dst + c, mean);
            c = c1;
        }
        for (; c + L <= c1; c += L) {
            sum1(x, base + c, n, inner, out, dst + c, mean);
        }
        for (; c < c1; c++) {
            float total = 0f;
            for (int j0 = 0; j0 < n; j0 += BLOCK) {
                float acc = 0f;
                for (int j = j0, end = Math.min(n, j0 + BLOCK); j < end; j++) {
                    acc += x[base + j * inner + c];
                }
                total += acc;
            }
            out[dst + c] = mean ? total / n : total;
        }
    }

    /** Two-level sums of four adjacent vectors of columns starting at x[p]. */
    private static void sum4(float[] x, int p, int n, int inner, float[] out, int o, boolean mean) {
        FloatVector t0 = FloatVector.zero(S);
        FloatVector t1 = t0;
        FloatVector t2 = t0;
        FloatVector t3 = t0;
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int j = j0, end = Math.min(n, j0 + BLOCK); j < end; j++) {
                int r = p + j * inner;
                a0 = a0.add(FloatVector.fromArray(S, x, r));
                a1 = a1.add(FloatVector.fromArray(S, x, r + L));
                a2 = a2.add(FloatVector.fromArray(S, x, r + 2 * L));
                a3 = a3.add(FloatVector.fromArray(S, x, r + 3 * L));
            }
            t0 = t0.add(a0);
            t1 = t1.add(a1);
            t2 = t2.add(a2);
            t3 = t3.add(a3);
        }
        float scale = n;
        (mean ? t0.div(scale) : t0).intoArray(out, o);
        (mean ? t1.div(scale) : t1).intoArray(out, o + L);
        (mean ? t2.div(scale) : t2).intoArray(out, o + 2 * L);
        (mean ? t3.div(scale) : t3).intoArray(out, o + 3 * L);
    }

    private static void sum1(float[] x, int p, int n, int inner, float[] out, int o, boolean mean) {
        FloatVector total = FloatVector.zero(S);
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            FloatVector acc = FloatVector.zero(S);
            for (int j = j0, end = Math.min(n, j0 + BLOCK); j < end; j++) {
                acc = acc.add(FloatVector.fromArray(S, x, p + j * inner));
            }
            total = total.add(acc);
        }
        (mean ? total.div((float) n) : total).intoArray(out, o);
    }

    /** sign * max(sign * x) per column: MAX for sign 1, MIN for sign -1; NaN wins. */
    static void max(float[] x, int base, int n, int inner, int c0, int c1, float[] out, int dst, float sign) {
        int c = c0;
        for (; c + L <= c1; c += L) {
            FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int j = 0; j < n; j++) {
                m = m.max(FloatVector.fromArray(S, x, base + j * inner + c).mul(sign));
            }
            m.mul(sign).intoArray(out, dst + c);
        }
        for (; c < c1; c++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                m = Math.max(m, x[base + j * inner + c] * sign);
            }
            out[dst + c] = m * sign;
        }
    }

    /**
     * Index of the first maximum of sign * x per column (ARGMAX for sign 1, ARGMIN for -1). A NaN beats every
     * number and the first NaN stays.
     */
    static void argmax(float[] x, int base, int n, int inner, int c0, int c1, float[] out, int dst, float sign) {
        int c = c0;
        for (; c + L <= c1; c += L) {
            FloatVector best = FloatVector.fromArray(S, x, base + c).mul(sign);
            FloatVector index = FloatVector.zero(S);
            for (int j = 1; j < n; j++) {
                FloatVector v = FloatVector.fromArray(S, x, base + j * inner + c).mul(sign);
                VectorMask<Float> better = v.compare(VectorOperators.GT, best)
                        .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                best = best.blend(v, better);
                index = index.blend((float) j, better);
            }
            index.intoArray(out, dst + c);
        }
        for (; c < c1; c++) {
            float best = x[base + c] * sign;
            int index = 0;
            for (int j = 1; j < n; j++) {
                float v = x[base + j * inner + c] * sign;
                if (v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                    best = v;
                    index = j;
                }
            }
            out[dst + c] = index;
        }
    }
}
