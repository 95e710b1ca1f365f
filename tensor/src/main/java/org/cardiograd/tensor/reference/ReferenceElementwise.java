package org.cardiograd.tensor.reference;

import java.util.Arrays;
import java.util.Comparator;

import org.cardiograd.tensor.BinaryOp;
import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.ReduceOp;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.ScalarMath;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.UnaryOp;
import org.cardiograd.tensor.cpu.HostStorage;

/**
 * The oracle for elementwise, reduction, indexing, top-k and random kernels: plain loops over logical indices
 * (every element addressed as offset + sum of index * stride), math in double via {@link ScalarMath}, sums
 * accumulated in double. Written for obviousness, not speed.
 *
 * <p>NaN conventions (the CPU backend follows them): MAX/MIN give NaN when a NaN is present; ARGMAX/ARGMIN
 * give the index of the first NaN (as numpy and torch do), else the first index of the extreme value; topk
 * counts NaN as larger than every number; -0 and +0 compare equal.
 */
final class ReferenceElementwise {
    private ReferenceElementwise() {}

    // ---- element addressing ------------------------------------------------------------------------------

    /** Storage position of the element with row-major logical number {@code linear}. */
    private static int at(Tensor t, long linear) {
        int[] shape = t.shape();
        long[] strides = t.strides();
        long pos = t.offset();
        for (int d = shape.length - 1; d >= 0; d--) {
            long i = linear % shape[d];
            linear /= shape[d];
            pos += i * strides[d];
        }
        return Math.toIntExact(pos);
    }

    private static float[] data(Tensor t) {
        return HostStorage.array(t);
    }

    // ---- elementwise -------------------------------------------------------------------------------------

    static void copy(Tensor src, Tensor dst) {
        float[] s = data(src);
        float[] d = data(dst);
        for (long i = 0; i < dst.numel(); i++) {
            d[at(dst, i)] = s[at(src, i)];
        }
    }

    static void fill(Tensor dst, float value) {
        float[] d = data(dst);
        for (long i = 0; i < dst.numel(); i++) {
            d[at(dst, i)] = value;
        }
    }

    static void unary(UnaryOp op, Tensor x, Tensor out) {
        float[] xs = data(x);
        float[] os = data(out);
        for (long i = 0; i < out.numel(); i++) {
            os[at(out, i)] = (float) ScalarMath.unary(op, xs[at(x, i)]);
        }
    }

    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        float[] as = data(a);
        float[] bs = data(b);
        float[] os = data(out);
        for (long i = 0; i < out.numel(); i++) {
            os[at(out, i)] = (float) ScalarMath.binary(op, as[at(a, i)], bs[at(b, i)]);
        }
    }

    static void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        float[] cs = data(cond);
        float[] as = data(a);
        float[] bs = data(b);
        float[] os = data(out);
        for (long i = 0; i < out.numel(); i++) {
            os[at(out, i)] = cs[at(cond, i)] != 0 ? as[at(a, i)] : bs[at(b, i)];
        }
    }

    // ---- reductions --------------------------------------------------------------------------------------

    static void reduce(ReduceOp op, Tensor x, Tensor out) {
        int outer = x.shape(0);
        int n = x.shape(1);
        int inner = x.shape(2);
        float[] xs = data(x);
        float[] os = data(out);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double[] column = new double[n];
                for (int j = 0; j < n; j++) {
                    column[j] = xs[at(x, ((long) o * n + j) * inner + i)];
                }
                os[at(out, (long) o * inner + i)] = (float) reduceColumn(op, column);
            }
        }
    }

    private static double reduceColumn(ReduceOp op, double[] v) {
        switch (op) {
            case SUM: return sum(v);
            case MEAN: return sum(v) / v.length;
            case MAX: return extreme(v, 1);
            case MIN: return extreme(v, -1);
            case ARGMAX: return argExtreme(v, 1);
            case ARGMIN: return argExtreme(v, -1);
            default: throw new IllegalArgumentException("reduce: unknown op " + op);
        }
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e;
        }
        return s;
    }

    /** Math.max (sign 1) or Math.min (sign -1) folded over the values: NaN wins, +0 is above -0. */
    private static double extreme(double[] v, int sign) {
        double best = v[0];
        for (double e : v) {
            best = sign > 0 ? Math.max(best, e) : Math.min(best, e);
        }
        return best;
    }

    /** The first index of the extreme value, or of the first NaN. */
    private static int argExtreme(double[] v, int sign) {
        int best = 0;
        for (int j = 0; j < v.length; j++) {
            if (Double.isNaN(v[j])) {
                return j;
            }
            if (sign > 0 ? v[j] > v[best] : v[j] < v[best]) {
                best = j;
            }
        }
        return best;
    }

    // ---- indexing ----------------------------------------------------------------------------------------

    static void gather(Tensor x, Tensor index, Tensor out) {
        int outer = out.shape(0);
        int ni = out.shape(1);
        int inner = out.shape(2);
        int nx = x.shape(1);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < ni; j++) {
                for (int i = 0; i < inner; i++) {
                    long e = ((long) o * ni + j) * inner + i;
                    int k = index("gather", index, e, nx);
                    data(out)[at(out, e)] = data(x)[at(x, ((long) o * nx + k) * inner + i)];
                }
            }
        }
    }

    /** Sums in double per destination element, in index order, then adds to out. */
    static void scatterAdd(Tensor out, Tensor index, Tensor src) {
        int outer = src.shape(0);
        int ni = src.shape(1);
        int inner = src.shape(2);
        int nx = out.shape(1);
        double[] acc = new double[Math.toIntExact(out.numel())];
        boolean[] touched = new boolean[acc.length];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < ni; j++) {
                for (int i = 0; i < inner; i++) {
                    long e = ((long) o * ni + j) * inner + i;
                    int k = index("scatterAdd", index, e, nx);
                    acc[(o * nx + k) * inner + i] += data(src)[at(src, e)];
                    touched[(o * nx + k) * inner + i] = true;
                }
            }
        }
        addInto(out, acc, touched);
    }

    static void indexSelect(Tensor x, Tensor index, Tensor out) {
        int outer = out.shape(0);
        int ni = out.shape(1);
        int inner = out.shape(2);
        int nx = x.shape(1);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < ni; j++) {
                int k = index("indexSelect", index, j, nx);
                for (int i = 0; i < inner; i++) {
                    data(out)[at(out, ((long) o * ni + j) * inner + i)] =
                            data(x)[at(x, ((long) o * nx + k) * inner + i)];
                }
            }
        }
    }

    static void indexAdd(Tensor out, Tensor index, Tensor src) {
        int outer = src.shape(0);
        int ni = src.shape(1);
        int inner = src.shape(2);
        int nx = out.shape(1);
        double[] acc = new double[Math.toIntExact(out.numel())];
        boolean[] touched = new boolean[acc.length];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < ni; j++) {
                int k = index("indexAdd", index, j, nx);
                for (int i = 0; i < inner; i++) {
                    acc[(o * nx + k) * inner + i] += data(src)[at(src, ((long) o * ni + j) * inner + i)];
                    touched[(o * nx + k) * inner + i] = true;
                }
            }
        }
        addInto(out, acc, touched);
    }

    /** out += acc for the elements some index reached (acc dense, in out's logical order). */
    private static void addInto(Tensor out, double[] acc, boolean[] touched) {
        float[] os = data(out);
        for (int e = 0; e < acc.length; e++) {
            if (touched[e]) {
                int p = at(out, e);
                os[p] = (float) (os[p] + acc[e]);
            }
        }
    }

    private static int index(String op, Tensor index, long linear, int bound) {
        float v = data(index)[at(index, linear)];
        if (v != Math.rint(v) || v < 0 || v >= bound) {
            throw new IllegalArgumentException(op + ": index value " + v + " out of range [0, " + bound + ")");
        }
        return (int) v;
    }

    // ---- top-k -------------------------------------------------------------------------------------------

    static void topk(Tensor x, int k, boolean largest, Tensor values, Tensor indices) {
        int rows = x.shape(0);
        int n = x.shape(1);
        for (int r = 0; r < rows; r++) {
            float[] row = new float[n];
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                row[j] = data(x)[at(x, (long) r * n + j)];
                order[j] = j;
            }
            // NaN is the largest value; ties (including -0 == +0) keep the lower index first.
            Comparator<Integer> ascending = (p, q) -> {
                float a = row[p];
                float b = row[q];
                boolean na = Float.isNaN(a);
                boolean nb = Float.isNaN(b);
                if (na || nb) {
                    return na == nb ? 0 : (na ? 1 : -1);
                }
                return a < b ? -1 : (a > b ? 1 : 0);
            };
            Comparator<Integer> byValue = largest ? ascending.reversed() : ascending;
            Arrays.sort(order, byValue.thenComparing(Comparator.naturalOrder()));
            for (int i = 0; i < k; i++) {
                data(values)[at(values, (long) r * k + i)] = row[order[i]];
                data(indices)[at(indices, (long) r * k + i)] = order[i];
            }
        }
    }

    // ---- random ------------------------------------------------------------------------------------------

    static void random(Tensor out, long key, Distribution distribution, float a, float b) {
        for (long i = 0; i < out.numel(); i++) {
            float v;
            if (distribution == Distribution.UNIFORM) {
                v = a + (b - a) * Rng.uniform(key, i);
            } else {
                v = Rng.normal(key, i) * b + a;
            }
            data(out)[at(out, i)] = v;
        }
    }
}
