package org.cardiograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.ScalarMath;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.UnaryOp;
import org.cardiograd.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * The CPU GEMM against a double-precision triple loop written here, over the strided 3-d operand views of
 * {@link Backend#matmul}.
 *
 * <p>Tolerance: the float result of a K-term dot product (FMA chains, summed over blocks of K) is within
 * gamma = (K + 2) * 2^-24 * sum_k |a_ik b_kj| of the exact value (the standard rounding-error bound), plus
 * 1e-6 absolute for the bias add. After a GELU (slope at most 1.13) the bound is scaled by 1.2 and widened by
 * 1e-5 relative for the float activation itself. A wrong index or a lost term is off by O(|a||b|), far above.
 */
class GemmTest {
    private static final CpuBackend CPU = new CpuBackend(2);
    private static final CpuBackend CPU1 = new CpuBackend(1);
    private static final CpuBackend CPU3 = new CpuBackend(3);

    // ---- operand construction ----------------------------------------------------------------------

    /**
     * A [batch, rows, cols] view of random values with a row stride of cols + pad, a storage offset, and a
     * batch stride 0 when {@code shared} (one matrix for every batch entry).
     */
    static Tensor operand(Backend be, SplittableRandom rnd, int batch, int rows, int cols, int pad, boolean shared) {
        int storedBatch = shared ? 1 : batch;
        int rowLen = cols + pad;
        float[] data = new float[storedBatch * rows * rowLen + 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        Tensor flat = Tensor.fromArray(be, data, data.length);
        Tensor t = flat.narrow(0, 3, storedBatch * rows * rowLen).reshape(storedBatch, rows, rowLen)
                .narrow(2, pad / 2, cols);
        return shared ? t.expand(batch, rows, cols) : t;
    }

    /** Logical element (p, r, c) of a rank-3 view. */
    static float at(Tensor t, int p, int r, int c) {
        return HostStorage.array(t)[(int) (t.offset() + p * t.stride(0) + r * t.stride(1) + c * t.stride(2))];
    }

    /** Expected out and its error bound, in double. */
    record Expected(double[] value, double[] bound) {}

    static Expected expected(Tensor a, boolean transA, Tensor b, boolean transB, int batch, int m, int n, int k,
                             float[] bias, Epilogue e, float[] initial) {
        double[] value = new double[batch * m * n];
        double[] bound = new double[value.length];
        double gamma = (k + 2) * Math.pow(2, -24);
        for (int p = 0; p < batch; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    double abs = 0;
                    for (int q = 0; q < k; q++) {
                        double x = transA ? at(a, p, q, i) : at(a, p, i, q);
                        double y = transB ? at(b, p, j, q) : at(b, p, q, j);
                        s += x * y;
                        abs += Math.abs(x * y);
                    }
                    int o = (p * m + i) * n + j;
                    double tol = gamma * abs + 1e-6;
                    if (initial != null) {
                        s += initial[o];
                        tol += gamma * Math.abs(initial[o]);
                    }
                    if (bias != null) {
                        s += bias[j];
                    }
                    if (e != Epilogue.NONE) {
                        s = ScalarMath.epilogue(e, s);
                        tol = 1.2 * tol + 1e-5 * Math.abs(s);
                    }
                    value[o] = s;
                    bound[o] = tol;
                }
            }
        }
        return new Expected(value, bound);
    }

    static void assertClose(Expected want, float[] got, String what) {
        assertEquals(want.value().length, got.length, what);
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs(got[i] - want.value()[i]);
            if (!(err <= want.bound()[i])) {
                fail(what + ": element " + i + " is " + got[i] + ", expected " + want.value()[i] + " within "
                        + want.bound()[i]);
            }
        }
    }

    static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** Runs one case on the given backend and checks it against the double reference. */
    static float[] check(Backend be, long seed, int batch, int m, int n, int k, boolean transA, boolean transB,
                         int pad, boolean sharedA, boolean sharedB, boolean withBias, Epilogue e, boolean accumulate) {
        return run(be, true, seed, batch, m, n, k, transA, transB, pad, sharedA, sharedB, withBias, e, accumulate);
    }

    /** Runs one case; checks it against the double reference when asked. Returns the output. */
    static float[] run(Backend be, boolean verify, long seed, int batch, int m, int n, int k, boolean transA,
                       boolean transB, int pad, boolean sharedA, boolean sharedB, boolean withBias, Epilogue e,
                       boolean accumulate) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor a = transA ? operand(be, rnd, batch, k, m, pad, sharedA) : operand(be, rnd, batch, m, k, pad, sharedA);
        Tensor b = transB ? operand(be, rnd, batch, n, k, pad, sharedB) : operand(be, rnd, batch, k, n, pad, sharedB);
        float[] bias = withBias ? random(rnd, n) : null;
        float[] initial = accumulate ? random(rnd, batch * m * n) : null;
        Tensor out = initial != null ? Tensor.fromArray(be, initial, batch, m, n) : Tensor.zeros(be, batch, m, n);
        Tensor biasT = bias == null ? null : Tensor.fromArray(be, bias, n);
        be.matmul(a, transA, b, transB, out, biasT, e, accumulate);
        String what = be + " batch=" + batch + " " + m + "x" + n + "x" + k + " transA=" + transA + " transB=" + transB
                + " pad=" + pad + " sharedA=" + sharedA + " sharedB=" + sharedB + " bias=" + withBias + " " + e
                + " accumulate=" + accumulate;
        float[] got = out.toArray();
        if (verify) {
            assertClose(expected(a, transA, b, transB, batch, m, n, k, bias, e, initial), got, what);
        }
        return got;
    }

    // ---- shapes and layouts -------------------------------------------------------------------------

    /**
     * M, N, K triples: tails of every kind, the direct path and the packed one, K and M beyond one block. At 512
     * bits, N = 16, 64 and 1024 end in a panel of exactly one vector (the 24-row tail kernel writes C directly,
     * then 8-row groups), N = 1, 100 and 300 in a narrower one (through the scratch tile).
     */
    static final int[][] SHAPES = {
        {1, 1, 1}, {1, 7, 17}, {2, 33, 65}, {7, 17, 31}, {17, 31, 33}, {31, 33, 2}, {33, 65, 7},
        {65, 100, 257}, {100, 257, 65}, {257, 100, 33}, {257, 257, 17}, {1, 257, 300}, {300, 1, 257},
        {7, 17, 600}, {2, 33, 1000}, {40, 1100, 20}, {300, 520, 270}, {24, 16, 300}, {100, 64, 300},
        {50, 1024, 520},
    };

    @Test
    void allTransposeCombinationsAndOddSizes() {
        long seed = 1;
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                check(CPU, seed++, 1, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, 0, false, false, false,
                        Epilogue.NONE, false);
            }
        }
    }

    @Test
    void rowStridesLargerThanTheRow() {
        long seed = 100;
        for (int[] s : new int[][] {{7, 17, 31}, {65, 100, 257}, {33, 70, 300}}) {
            for (int t = 0; t < 4; t++) {
                check(CPU, seed++, 2, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, 5, false, false, false,
                        Epilogue.NONE, false);
            }
        }
    }

    @Test
    void batchedWithOneOperandShared() {
        long seed = 200;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            check(CPU, seed++, 3, 33, 17, 65, ta, tb, 3, true, false, false, Epilogue.NONE, false);
            check(CPU, seed++, 3, 33, 17, 65, ta, tb, 3, false, true, false, Epilogue.NONE, false);
            check(CPU, seed++, 5, 3, 5, 7, ta, tb, 1, false, true, false, Epilogue.NONE, false);
        }
        // Attention-like: many small products, batch split across threads.
        check(CPU, seed++, 24, 40, 40, 64, false, true, 0, false, false, false, Epilogue.NONE, false);
        check(CPU, seed, 24, 40, 64, 40, false, false, 0, false, false, false, Epilogue.NONE, false);
    }

    @Test
    void biasAndEpilogues() {
        long seed = 300;
        for (Epilogue e : Epilogue.values()) {
            for (int[] s : new int[][] {{3, 5, 7}, {33, 70, 300}, {9, 1, 40}}) {
                check(CPU, seed++, 1, s[0], s[1], s[2], false, false, 0, false, false, true, e, false);
                check(CPU, seed++, 2, s[0], s[1], s[2], true, true, 2, false, false, false, e, false);
            }
        }
    }

    @Test
    void geluHandlesLargeAndSpecialInputs() {
        // 1 x 1 product with K = 1 puts exact chosen values through the epilogue.
        float[] xs = {-100f, -12f, -5f, -0.5f, 0f, 0.5f, 3f, 30f, Float.POSITIVE_INFINITY, Float.NaN};
        for (Epilogue e : new Epilogue[] {Epilogue.GELU_TANH, Epilogue.GELU_ERF}) {
            Tensor a = Tensor.fromArray(CPU, xs, 1, xs.length, 1);
            Tensor b = Tensor.fromArray(CPU, new float[] {1f}, 1, 1, 1);
            Tensor out = Tensor.zeros(CPU, 1, xs.length, 1);
            CPU.matmul(a, false, b, false, out, null, e, false);
            float[] got = out.toArray();
            for (int i = 0; i < xs.length; i++) {
                double want = ScalarMath.epilogue(e, xs[i]);
                if (Double.isNaN(want)) {
                    assertTrue(Float.isNaN(got[i]), e + "(" + xs[i] + ") = " + got[i]);
                } else {
                    assertEquals(want, got[i], 1e-6 + 1e-5 * Math.abs(want), e + "(" + xs[i] + ")");
                }
            }
        }
    }

    @Test
    void accumulateAddsIntoOut() {
        long seed = 400;
        for (int[] s : new int[][] {{3, 5, 7}, {65, 100, 257}, {300, 40, 270}}) {
            for (int t = 0; t < 4; t++) {
                check(CPU, seed++, 2, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, 1, false, t == 3, false,
                        Epilogue.NONE, true);
            }
        }
    }

    @Test
    void emptyInnerDimension() {
        SplittableRandom rnd = new SplittableRandom(7);
        Tensor a = Tensor.zeros(CPU, 2, 3, 0);
        Tensor b = Tensor.zeros(CPU, 2, 0, 4);
        float[] bias = random(rnd, 4);
        Tensor out = Tensor.fromArray(CPU, random(rnd, 24), 2, 3, 4);
        CPU.matmul(a, false, b, false, out, Tensor.fromArray(CPU, bias, 4), Epilogue.GELU_ERF, false);
        float[] got = out.toArray();
        for (int i = 0; i < got.length; i++) {
            assertEquals(ScalarMath.geluErf(bias[i % 4]), got[i], 1e-6, "element " + i);
        }
        float[] before = random(rnd, 24);
        Tensor acc = Tensor.fromArray(CPU, before, 2, 3, 4);
        CPU.matmul(a, false, b, false, acc, null, Epilogue.NONE, true);
        assertArrayEquals(before, acc.toArray());
        Tensor plain = Tensor.fromArray(CPU, random(rnd, 24), 2, 3, 4);
        CPU.matmul(a, false, b, false, plain, null, Epilogue.NONE, false);
        assertArrayEquals(new float[24], plain.toArray());
    }

    @Test
    void nanAndInfinityPropagate() {
        int m = 40, n = 50, k = 30;
        SplittableRandom rnd = new SplittableRandom(8);
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        a[5 * k + 3] = Float.NaN;              // row 5 of A
        b[2 * n + 7] = Float.POSITIVE_INFINITY; // column 7 of B (k = 2)
        Tensor out = Tensor.zeros(CPU, 1, m, n);
        CPU.matmul(Tensor.fromArray(CPU, a, 1, m, k), false, Tensor.fromArray(CPU, b, 1, k, n), false, out, null,
                Epilogue.NONE, false);
        float[] got = out.toArray();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float v = got[i * n + j];
                if (i == 5) {
                    assertTrue(Float.isNaN(v), "row 5 col " + j);
                } else if (j == 7) {
                    assertTrue(Float.isInfinite(v) || Float.isNaN(v), "col 7 row " + i);
                } else {
                    assertTrue(Float.isFinite(v), "row " + i + " col " + j);
                }
            }
        }
    }

    @Test
    void fusedGeluGivesTheBitsOfMatmulThenTheGeluOp() {
        // Row length a multiple of every SIMD width, so the unary op's scalar tail never runs.
        int m = 37, n = 48, k = 300;
        SplittableRandom rnd = new SplittableRandom(12);
        Tensor a = operand(CPU, rnd, 1, m, k, 0, false);
        Tensor b = operand(CPU, rnd, 1, k, n, 0, false);
        Tensor bias = operand(CPU, rnd, 1, 1, n, 0, false).reshape(n);
        for (Epilogue e : new Epilogue[] {Epilogue.GELU_TANH, Epilogue.GELU_ERF}) {
            Tensor fused = Tensor.zeros(CPU, 1, m, n);
            CPU.matmul(a, false, b, false, fused, bias, e, false);
            Tensor linear = Tensor.zeros(CPU, 1, m, n);
            CPU.matmul(a, false, b, false, linear, bias, Epilogue.NONE, false);
            Tensor separate = Tensor.zeros(CPU, 1, m, n);
            CPU.unary(e == Epilogue.GELU_TANH ? UnaryOp.GELU_TANH : UnaryOp.GELU_ERF, linear, separate);
            assertArrayEquals(HostStorage.array(separate), HostStorage.array(fused), e.toString());
        }
    }

    // ---- determinism across thread counts -----------------------------------------------------------

    @Test
    void threadCountDoesNotChangeAnyBit() {
        // Shared-B team runs (one and several column blocks, the latter with A packed once per K block, or per
        // chunk of rows beyond SHARED_A_ROWS), independent tasks (batched; few rows with columns split), and a K
        // beyond one block.
        int[][] cases = {{1, 300, 520, 270}, {1, 1000, 96, 300}, {3, 65, 1100, 40}, {16, 40, 40, 64},
            {1, 2, 700, 600}, {1, 130, 2200, 300}, {1, 200, 1024, 300}, {1, 2100, 1150, 20}};
        long seed = 500;
        for (int[] c : cases) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                Epilogue e = Epilogue.values()[t % 3];
                float[] one = run(CPU1, t == 0, seed, c[0], c[1], c[2], c[3], ta, tb, 1, false, false, t != 0, e,
                        false);
                float[] two = run(CPU, false, seed, c[0], c[1], c[2], c[3], ta, tb, 1, false, false, t != 0, e, false);
                float[] three = run(CPU3, false, seed, c[0], c[1], c[2], c[3], ta, tb, 1, false, false, t != 0, e,
                        false);
                seed++;
                assertArrayEquals(one, two, "1 vs 2 threads " + java.util.Arrays.toString(c) + " t=" + t);
                assertArrayEquals(one, three, "1 vs 3 threads " + java.util.Arrays.toString(c) + " t=" + t);
            }
        }
    }

    // ---- the reference oracle itself ----------------------------------------------------------------

    @Test
    void referenceBackendMatchesTheDoubleLoop() {
        ReferenceBackend ref = new ReferenceBackend();
        long seed = 600;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            check(ref, seed++, 3, 7, 17, 31, ta, tb, 2, t == 1, t == 2, false, Epilogue.NONE, false);
            check(ref, seed++, 2, 5, 9, 11, ta, tb, 0, false, false, true, Epilogue.values()[t % 3], false);
            check(ref, seed++, 2, 5, 9, 11, ta, tb, 1, false, false, false, Epilogue.NONE, true);
        }
    }

    // ---- errors -------------------------------------------------------------------------------------

    @Test
    void rejectsBadShapes() {
        Tensor a = Tensor.zeros(CPU, 1, 3, 4);
        Tensor b = Tensor.zeros(CPU, 1, 5, 6);
        Tensor out = Tensor.zeros(CPU, 1, 3, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CPU.matmul(a, false, b, false, out, null, Epilogue.NONE, false));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[1, 3, 4]"), e.getMessage());
        Tensor b2 = Tensor.zeros(CPU, 1, 4, 6);
        assertThrows(IllegalArgumentException.class,
                () -> CPU.matmul(a, false, b2, false, out, Tensor.zeros(CPU, 6), Epilogue.NONE, true));
        assertThrows(IllegalArgumentException.class,
                () -> CPU.matmul(a, false, b2, false, out, Tensor.zeros(CPU, 5), Epilogue.NONE, false));
        assertThrows(IllegalArgumentException.class,
                () -> CPU.matmul(a, false, b2, false, Tensor.zeros(CPU, 1, 6, 3).mT(), null, Epilogue.NONE, false));
    }
}
