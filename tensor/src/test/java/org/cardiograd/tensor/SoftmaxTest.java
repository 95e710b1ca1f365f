package org.cardiograd.tensor;

import static org.cardiograd.tensor.FusedKernelChecks.assertClose;
import static org.cardiograd.tensor.FusedKernelChecks.assertGradient;
import static org.cardiograd.tensor.FusedKernelChecks.normal;
import static org.cardiograd.tensor.FusedKernelChecks.numericGradient;
import static org.cardiograd.tensor.FusedKernelChecks.uniform;
import static org.cardiograd.tensor.FusedKernelChecks.weightedSum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.reference.ReferenceBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Softmax and log-softmax (forward and backward) of the CPU backend against the reference, and the reference's
 * backward against finite differences of its forward.
 * Tolerances: probabilities 1e-6 absolute + 1e-5 relative; log-probabilities and gradients 1e-5 + 1e-5 relative
 * (float32 rounding of a few operations per element); finite differences 2e-3 absolute (step 1e-2 in float).
 */
class SoftmaxTest {
    private static final Backend CPU = new CpuBackend(2);
    private static final Backend REF = new ReferenceBackend();
    private static final int[][] SHAPES = {{1, 1}, {3, 17}, {5, 33}, {7, 64}, {2, 1000}, {37, 3}, {300, 31}};

    private static Tensor forward(Backend b, float[] x, int[] shape, boolean log) {
        Tensor t = Tensor.fromArray(b, x, shape);
        return log ? t.logSoftmax(-1) : t.softmax(-1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void forwardMatchesReference(boolean log) {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] shape : SHAPES) {
            float[] x = uniform(rnd, shape[0] * shape[1], -10, 10);
            float[] expected = forward(REF, x, shape, log).toArray();
            float[] actual = forward(CPU, x, shape, log).toArray();
            assertClose((log ? "logSoftmax " : "softmax ") + shape[0] + "x" + shape[1], expected, actual,
                    log ? 1e-5 : 1e-6, 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void stableForLargeAndInfiniteInputs(boolean log) {
        float inf = Float.POSITIVE_INFINITY;
        // rows: huge values where a naive exp overflows; -inf entries (masked); large negative values
        float[] x = {
            1e30f, 1e30f, -1e30f, 0f, 5f,
            1000f, 999f, 998f, -inf, 1000f,
            -inf, -inf, 3f, -inf, -inf,
            -1000f, -1001f, -1002f, -1003f, -1004f,
        };
        int[] shape = {4, 5};
        float[] expected = forward(REF, x, shape, log).toArray();
        float[] actual = forward(CPU, x, shape, log).toArray();
        assertClose("stability", expected, actual, 1e-6, 1e-5);
        for (int r = 0; r < 4; r++) {
            double sum = 0;
            for (int j = 0; j < 5; j++) {
                float v = actual[r * 5 + j];
                assertTrue(!Float.isNaN(v), "row " + r + " has NaN");
                sum += log ? Math.exp(v) : v;
            }
            assertEquals(1.0, sum, 1e-5, "row " + r + " sums to 1");
        }
        // a masked entry has probability 0 (log-probability -inf); the lone finite entry has probability 1
        assertEquals(log ? -inf : 0f, actual[8]);
        assertEquals(log ? 0f : 1f, actual[12]);
    }

    @Test
    void rowOfAllNegativeInfinityIsNaNLikeIeee() {
        float inf = Float.POSITIVE_INFINITY;
        float[] x = {-inf, -inf, -inf, 1f, 2f, 3f};
        for (boolean log : new boolean[] {false, true}) {
            float[] expected = forward(REF, x, new int[] {2, 3}, log).toArray();
            float[] actual = forward(CPU, x, new int[] {2, 3}, log).toArray();
            assertTrue(Float.isNaN(expected[0]) && Float.isNaN(actual[0]), "0/0 stays NaN");
            assertClose("all -inf row", expected, actual, 1e-6, 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void backwardMatchesReference(boolean log) {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int[] shape : SHAPES) {
            int n = shape[0] * shape[1];
            float[] y = forward(REF, uniform(rnd, n, -4, 4), shape, log).toArray();
            float[] dy = normal(rnd, n, 0, 1);
            float[] expected = FusedOps.softmaxBackward(Tensor.fromArray(REF, y, shape),
                    Tensor.fromArray(REF, dy, shape), -1, log).toArray();
            float[] actual = FusedOps.softmaxBackward(Tensor.fromArray(CPU, y, shape),
                    Tensor.fromArray(CPU, dy, shape), -1, log).toArray();
            assertClose((log ? "logSoftmax" : "softmax") + " backward " + shape[0] + "x" + shape[1], expected,
                    actual, 1e-5, 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void referenceBackwardMatchesFiniteDifferences(boolean log) {
        SplittableRandom rnd = new SplittableRandom(13);
        int[] shape = {3, 5};
        float[] x = normal(rnd, 15, 0, 1.5);
        float[] w = normal(rnd, 15, 0, 1);
        double[] numeric = numericGradient(x, 1e-2, xs -> weightedSum(w, forward(REF, xs, shape, log).toArray()));
        Tensor y = forward(REF, x, shape, log);
        float[] analytic = FusedOps.softmaxBackward(y, Tensor.fromArray(REF, w, shape), -1, log).toArray();
        assertGradient(log ? "logSoftmax" : "softmax", numeric, analytic, 2e-3, 1e-3);
    }

    @Test
    void threadCountDoesNotChangeResults() {
        SplittableRandom rnd = new SplittableRandom(14);
        int[] shape = {513, 77};
        float[] x = uniform(rnd, shape[0] * shape[1], -6, 6);
        Backend one = new CpuBackend(1);
        FusedKernelChecks.assertBitwiseEqual("softmax 1 vs 2 threads", forward(one, x, shape, false).toArray(),
                forward(CPU, x, shape, false).toArray());
    }
}
