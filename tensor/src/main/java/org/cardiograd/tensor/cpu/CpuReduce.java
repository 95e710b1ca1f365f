package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.ReduceOp;
import org.cardiograd.tensor.Shapes;
import org.cardiograd.tensor.Tensor;

/**
 * Reduces the middle axis of dense x [outer, n, inner] into dense out [outer, inner].
 *
 * <p>inner == 1 (row reductions) runs vector loops along each row ({@link CpuReduceRows}); inner &gt; 1
 * (column reductions) runs vector loops across the inner axis, walking n ({@link CpuReduceColumns}).
 *
 * <p>Determinism: the work is split over outputs (rows, or groups of columns), and a row longer than
 * {@link #ROW_BLOCK} is cut into blocks of that fixed size whose partial results are combined in order, so
 * the result never depends on the thread count.
 *
 * <p>MIN is computed as -MAX(-x) and ARGMIN as ARGMAX(-x) (negation is exact). NaN: MAX and MIN return NaN
 * when a NaN is present, and ARGMAX and ARGMIN return the index of the first NaN (numpy and torch do the
 * same); otherwise the index of the first extreme value, with -0 and +0 equal.
 */
final class CpuReduce {
    /** Row blocks of this many elements are reduced as independent tasks (fixed, not thread-dependent). */
    static final int ROW_BLOCK = 32 * 1024;
    private static final int GRAIN = 32 * 1024;

    private final Parallel parallel;

    CpuReduce(Parallel parallel) {
        this.parallel = parallel;
    }

    void reduce(ReduceOp op, Tensor x, Tensor out) {
        if (x.rank() != 3 || !x.isContiguous() || !out.isContiguous()
                || out.numel() != (long) x.shape(0) * x.shape(2)) {
            throw new IllegalArgumentException("reduce " + op + ": expects dense x [outer, n, inner] and dense out"
                    + " [outer, inner], got " + Shapes.str(x.shape()) + " and " + Shapes.str(out.shape()));
        }
        int outer = x.shape(0);
        int n = x.shape(1);
        int inner = x.shape(2);
        if (n == 0) {
            throw new IllegalArgumentException("reduce " + op + ": empty reduction axis in " + Shapes.str(x.shape()));
        }
        if (outer == 0 || inner == 0) {
            return;
        }
        float[] xs = HostStorage.array(x);
        float[] os = HostStorage.array(out);
        int xo = (int) x.offset();
        int oo = (int) out.offset();
        if (inner == 1) {
            rows(op, xs, xo, outer, n, os, oo);
        } else {
            columns(op, xs, xo, outer, n, inner, os, oo);
        }
    }

    private static float sign(ReduceOp op) {
        return op == ReduceOp.MIN || op == ReduceOp.ARGMIN ? -1f : 1f;
    }

    // ---- rows ----------------------------------------------------------------------------------------

    private void rows(ReduceOp op, float[] x, int xo, int outer, int n, float[] out, int oo) {
        int blocks = (n + ROW_BLOCK - 1) / ROW_BLOCK;
        float sign = sign(op);
        if (blocks == 1) {
            parallel.forRange(outer, Math.max(1, GRAIN / n), (from, to) -> {
                for (int r = from; r < to; r++) {
                    out[oo + r] = rowValue(op, x, xo + r * n, n, sign);
                }
            });
            return;
        }
        // Long rows: one task per (row, block), then combine each row's blocks in order.
        int tasks = outer * blocks;
        double[] partial = new double[tasks];
        boolean sum = op == ReduceOp.SUM || op == ReduceOp.MEAN;
        parallel.forRange(tasks, 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                int r = t / blocks;
                int start = (t % blocks) * ROW_BLOCK;
                int len = Math.min(ROW_BLOCK, n - start);
                int off = xo + r * n + start;
                partial[t] = sum ? CpuReduceRows.sum(x, off, len) : CpuReduceRows.max(x, off, len, sign);
            }
        });
        parallel.forRange(outer, Math.max(1, GRAIN / n), (from, to) -> {
            for (int r = from; r < to; r++) {
                double acc = partial[r * blocks];
                for (int b = 1; b < blocks; b++) {
                    double p = partial[r * blocks + b];
                    acc = sum ? acc + p : Math.max(acc, p);
                }
                out[oo + r] = finish(op, acc, x, xo + r * n, n, sign);
            }
        });
    }

    private static float rowValue(ReduceOp op, float[] x, int off, int n, float sign) {
        boolean sum = op == ReduceOp.SUM || op == ReduceOp.MEAN;
        double v = sum ? CpuReduceRows.sum(x, off, n) : CpuReduceRows.max(x, off, n, sign);
        return finish(op, v, x, off, n, sign);
    }

    /** Turns a row's sum or (sign-adjusted) max into the op's result. */
    private static float finish(ReduceOp op, double v, float[] x, int off, int n, float sign) {
        switch (op) {
            case SUM: return (float) v;
            case MEAN: return (float) (v / n);
            case MAX: case MIN: return (float) v * sign;
            case ARGMAX: case ARGMIN: return CpuReduceRows.firstIndexOf(x, off, n, (float) v * sign);
            default: throw new IllegalArgumentException("reduce: unknown op " + op);
        }
    }

    // ---- columns -------------------------------------------------------------------------------------

    private void columns(ReduceOp op, float[] x, int xo, int outer, int n, int inner, float[] out, int oo) {
        int group = CpuReduceColumns.GROUP;
        int groups = (inner + group - 1) / group;
        int tasks = outer * groups;
        int grain = Math.max(1, GRAIN / (n * Math.min(inner, group)));
        float sign = sign(op);
        parallel.forRange(tasks, grain, (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t / groups;
                int c0 = (t % groups) * group;
                int c1 = Math.min(inner, c0 + group);
                int base = xo + o * n * inner;
                int dst = oo + o * inner;
                switch (op) {
                    case SUM: case MEAN:
                        CpuReduceColumns.sum(x, base, n, inner, c0, c1, out, dst, op == ReduceOp.MEAN);
                        break;
                    case MAX: case MIN:
                        CpuReduceColumns.max(x, base, n, inner, c0, c1, out, dst, sign);
                        break;
                    case ARGMAX: case ARGMIN:
                        CpuReduceColumns.argmax(x, base, n, inner, c0, c1, out, dst, sign);
                        break;
                    default:
                        throw new IllegalArgumentException("reduce: unknown op " + op);
                }
            }
        });
    }
}
