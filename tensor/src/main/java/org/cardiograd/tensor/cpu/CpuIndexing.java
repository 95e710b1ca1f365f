package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.BinaryOp;
import org.cardiograd.tensor.Shapes;
import org.cardiograd.tensor.Tensor;

/**
 * gather / scatterAdd / indexSelect / indexAdd over dense [outer, n, inner] views, and topk of rows.
 *
 * <p>The accumulating kernels (scatterAdd, indexAdd) split the work over destination columns (o, i), never
 * over the index axis: no two threads touch one element, and each element receives its additions in index
 * order j = 0, 1, ..., so results are deterministic at any thread count. Index values are checked again here
 * (integers in range) so that a wrong index is an exception, never a write to another row.
 */
final class CpuIndexing {
    private static final int GRAIN = 32 * 1024;

    private final Parallel parallel;

    CpuIndexing(Parallel parallel) {
        this.parallel = parallel;
    }

    /** out[o, j, i] = x[o, index[o, j, i], i]. */
    void gather(Tensor x, Tensor index, Tensor out) {
        requireDense3("gather", x, index, out);
        int outer = x.shape(0);
        int nx = x.shape(1);
        int inner = x.shape(2);
        int ni = index.shape(1);
        float[] xs = HostStorage.array(x);
        float[] is = HostStorage.array(index);
        float[] os = HostStorage.array(out);
        int xo = (int) x.offset();
        int io = (int) index.offset();
        int oo = (int) out.offset();
        parallel.forRange(outer * ni, Math.max(1, GRAIN / Math.max(1, inner)), (from, to) -> {
            for (int r = from; r < to; r++) {
                int xb = xo + (r / ni) * nx * inner;
                for (int i = 0; i < inner; i++) {
                    int k = checkedIndex("gather", is[io + r * inner + i], nx);
                    os[oo + r * inner + i] = xs[xb + k * inner + i];
                }
            }
        });
    }

    /** out[o, index[o, j, i], i] += src[o, j, i]. */
    void scatterAdd(Tensor out, Tensor index, Tensor src) {
        requireDense3("scatterAdd", out, index, src);
        int inner = out.shape(2);
        int nx = out.shape(1);
        int ni = index.shape(1);
        float[] os = HostStorage.array(out);
        float[] is = HostStorage.array(index);
        float[] ss = HostStorage.array(src);
        int oo = (int) out.offset();
        int io = (int) index.offset();
        int so = (int) src.offset();
        forColumns(out.shape(0), inner, ni, (o, i0, i1) -> {
            for (int j = 0; j < ni; j++) {
                int row = (o * ni + j) * inner;
                for (int i = i0; i < i1; i++) {
                    int k = checkedIndex("scatterAdd", is[io + row + i], nx);
                    os[oo + (o * nx + k) * inner + i] += ss[so + row + i];
                }
            }
        });
    }

    /** out[o, j, :] = x[o, index[j], :]: whole rows of inner elements (embedding lookup). */
    void indexSelect(Tensor x, Tensor index, Tensor out) {
        requireDense3("indexSelect", x, out);
        int outer = x.shape(0);
        int nx = x.shape(1);
        int inner = x.shape(2);
        int[] idx = indices("indexSelect", index, nx);
        int ni = idx.length;
        float[] xs = HostStorage.array(x);
        float[] os = HostStorage.array(out);
        int xo = (int) x.offset();
        int oo = (int) out.offset();
        parallel.forRange(outer * ni, Math.max(1, GRAIN / Math.max(1, inner)), (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r / ni;
                System.arraycopy(xs, xo + (o * nx + idx[r % ni]) * inner, os, oo + r * inner, inner);
            }
        });
    }

    /** out[o, index[j], :] += src[o, j, :], vectorized along inner. */
    void indexAdd(Tensor out, Tensor index, Tensor src) {
        requireDense3("indexAdd", out, src);
        int nx = out.shape(1);
        int inner = out.shape(2);
        int[] idx = indices("indexAdd", index, nx);
        int ni = idx.length;
        float[] os = HostStorage.array(out);
        float[] ss = HostStorage.array(src);
        int oo = (int) out.offset();
        int so = (int) src.offset();
        forColumns(out.shape(0), inner, ni, (o, i0, i1) -> {
            for (int j = 0; j < ni; j++) {
                int d = oo + (o * nx + idx[j]) * inner;
                int s = so + (o * ni + j) * inner;
                CpuElementwiseBinary.vv(BinaryOp.ADD, os, d + i0, ss, s + i0, os, d + i0, i1 - i0);
            }
        });
    }

    /** The k largest (or smallest) of each row of dense x [rows, n], sorted, ties by lower index. */
    void topk(Tensor x, int k, boolean largest, Tensor values, Tensor indices) {
        if (x.rank() != 2 || !x.isContiguous() || !values.isContiguous() || !indices.isContiguous()
                || k < 0 || k > x.shape(1) || values.numel() != (long) x.shape(0) * k
                || indices.numel() != values.numel()) {
            throw new IllegalArgumentException("topk: expects dense x [rows, n] and dense [rows, k] outputs, got x "
                    + Shapes.str(x.shape()) + ", k=" + k + ", values " + Shapes.str(values.shape())
                    + ", indices " + Shapes.str(indices.shape()));
        }
        int rows = x.shape(0);
        int n = x.shape(1);
        if (k == 0 || rows == 0) {
            return;
        }
        float[] xs = HostStorage.array(x);
        float[] vs = HostStorage.array(values);
        float[] is = HostStorage.array(indices);
        int xo = (int) x.offset();
        int vo = (int) values.offset();
        int io = (int) indices.offset();
        parallel.forRange(rows, Math.max(1, GRAIN / n), (from, to) -> {
            long[] scratch = new long[n];
            for (int r = from; r < to; r++) {
                CpuIndexingTopK.row(xs, xo + r * n, n, k, largest, vs, vo + r * k, is, io + r * k, scratch);
            }
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface ColumnBody {
        /** Process destination columns i in [i0, i1) of outer slice o. */
        void run(int o, int i0, int i1);
    }

    /** Splits the outer * inner destination columns over the pool; each column costs about `depth`. */
    private void forColumns(int outer, int inner, int depth, ColumnBody body) {
        parallel.forRange(outer * inner, Math.max(1, GRAIN / Math.max(1, depth)), (from, to) -> {
            for (int c = from; c < to; ) {
                int o = c / inner;
                int i0 = c % inner;
                int i1 = Math.min(inner, i0 + (to - c));
                body.run(o, i0, i1);
                c += i1 - i0;
            }
        });
    }

    private static int checkedIndex(String op, float v, int bound) {
        int k = (int) v;
        if (k != v || k < 0 || k >= bound) {
            throw new IllegalArgumentException(op + ": index value " + v + " is not an integer in [0, " + bound + ")");
        }
        return k;
    }

    private static int[] indices(String op, Tensor index, int bound) {
        if (index.rank() != 1 || !index.isContiguous()) {
            throw new IllegalArgumentException(op + ": index must be a dense 1-d tensor, got shape "
                    + Shapes.str(index.shape()));
        }
        float[] is = HostStorage.array(index);
        int io = (int) index.offset();
        int[] idx = new int[index.shape(0)];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = checkedIndex(op, is[io + j], bound);
        }
        return idx;
    }

    private static void requireDense3(String op, Tensor... ts) {
        for (Tensor t : ts) {
            if (t.rank() != 3 || !t.isContiguous()) {
                throw new IllegalArgumentException(op + ": expects dense [outer, n, inner] operands, got shape "
                        + Shapes.str(t.shape()) + " with strides " + java.util.Arrays.toString(t.strides()));
            }
        }
    }
}
