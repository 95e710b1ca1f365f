package org.cardiograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector helpers of the softmax, layer-norm and attention kernels that give the same bits whether or not C2
 * has compiled the caller. The Vector API's own {@code reduceLanes(ADD)} and {@code lanewise(EXP)} do not:
 * compiled code sums lanes as a tree and calls SVML, while the interpreter and C1 sum in lane order and call
 * Math.exp, so early calls could round differently from later ones and results would depend on JIT timing.
 * These use only lanewise add, multiply and fma, which are exact IEEE operations in every mode.
 */
final class CpuSoftmaxMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split so that n LN2_HI is exact for |n| &lt;= 2^9 (Cody and Waite). */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Adding and subtracting 1.5 * 2^23 rounds a float of magnitude &lt; 2^22 to the nearest integer. */
    private static final float ROUND = 12582912f;
    /** Below ln(2^-126) the result would be subnormal: it is flushed to zero. */
    private static final float MIN_ARG = -87.33654f;

    private CpuSoftmaxMath() {}

    /** Sum of a[off, off + n): one vector accumulator, lanes then tail added in order (reproducible bits). */
    static float sum(float[] a, int off, int n, float[] lanes) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += L) {
            acc = acc.add(FloatVector.fromArray(S, a, off + j));
        }
        float s = sumLanes(acc, lanes);
        for (; j < n; j++) {
            s += a[off + j];
        }
        return s;
    }

    /** Lane sum in lane order, through a caller-provided buffer of at least L floats. */
    static float sumLanes(FloatVector v, float[] buf) {
        v.intoArray(buf, 0);
        float s = 0f;
        for (int i = 0; i < L; i++) {
            s += buf[i];
        }
        return s;
    }

    /**
     * e^x lanewise for x &lt;= 88 (softmax only ever exponentiates x - max &lt;= 0): x = n ln2 + r with
     * |r| &lt;= ln2 / 2, e^r by its Taylor polynomial to degree 7 (error below 6e-9 relative), times 2^n built in
     * the exponent bits. Within 2 ulp of Math.exp; -inf gives 0, NaN stays NaN, results below 2^-126 are 0.
     */
    static FloatVector exp(FloatVector x) {
        // k holds 1.5 * 2^23 + n, n = round(x / ln 2): its low mantissa bits are n in two's complement
        FloatVector k = x.mul(LOG2E).add(ROUND);
        FloatVector n = k.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(S, 1f / 5040f), FloatVector.broadcast(S, 1f / 720f));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 120f));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 24f));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 6f));
        p = p.fma(r, FloatVector.broadcast(S, 0.5f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        // 2^n: (n + 127) << 23; the high bits of k shift out, so adding 127 to its bits is enough
        FloatVector twoN = ((IntVector) k.reinterpretAsInts()).add(127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        FloatVector scaled = p.mul(twoN);
        return scaled.blend(0f, x.compare(VectorOperators.LT, MIN_ARG));
    }
}
