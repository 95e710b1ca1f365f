package org.cardiograd.tensor;

import static org.cardiograd.tensor.ElementwiseTestSupport.CPU;
import static org.cardiograd.tensor.ElementwiseTestSupport.CPU1;
import static org.cardiograd.tensor.ElementwiseTestSupport.REF;
import static org.cardiograd.tensor.ElementwiseTestSupport.assertClose;
import static org.cardiograd.tensor.ElementwiseTestSupport.assertSameBits;
import static org.cardiograd.tensor.ElementwiseTestSupport.make;
import static org.cardiograd.tensor.ElementwiseTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.cardiograd.tensor.ElementwiseTestSupport.Layout;
import org.cardiograd.tensor.ElementwiseTestSupport.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reductions of the CPU backend against the reference (double accumulation), over random shapes, axis sets
 * and layouts; exactness on integer data; NaN and tie conventions; and bitwise independence of the thread
 * count, including rows long enough to be split into blocks.
 */
class ReductionTest {

    /** Random axis set: one axis, a run, a non-adjacent set, or all axes. */
    private static int[] axes(SplittableRandom r, int rank, boolean single) {
        if (rank == 0) {
            return new int[0];
        }
        if (single || r.nextInt(4) == 0) {
            return new int[] {r.nextInt(rank) - (r.nextBoolean() ? rank : 0)}; // negative axes too
        }
        java.util.List<Integer> list = new java.util.ArrayList<>();
        for (int a = 0; a < rank; a++) {
            if (r.nextBoolean()) {
                list.add(a);
            }
        }
        if (list.isEmpty()) {
            list.add(rank - 1);
        }
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Sum of |x| over each output's reduced elements, for a tolerance that scales with the data. */
    private static Tensor absSum(Tensor x, int[] axes, boolean keepDim) {
        return x.abs().sum(axes, keepDim);
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void matchesReferenceOnRandomShapesAxesAndLayouts(ReduceOp op) {
        SplittableRandom r = new SplittableRandom(op.ordinal() + 100);
        boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        Layout[] layouts = Layout.values();
        for (int trial = 0; trial < 40; trial++) {
            int[] shape = shape(r, 4, 20_000);
            if (Shapes.numel(shape) == 0) {
                continue;
            }
            int[] ax = axes(r, shape.length, arg);
            boolean keep = r.nextBoolean();
            Layout layout = layouts[trial % layouts.length];
            Values kind = trial % 3 == 0 ? Values.INTEGERS : Values.UNIFORM;
            long seed = r.nextLong();
            Tensor xr = make(REF, shape, layout, kind, seed);
            Tensor xc = make(CPU, shape, layout, kind, seed);
            if (shape.length == 0 && arg) {
                continue;
            }
            Tensor expected = xr.reduce(op, ax, keep);
            Tensor actual = xc.reduce(op, ax, keep);
            String what = op + " axes " + java.util.Arrays.toString(ax) + " of " + Shapes.str(shape) + " " + layout;
            if (op == ReduceOp.SUM || op == ReduceOp.MEAN) {
                // Float lanes vs double: error bounded by a few ulp per level of the summation tree, relative to
                // sum |x| (for MEAN, to mean |x|).
                Tensor scale = op == ReduceOp.SUM ? absSum(xr, ax, keep) : xr.abs().mean(ax, keep);
                float[] e = expected.toArray();
                float[] a = actual.toArray();
                float[] s = scale.toArray();
                assertArrayEquals(expected.shape(), actual.shape(), what);
                for (int i = 0; i < e.length; i++) {
                    double tol = kind == Values.INTEGERS ? 0 : 2e-6 * s[i] + 1e-30;
                    assertTrue(Math.abs(a[i] - e[i]) <= tol, what + ": element " + i + " is " + a[i]
                            + ", expected " + e[i] + " (tolerance " + tol + ")");
                }
            } else {
                assertSameBits(expected, actual, what);
            }
        }
    }

    @Test
    void rowAndColumnKernelsOnEdgeSizes() {
        // inner == 1 (rows) and inner > 1 (columns), sizes around every SIMD width and the column group.
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 257, 300};
        SplittableRandom r = new SplittableRandom(8);
        for (int n : sizes) {
            for (int inner : new int[] {1, 3, 16, 67}) {
                int[] shape = {3, n, inner};
                long seed = r.nextLong();
                for (ReduceOp op : ReduceOp.values()) {
                    Tensor e = make(REF, shape, Layout.DENSE, Values.INTEGERS, seed).reduce(op, new int[] {1}, false);
                    Tensor a = make(CPU, shape, Layout.DENSE, Values.INTEGERS, seed).reduce(op, new int[] {1}, false);
                    if (op == ReduceOp.MEAN) {
                        assertClose(e, a, 1e-7, 0, op + " " + Shapes.str(shape));
                    } else {
                        assertSameBits(e, a, op + " " + Shapes.str(shape));
                    }
                }
            }
        }
    }

    @Test
    void nanPropagatesAndArgReturnsTheFirstNan() {
        for (Backend be : new Backend[] {CPU, REF}) {
            for (int n : new int[] {5, 40, 100_000}) {
                float[] row = new float[n];
                for (int i = 0; i < n; i++) {
                    row[i] = (i * 37) % 11;
                }
                row[n / 2] = Float.NaN;
                row[n - 1] = Float.NaN;
                Tensor x = Tensor.fromArray(be, row);
                assertTrue(Float.isNaN(x.max().item()) && Float.isNaN(x.min().item()) && Float.isNaN(x.sum().item()),
                        be.name() + " n=" + n);
                assertEquals(n / 2, x.argmax(0, false).item(), be.name() + " argmax n=" + n);
                assertEquals(n / 2, x.argmin(0, false).item(), be.name() + " argmin n=" + n);
                // Columns: the same data as a column of a [n, 2] tensor.
                Tensor cols = Tensor.stack(1, x, x.neg());
                assertArrayEquals(new float[] {n / 2, n / 2}, cols.argmax(0, false).toArray(), be.name());
                assertArrayEquals(new float[] {n / 2, n / 2}, cols.argmin(0, false).toArray(), be.name());
            }
            // Ties: the first index wins; -0 equals +0.
            Tensor t = Tensor.fromArray(be, new float[] {1, 3, 3, -2, -2, 3}, 6);
            assertEquals(1f, t.argmax(0, false).item());
            assertEquals(3f, t.argmin(0, false).item());
            Tensor z = Tensor.fromArray(be, new float[] {-0f, 0f, -1f}, 3);
            assertEquals(0f, z.argmax(0, false).item());
            assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(z.max().item()), be.name() + " max(-0, +0)");
            Tensor inf = Tensor.fromArray(be, new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, 2);
            assertEquals(Float.NEGATIVE_INFINITY, inf.max().item());
            assertEquals(0f, inf.argmax(0, false).item());
        }
    }

    @Test
    void threadCountDoesNotChangeAnyBit() {
        int[][] shapes = {{1, 1 << 20}, {3, 100_003}, {2, 70_001, 1}, {64, 1000}, {2, 5000, 67}, {1, 40_000, 3},
            {1000, 17}, {7, 333, 129}};
        for (int[] shape : shapes) {
            for (ReduceOp op : ReduceOp.values()) {
                Tensor x1 = make(CPU1, shape, Layout.DENSE, Values.UNIFORM, 5);
                Tensor x2 = make(CPU, shape, Layout.DENSE, Values.UNIFORM, 5);
                for (int axis = 0; axis < shape.length; axis++) {
                    assertSameBits(x1.reduce(op, new int[] {axis}, false), x2.reduce(op, new int[] {axis}, false),
                            op + " axis " + axis + " of " + Shapes.str(shape));
                }
            }
        }
    }

    @Test
    void longRowsAreAccurate() {
        // 3 rows of 100,003 (split into fixed blocks) and a full sum of 2^20 elements against double.
        Tensor xc = make(CPU, new int[] {3, 100_003}, Layout.DENSE, Values.POSITIVE, 9);
        Tensor xr = make(REF, new int[] {3, 100_003}, Layout.DENSE, Values.POSITIVE, 9);
        assertClose(xr.sum(1, false), xc.sum(1, false), 1e-6, 0, "long row sums");
        assertClose(xr.mean(1, false), xc.mean(1, false), 1e-6, 0, "long row means");
        assertSameBits(xr.max(1, false), xc.max(1, false), "long row max");
        assertSameBits(xr.argmin(1, false), xc.argmin(1, false), "long row argmin");
        float[] big = new float[1 << 20];
        double exact = 0;
        for (int i = 0; i < big.length; i++) {
            big[i] = 1f + (i % 1000) * 1e-3f;
            exact += big[i];
        }
        assertEquals(exact, Tensor.fromArray(CPU, big).sum().item(), exact * 1e-6);
    }

    @Test
    void varianceAndKeepDim() {
        SplittableRandom r = new SplittableRandom(4);
        for (int trial = 0; trial < 10; trial++) {
            int[] shape = {1 + r.nextInt(20), 1 + r.nextInt(40), 2 + r.nextInt(30)};
            long seed = r.nextLong();
            Tensor xc = make(CPU, shape, Layout.TRANSPOSED, Values.UNIFORM, seed);
            float[] data = xc.toArray();
            // Population and sample variance over axes {0, 2} against a two-pass double computation.
            int a = shape[0];
            int b = shape[1];
            int c = shape[2];
            float[] expected0 = new float[b];
            float[] expected1 = new float[b];
            for (int j = 0; j < b; j++) {
                double mean = 0;
                for (int i = 0; i < a; i++) {
                    for (int k = 0; k < c; k++) {
                        mean += data[(i * b + j) * c + k];
                    }
                }
                mean /= a * c;
                double ss = 0;
                for (int i = 0; i < a; i++) {
                    for (int k = 0; k < c; k++) {
                        double d = data[(i * b + j) * c + k] - mean;
                        ss += d * d;
                    }
                }
                expected0[j] = (float) (ss / (a * c));
                expected1[j] = (float) (ss / (a * c - 1));
            }
            Tensor v0 = xc.var(new int[] {0, 2}, 0, true);
            assertArrayEquals(new int[] {1, b, 1}, v0.shape());
            assertClose(Tensor.fromArray(REF, expected0, 1, b, 1), v0, 1e-5, 1e-7, "var population");
            assertClose(Tensor.fromArray(REF, expected1, b), xc.var(new int[] {0, 2}, 1, false), 1e-5, 1e-7, "var sample");
        }
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(CPU, 1, 3).var(new int[] {0}, 1, false));
    }

    @Test
    void errorsNameTheOpAndShape() {
        Tensor x = Tensor.zeros(CPU, 2, 0, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.max(1, false));
        assertTrue(e.getMessage().contains("max") && e.getMessage().contains("[2, 0, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(CPU, 2, 3).reduce(ReduceOp.ARGMAX, new int[] {0, 1}, false));
        assertTrue(e.getMessage().contains("argmax"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(CPU, 2, 3).sum(new int[] {1, -1}, false));
        assertTrue(e.getMessage().contains("repeated"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(CPU, 2, 3).sum(2, false));
        assertTrue(e.getMessage().contains("axis 2"), e.getMessage());
    }

    @Test
    void anEmptySumIsZeroLikeNumpy() {
        Tensor x = Tensor.zeros(CPU, 2, 0, 3);
        Tensor keep = x.sum(new int[] {1}, true);
        assertArrayEquals(new int[] {2, 1, 3}, keep.shape());
        assertEquals(0f, keep.abs().max().item());
        assertArrayEquals(new int[] {2, 3}, x.sum(1, false).shape());
        assertArrayEquals(new int[] {}, x.sum().shape());
        assertEquals(0f, x.sum().item());
    }
}
