package org.cardiograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * The matmul front end (Tensor.matmul, FusedOps.matmul, FusedOps.matmulAccumulate) on the CPU backend against
 * the reference backend: n-d broadcasting of batch dims, 1-d operands, transposed and sliced views, bias and
 * GELU epilogues, accumulation.
 *
 * <p>Tolerance per element: (K + 2) * 2^-24 * (|A| |B|)_ij + 1e-6, the float rounding bound of a K-term dot
 * product, where |A| |B| is the same computation run on the absolute values; after a GELU it is scaled by 1.2
 * and widened by 1e-5 relative.
 */
class MatmulTest {
    private static final Backend CPU = new CpuBackend(2);
    private static final Backend REF = new ReferenceBackend();

    /** Random data shared by both backends; a case builds its tensors from it (or from its absolute values). */
    static final class Data {
        private final SplittableRandom rnd;

        Data(long seed) {
            rnd = new SplittableRandom(seed);
        }

        float[] next(int n) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            return x;
        }
    }

    static float[] abs(float[] x, boolean abs) {
        if (!abs) {
            return x;
        }
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }

    /**
     * Runs {@code op(backend, abs)} on the CPU and the reference, and on the reference with absolute values for
     * the error bound; checks the shapes match and every element is within the bound.
     */
    static void compare(String what, int k, boolean activation, BiFunction<Backend, Boolean, Tensor> op) {
        Tensor got = op.apply(CPU, false);
        Tensor want = op.apply(REF, false);
        Tensor magnitude = op.apply(REF, true);
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        float[] g = got.toArray();
        float[] w = want.toArray();
        float[] mag = magnitude.toArray();
        double gamma = (k + 2) * Math.pow(2, -24);
        for (int i = 0; i < g.length; i++) {
            double tol = gamma * mag[i] + 1e-6;
            if (activation) {
                tol = 1.2 * tol + 1e-5 * Math.abs(w[i]);
            }
            if (!(Math.abs(g[i] - w[i]) <= tol)) {
                fail(what + ": element " + i + " is " + g[i] + " on cpu, " + w[i] + " on reference (tolerance " + tol
                        + ")");
            }
        }
    }

    @Test
    void twoDimensionalOddSizes() {
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {17, 31, 33}, {65, 100, 257}, {100, 33, 300}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            Data d = new Data(m * 1000L + n);
            float[] a = d.next(m * k);
            float[] b = d.next(k * n);
            compare(m + "x" + k + " @ " + k + "x" + n, k, false, (be, abs) ->
                    Tensor.fromArray(be, abs(a, abs), m, k).matmul(Tensor.fromArray(be, abs(b, abs), k, n)));
        }
    }

    @Test
    void oneDimensionalOperands() {
        Data d = new Data(2);
        int m = 9, k = 40, n = 13;
        float[] mat = d.next(m * k);
        float[] matB = d.next(k * n);
        float[] v = d.next(k);
        float[] u = d.next(k);
        compare("vector @ matrix", k, false, (be, abs) ->
                Tensor.fromArray(be, abs(v, abs), k).matmul(Tensor.fromArray(be, abs(matB, abs), k, n)));
        compare("matrix @ vector", k, false, (be, abs) ->
                Tensor.fromArray(be, abs(mat, abs), m, k).matmul(Tensor.fromArray(be, abs(v, abs), k)));
        compare("vector @ vector", k, false, (be, abs) ->
                Tensor.fromArray(be, abs(v, abs), k).matmul(Tensor.fromArray(be, abs(u, abs), k)));
        Tensor dot = Tensor.fromArray(CPU, v, k).matmul(Tensor.fromArray(CPU, u, k));
        assertTrue(dot.rank() == 0, "vector @ vector is a scalar, got rank " + dot.rank());
        float[] batched = d.next(2 * 3 * m * k);
        compare("batched matrix @ vector", k, false, (be, abs) ->
                Tensor.fromArray(be, abs(batched, abs), 2, 3, m, k).matmul(Tensor.fromArray(be, abs(v, abs), k)));
    }

    @Test
    void batchDimsBroadcast() {
        Data d = new Data(3);
        int m = 7, k = 33, n = 17;
        float[] a4 = d.next(2 * 3 * m * k);
        float[] b2 = d.next(k * n);
        float[] a3 = d.next(3 * m * k);
        float[] b4 = d.next(2 * 1 * k * n);
        float[] b3 = d.next(3 * k * n);
        compare("[2,3,M,K] @ [K,N]", k, false, (be, abs) ->
                Tensor.fromArray(be, abs(a4, abs), 2, 3, m, k).matmul(Tensor.fromArray(be, abs(b2, abs), k, n)));
        compare("[M,K] @ [3,K,N]", k, false, (be, abs) ->
                Tensor.fromArray(be, abs(a3, abs), 3, m, k).select(0, 1)
                        .matmul(Tensor.fromArray(be, abs(b3, abs), 3, k, n)));
        compare("[3,M,K] @ [2,1,K,N]", k, false, (be, abs) ->
                Tensor.fromArray(be, abs(a3, abs), 3, m, k).matmul(Tensor.fromArray(be, abs(b4, abs), 2, 1, k, n)));
        compare("[2,3,M,K] @ [3,K,N]", k, false, (be, abs) ->
                Tensor.fromArray(be, abs(a4, abs), 2, 3, m, k).matmul(Tensor.fromArray(be, abs(b3, abs), 3, k, n)));
    }

    /**
     * A linear layer on [B, T, in] runs as one tall GEMM over all B*T rows (the weight is packed once); each row
     * must still come out bit for bit as when its batch entry is multiplied alone, with a transposed weight
     * view, a bias and an epilogue.
     */
    @Test
    void batchOfRowsTimesOneMatrixEqualsEachEntryAlone() {
        Data d = new Data(8);
        int batch = 5, t = 41, in = 70, out = 53;
        Tensor x = Tensor.fromArray(CPU, d.next(batch * t * in), batch, t, in);
        Tensor wT = Tensor.fromArray(CPU, d.next(out * in), out, in).mT();
        Tensor bias = Tensor.fromArray(CPU, d.next(out), out);
        for (Epilogue e : new Epilogue[] {Epilogue.NONE, Epilogue.GELU_ERF}) {
            Tensor all = FusedOps.matmul(x, wT, bias, e);
            assertArrayEquals(new int[] {batch, t, out}, all.shape());
            for (int i = 0; i < batch; i++) {
                assertArrayEquals(FusedOps.matmul(x.select(0, i), wT, bias, e).toArray(),
                        all.select(0, i).toArray(), "batch entry " + i + ", " + e);
            }
        }
        compare("[B,T,K] @ [K,N]^T view", in, false, (be, abs) ->
                Tensor.fromArray(be, abs(x.toArray(), abs), batch, t, in)
                        .matmul(Tensor.fromArray(be, abs(wT.mT().toArray(), abs), out, in).mT()));
    }

    @Test
    void transposedAndSlicedViews() {
        Data d = new Data(4);
        int m = 31, k = 65, n = 40;
        float[] aT = d.next(k * m);     // stored [K, M]
        float[] bT = d.next(n * k);     // stored [N, K]
        float[] wide = d.next(m * (k + 9));
        float[] batchedT = d.next(4 * k * m);
        float[] b = d.next(k * n);
        compare("A^T @ B via mT", k, false, (be, abs) ->
                Tensor.fromArray(be, abs(aT, abs), k, m).mT().matmul(Tensor.fromArray(be, abs(b, abs), k, n)));
        compare("A @ B^T via mT", k, false, (be, abs) ->
                Tensor.fromArray(be, abs(wide, abs), m, k + 9).narrow(1, 0, k)
                        .matmul(Tensor.fromArray(be, abs(bT, abs), n, k).mT()));
        compare("A^T @ B^T", k, false, (be, abs) ->
                Tensor.fromArray(be, abs(aT, abs), k, m).mT().matmul(Tensor.fromArray(be, abs(bT, abs), n, k).mT()));
        compare("sliced rows and columns", k - 9, false, (be, abs) ->
                Tensor.fromArray(be, abs(wide, abs), m, k + 9).slice(0, 1, m, 2).narrow(1, 4, k - 9)
                        .matmul(Tensor.fromArray(be, abs(b, abs), k, n).narrow(0, 0, k - 9)));
        compare("batched transposed", k, false, (be, abs) ->
                Tensor.fromArray(be, abs(batchedT, abs), 4, k, m).mT()
                        .matmul(Tensor.fromArray(be, abs(b, abs), k, n)));
        compare("column slice needing a copy", 20, false, (be, abs) ->
                Tensor.fromArray(be, abs(wide, abs), m, k + 9).slice(1, 0, 40, 2)
                        .matmul(Tensor.fromArray(be, abs(b, abs), k, n).narrow(0, 0, 20)));
    }

    @Test
    void fusedBiasAndGelu() {
        Data d = new Data(5);
        int rows = 5, k = 70, n = 33;
        float[] x = d.next(2 * rows * k);
        float[] w = d.next(k * n);
        float[] bias = d.next(n);
        for (Epilogue e : Epilogue.values()) {
            compare("x W + b then " + e, k, e != Epilogue.NONE, (be, abs) ->
                    FusedOps.matmul(Tensor.fromArray(be, abs(x, abs), 2, rows, k),
                            Tensor.fromArray(be, abs(w, abs), k, n), Tensor.fromArray(be, abs(bias, abs), n), e));
        }
        compare("x W then GELU_ERF, no bias", k, true, (be, abs) ->
                FusedOps.matmul(Tensor.fromArray(be, abs(x, abs), 2, rows, k), Tensor.fromArray(be, abs(w, abs), k, n),
                        null, Epilogue.GELU_ERF));
    }

    @Test
    void matmulAccumulate() {
        Data d = new Data(6);
        int m = 33, k = 45, n = 20;
        float[] a = d.next(m * k);   // read as [M, K], or as the stored [K, M] of a transposed operand
        float[] b = d.next(k * n);   // read as [K, N], or as the stored [N, K]
        float[] initial = d.next(m * n);
        float[] a3 = d.next(3 * m * k);
        float[] initial3 = d.next(3 * m * n);
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            compare("accumulate transA=" + ta + " transB=" + tb, k + 1, false, (be, abs) -> {
                Tensor out = Tensor.fromArray(be, abs(initial, abs), m, n);
                Tensor at = ta ? Tensor.fromArray(be, abs(a, abs), k, m) : Tensor.fromArray(be, abs(a, abs), m, k);
                Tensor bt = tb ? Tensor.fromArray(be, abs(b, abs), n, k) : Tensor.fromArray(be, abs(b, abs), k, n);
                FusedOps.matmulAccumulate(at, ta, bt, tb, out);
                return out;
            });
        }
        compare("batched accumulate, shared B", k + 1, false, (be, abs) -> {
            Tensor out = Tensor.fromArray(be, abs(initial3, abs), 3, m, n);
            FusedOps.matmulAccumulate(Tensor.fromArray(be, abs(a3, abs), 3, m, k), false,
                    Tensor.fromArray(be, abs(b, abs), 1, k, n), false, out);
            return out;
        });
        // The weight-gradient form dW += X^T dY with X [T, in], dY [T, out].
        compare("dW += X^T dY", m + 1, false, (be, abs) -> {
            Tensor dw = Tensor.fromArray(be, abs(d0(k * n), abs), k, n);
            FusedOps.matmulAccumulate(Tensor.fromArray(be, abs(a, abs), m, k), true,
                    Tensor.fromArray(be, abs(initial, abs), m, n), false, dw);
            return dw;
        });
    }

    private static float[] d0(int n) {
        return new Data(99).next(n);
    }

    @Test
    void cpuThreadCountDoesNotChangeResults() {
        Data d = new Data(7);
        int m = 300, k = 270, n = 130;
        float[] a = d.next(2 * m * k);
        float[] b = d.next(k * n);
        float[] bias = d.next(n);
        Backend one = new CpuBackend(1);
        float[] r1 = FusedOps.matmul(Tensor.fromArray(one, a, 2, m, k), Tensor.fromArray(one, b, k, n),
                Tensor.fromArray(one, bias, n), Epilogue.GELU_TANH).toArray();
        float[] r2 = FusedOps.matmul(Tensor.fromArray(CPU, a, 2, m, k), Tensor.fromArray(CPU, b, k, n),
                Tensor.fromArray(CPU, bias, n), Epilogue.GELU_TANH).toArray();
        assertArrayEquals(r1, r2);
    }

    @Test
    void shapeErrorsNameTheOp() {
        Tensor a = Tensor.zeros(CPU, 3, 4);
        Tensor b = Tensor.zeros(CPU, 5, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().contains("matmul"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FusedOps.matmul(a, Tensor.zeros(CPU, 4, 6), Tensor.zeros(CPU, 5), Epilogue.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> FusedOps.matmulAccumulate(a, false, Tensor.zeros(CPU, 4, 6), false, Tensor.zeros(CPU, 3, 5)));
    }
}
