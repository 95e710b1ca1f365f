package org.cardiograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Reductions of one contiguous run x[off, off + n): vector loops along the run with several accumulators. */
final class CpuReduceRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuReduceRows() {}

    /**
     * The sum, accumulated in float in 4 x L lanes (each lane sums every (4L)-th element, which keeps the
     * rounding error near that of n / 4L sequential additions), lanes and tail combined in double.
     */
    static double sum(float[] x, int off, int n) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        int i = 0;
        for (int end = n - 4 * L; i <= end; i += 4 * L) {
            a0 = a0.add(FloatVector.fromArray(S, x, off + i));
            a1 = a1.add(FloatVector.fromArray(S, x, off + i + L));
            a2 = a2.add(FloatVector.fromArray(S, x, off + i + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, x, off + i + 3 * L));
        }
        for (int end = S.loopBound(n); i < end; i += L) {
            a0 = a0.add(FloatVector.fromArray(S, x, off + i));
        }
        // Lane order, not reduceLanes(ADD): compiled code sums lanes as a tree and interpreted code in order,
        // which would make the bits depend on JIT state (seen on JDK 25 at 128 bits).
        double s = CpuSoftmaxMath.sumLanes(a0.add(a1).add(a2.add(a3)), new float[L]);
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    /** max(sign * x) with Math.max semantics: NaN wins. sign is +1 or -1 (MIN = -max(-x)). */
    static float max(float[] x, int off, int n, float sign) {
        FloatVector a0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int i = 0;
        for (int end = n - 4 * L; i <= end; i += 4 * L) {
            a0 = a0.max(FloatVector.fromArray(S, x, off + i).mul(sign));
            a1 = a1.max(FloatVector.fromArray(S, x, off + i + L).mul(sign));
            a2 = a2.max(FloatVector.fromArray(S, x, off + i + 2 * L).mul(sign));
            a3 = a3.max(FloatVector.fromArray(S, x, off + i + 3 * L).mul(sign));
        }
        for (int end = S.loopBound(n); i < end; i += L) {
            a0 = a0.max(FloatVector.fromArray(S, x, off + i).mul(sign));
        }
        float m = a0.max(a1).max(a2.max(a3)).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, x[off + i] * sign);
        }
        return m;
    }

    /** The first index in the run holding target (NaN: the first NaN), as a float; -1 if absent. */
    static float firstIndexOf(float[] x, int off, int n, float target) {
        boolean nan = Float.isNaN(target);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            VectorMask<Float> hit = nan ? v.test(VectorOperators.IS_NAN) : v.compare(VectorOperators.EQ, target);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; i < n; i++) {
            float v = x[off + i];
            if (nan ? Float.isNaN(v) : v == target) {
                return i;
            }
        }
        return -1;
    }
}
