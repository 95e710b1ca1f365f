package org.cardiograd.tensor.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.Function;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Tensor;

/**
 * Helpers of the OpenCL tests: the same data and the same view recipe on the CPU backend (the reference here)
 * and on the OpenCL device, and an element-wise comparison with a stated tolerance.
 */
final class OpenClChecks {
    private OpenClChecks() {}

    static final Backend CPU = Backends.cpu();

    /** One tensor on each backend, built from the same values and the same view recipe. */
    static final class Pair {
        final Tensor cpu;
        final Tensor cl;

        Pair(Tensor cpu, Tensor cl) {
            this.cpu = cpu;
            this.cl = cl;
        }

        Pair view(Function<Tensor, Tensor> recipe) {
            return new Pair(recipe.apply(cpu), recipe.apply(cl));
        }

        void assertClose(String what, double atol, double rtol) {
            OpenClChecks.assertClose(what, cpu.toArray(), cl.toArray(), atol, rtol);
        }
    }

    static Pair pair(OpenClBackend cl, float[] data, int... shape) {
        return new Pair(Tensor.fromArray(CPU, data, shape), Tensor.fromArray(cl, data, shape));
    }

    static Pair zeros(OpenClBackend cl, int... shape) {
        return new Pair(Tensor.zeros(CPU, shape), Tensor.zeros(cl, shape));
    }

    static Pair uniform(OpenClBackend cl, SplittableRandom rnd, double lo, double hi, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        }
        return pair(cl, a, shape);
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
            } else if (Math.abs((double) a - e) > atol + rtol * Math.abs(e)) {
                fail(what + ": element " + i + " is " + a + ", expected " + e + " (|diff| "
                        + Math.abs((double) a - e) + " > " + (atol + rtol * Math.abs(e)) + ")");
            }
        }
    }
}
