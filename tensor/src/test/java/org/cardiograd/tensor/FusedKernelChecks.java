package org.cardiograd.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Shared helpers of the fused-kernel tests (softmax, layer norm, attention, AdamW): seeded random data,
 * element-wise comparison with a stated tolerance, and a central finite-difference gradient.
 */
final class FusedKernelChecks {
    private FusedKernelChecks() {}

    static float[] uniform(SplittableRandom rnd, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        }
        return a;
    }

    static float[] normal(SplittableRandom rnd, int n, double mean, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller, one value per pair of uniforms: plain and seeded
            double u = 1.0 - rnd.nextDouble();
            double w = rnd.nextDouble();
            a[i] = (float) (mean + std * Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * w));
        }
        return a;
    }

    /**
     * Fails unless |actual - expected| &lt;= atol + rtol |expected| everywhere; equal infinities and NaN against
     * NaN count as equal.
     */
    static void assertClose(String what, float[] expected, float[] actual, double atol, double rtol) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a) || Float.isInfinite(e) || Float.isInfinite(a)) {
                if (Float.compare(e, a) != 0) {
                    fail(what + ": element " + i + " is " + a + ", expected " + e);
                }
                continue;
            }
            if (Math.abs((double) a - e) > atol + rtol * Math.abs(e)) {
                fail(what + ": element " + i + " is " + a + ", expected " + e + " (|diff| "
                        + Math.abs((double) a - e) + " > " + (atol + rtol * Math.abs(e)) + ")");
            }
        }
    }

    static void assertBitwiseEqual(String what, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected exactly " + expected[i]);
            }
        }
    }

    static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * Central differences of f at x: for each element, (f(x + h) - f(x - h)) / (the actual float step),
     * with x restored afterwards. f should be a weighted sum of a forward's outputs, computed in double.
     */
    static double[] numericGradient(float[] x, double h, ToDoubleFunction<float[]> f) {
        double[] grad = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            float saved = x[i];
            float up = (float) (saved + h);
            float down = (float) (saved - h);
            x[i] = up;
            double fUp = f.applyAsDouble(x);
            x[i] = down;
            double fDown = f.applyAsDouble(x);
            x[i] = saved;
            grad[i] = (fUp - fDown) / ((double) up - down);
        }
        return grad;
    }

    /** sum of w[i] * y[i] in double: the scalar whose gradient with respect to y is w. */
    static double weightedSum(float[] w, float[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (double) w[i] * y[i];
        }
        return s;
    }

    static void assertGradient(String what, double[] numeric, float[] analytic, double atol, double rtol) {
        float[] expected = new float[numeric.length];
        for (int i = 0; i < numeric.length; i++) {
            expected[i] = (float) numeric[i];
        }
        assertClose(what + " (analytic vs finite differences)", expected, analytic, atol, rtol);
    }
}
