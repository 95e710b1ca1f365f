package org.cardiograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The deterministic vector exp and lane sum used by softmax, layer norm and attention. Tolerance: exp within
 * 2 ulp of Math.exp for arguments down to ln(2^-126), where it flushes to zero.
 */
class CpuSoftmaxMathTest {
    private static final int L = CpuSoftmaxMath.L;

    private static float[] exp(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i += L) {
            CpuSoftmaxMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i)).intoArray(out, i);
        }
        return out;
    }

    @Test
    void expIsWithinTwoUlpOfMathExp() {
        int n = 200_000 / L * L;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -87.3f * i / n + (i % 7 == 0 ? 0.5f : 0f); // covers [-87.3, 0.5]
        }
        float[] y = exp(x);
        for (int i = 0; i < n; i++) {
            double expected = Math.exp(x[i]);
            double ulps = Math.abs(y[i] - expected) / Math.ulp((float) expected);
            assertTrue(ulps <= 2, "exp(" + x[i] + ") = " + y[i] + ", expected " + expected + " (" + ulps + " ulp)");
        }
    }

    @Test
    void expEdgeCases() {
        float[] x = new float[L];
        float[] expected = new float[L];
        float[] special = {0f, Float.NEGATIVE_INFINITY, Float.NaN, -1e30f, -88f, 1f, -0f, 88f};
        for (int i = 0; i < L; i++) {
            x[i] = special[i % special.length];
            expected[i] = x[i] < -87.34f ? 0f : (float) Math.exp(x[i]);
        }
        float[] y = exp(x);
        for (int i = 0; i < L; i++) {
            if (Float.isNaN(expected[i])) {
                assertTrue(Float.isNaN(y[i]), "exp(NaN) is NaN");
            } else {
                assertEquals(expected[i], y[i], 2 * Math.ulp(expected[i]), "exp(" + x[i] + ")");
            }
        }
    }

    @Test
    void sumLanesAddsInLaneOrder() {
        float[] v = new float[L];
        float expected = 0f;
        for (int i = 0; i < L; i++) {
            v[i] = i % 2 == 0 ? 1e8f : 1f + i;
            expected += v[i];
        }
        float got = CpuSoftmaxMath.sumLanes(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, v, 0), new float[L]);
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got));
    }
}
