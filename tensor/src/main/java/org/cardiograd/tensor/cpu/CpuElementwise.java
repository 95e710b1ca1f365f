package org.cardiograd.tensor.cpu;

import java.util.Arrays;

import org.cardiograd.tensor.BinaryOp;
import org.cardiograd.tensor.ScalarMath;
import org.cardiograd.tensor.Shapes;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.UnaryOp;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * copy, fill, unary, binary and where over operands of any layout. {@link StridedLoop} merges dims and walks
 * the result as runs of the innermost dim; each run then takes the fastest form its strides allow:
 * <ol>
 * <li>everything dense: one run over all elements (split over the pool);</li>
 * <li>unit stride for the output and unit or zero stride for each input in the innermost dim (bias
 *     [N, C] + [C], row broadcast [N, C] * [N, 1], tensor-scalar): vector loops per run, a stride-0 input
 *     as a broadcast scalar;</li>
 * <li>anything else: blocks of the run are gathered into small buffers, computed by the same vector loops
 *     and scattered back.</li>
 * </ol>
 * An output may alias an input of the same layout: every element is read before it is written.
 */
final class CpuElementwise {
    /** Elements per gather buffer: a multiple of every SIMD width. */
    private static final int BLOCK = 1024;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private final Parallel parallel;

    CpuElementwise(Parallel parallel) {
        this.parallel = parallel;
    }

    // ---- copy and fill -------------------------------------------------------------------------------

    void copy(Tensor src, Tensor dst) {
        requireShape("copy", dst, src);
        float[] s = HostStorage.array(src);
        float[] d = HostStorage.array(dst);
        StridedLoop loop = StridedLoop.of(dst, src);
        if (loop.numel == 0) {
            return;
        }
        long ds = loop.innerStride(0);
        long ss = loop.innerStride(1);
        loop.forSegments(parallel, (off, len) -> {
            int o = (int) off[0];
            int i = (int) off[1];
            if (ds == 1 && ss == 1) {
                System.arraycopy(s, i, d, o, len);
            } else if (ds == 1 && ss == 0) {
                Arrays.fill(d, o, o + len, s[i]);
            } else {
                for (int j = 0; j < len; j++) {
                    d[(int) (o + j * ds)] = s[(int) (i + j * ss)];
                }
            }
        });
    }

    void fill(Tensor dst, float value) {
        float[] d = HostStorage.array(dst);
        StridedLoop loop = StridedLoop.of(dst);
        if (loop.numel == 0) {
            return;
        }
        long ds = loop.innerStride(0);
        loop.forSegments(parallel, (off, len) -> {
            int o = (int) off[0];
            if (ds == 1) {
                Arrays.fill(d, o, o + len, value);
            } else {
                for (int j = 0; j < len; j++) {
                    d[(int) (o + j * ds)] = value;
                }
            }
        });
    }

    // ---- unary ---------------------------------------------------------------------------------------

    void unary(UnaryOp op, Tensor x, Tensor out) {
        requireShape("unary " + op, out, x);
        float[] xs = HostStorage.array(x);
        float[] os = HostStorage.array(out);
        StridedLoop loop = StridedLoop.of(out, x);
        if (loop.numel == 0) {
            return;
        }
        long so = loop.innerStride(0);
        long sx = loop.innerStride(1);
        loop.forChunks(parallel, (from, to) -> {
            float[][] buf = new float[2][];
            loop.walk(from, to, (off, len) -> unaryRun(op, xs, off[1], sx, os, off[0], so, len, buf));
        });
    }

    private static void unaryRun(UnaryOp op, float[] x, long xo, long sx, float[] out, long oo, long so, int len,
                                 float[][] buf) {
        if (sx == 0 && so == 1) {
            float v = (float) ScalarMath.unary(op, x[(int) xo]);
            Arrays.fill(out, (int) oo, (int) oo + len, v);
            return;
        }
        if (sx == 1 && so == 1) {
            CpuElementwiseUnary.apply(op, x, (int) xo, out, (int) oo, len);
            return;
        }
        float[] bx = buffer(buf, 0);
        float[] bo = buffer(buf, 1);
        for (int p = 0; p < len; p += BLOCK) {
            int m = Math.min(BLOCK, len - p);
            gather(x, xo + p * sx, sx, bx, m);
            CpuElementwiseUnary.apply(op, bx, 0, bo, 0, m);
            scatter(bo, m, out, oo + p * so, so);
        }
    }

    // ---- binary --------------------------------------------------------------------------------------

    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        requireShape("binary " + op, out, a, b);
        float[] as = HostStorage.array(a);
        float[] bs = HostStorage.array(b);
        float[] os = HostStorage.array(out);
        StridedLoop loop = StridedLoop.of(out, a, b);
        if (loop.numel == 0) {
            return;
        }
        long so = loop.innerStride(0);
        long sa = loop.innerStride(1);
        long sb = loop.innerStride(2);
        loop.forChunks(parallel, (from, to) -> {
            float[][] buf = new float[3][];
            loop.walk(from, to, (off, len) -> binaryRun(op, as, off[1], sa, bs, off[2], sb, os, off[0], so, len, buf));
        });
    }

    private static void binaryRun(BinaryOp op, float[] a, long ao, long sa, float[] b, long bo, long sb,
                                  float[] out, long oo, long so, int len, float[][] buf) {
        if (so == 1 && (sa == 0 || sa == 1) && (sb == 0 || sb == 1)) {
            binaryUnitOrScalar(op, a, (int) ao, sa == 0, b, (int) bo, sb == 0, out, (int) oo, len);
            return;
        }
        for (int p = 0; p < len; p += BLOCK) {
            int m = Math.min(BLOCK, len - p);
            // Each operand is used in place when its stride is 0 or 1, else gathered into its buffer.
            float[] ra = a;
            int rao = (int) (ao + p * sa);
            if (sa != 0 && sa != 1) {
                ra = buffer(buf, 0);
                gather(a, ao + p * sa, sa, ra, m);
                rao = 0;
            }
            float[] rb = b;
            int rbo = (int) (bo + p * sb);
            if (sb != 0 && sb != 1) {
                rb = buffer(buf, 1);
                gather(b, bo + p * sb, sb, rb, m);
                rbo = 0;
            }
            if (so == 1) {
                binaryUnitOrScalar(op, ra, rao, sa == 0, rb, rbo, sb == 0, out, (int) (oo + p), m);
            } else {
                float[] ro = buffer(buf, 2);
                binaryUnitOrScalar(op, ra, rao, sa == 0, rb, rbo, sb == 0, ro, 0, m);
                scatter(ro, m, out, oo + p * so, so);
            }
        }
    }

    private static void binaryUnitOrScalar(BinaryOp op, float[] a, int ao, boolean aScalar, float[] b, int bo,
                                           boolean bScalar, float[] out, int oo, int n) {
        if (aScalar && bScalar) {
            Arrays.fill(out, oo, oo + n, (float) ScalarMath.binary(op, a[ao], b[bo]));
        } else if (aScalar) {
            CpuElementwiseBinary.sv(op, a[ao], b, bo, out, oo, n);
        } else if (bScalar) {
            CpuElementwiseBinary.vs(op, a, ao, b[bo], out, oo, n);
        } else {
            CpuElementwiseBinary.vv(op, a, ao, b, bo, out, oo, n);
        }
    }

    // ---- where ---------------------------------------------------------------------------------------

    void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        requireShape("where", out, cond, a, b);
        float[] cs = HostStorage.array(cond);
        float[] as = HostStorage.array(a);
        float[] bs = HostStorage.array(b);
        float[] os = HostStorage.array(out);
        StridedLoop loop = StridedLoop.of(out, cond, a, b);
        if (loop.numel == 0) {
            return;
        }
        long so = loop.innerStride(0);
        long sc = loop.innerStride(1);
        long sa = loop.innerStride(2);
        long sb = loop.innerStride(3);
        loop.forChunks(parallel, (from, to) -> {
            float[][] buf = new float[4][];
            loop.walk(from, to, (off, len) -> {
                for (int p = 0; p < len; p += BLOCK) {
                    int m = Math.min(BLOCK, len - p);
                    // where is not hot enough for broadcast-scalar variants: any stride but 1 is gathered
                    // (a stride-0 gather is a fill).
                    float[] rc = sc == 1 ? cs : gather(cs, off[1] + p * sc, sc, buffer(buf, 0), m);
                    float[] ra = sa == 1 ? as : gather(as, off[2] + p * sa, sa, buffer(buf, 1), m);
                    float[] rb = sb == 1 ? bs : gather(bs, off[3] + p * sb, sb, buffer(buf, 2), m);
                    float[] ro = so == 1 ? os : buffer(buf, 3);
                    whereRun(rc, sc == 1 ? (int) off[1] + p : 0, ra, sa == 1 ? (int) off[2] + p : 0,
                            rb, sb == 1 ? (int) off[3] + p : 0, ro, so == 1 ? (int) off[0] + p : 0, m);
                    if (so != 1) {
                        scatter(ro, m, os, off[0] + p * so, so);
                    }
                }
            });
        });
    }

    /** out = c != 0 ? a : b over unit-stride runs (NaN != 0, so a NaN condition picks a). */
    private static void whereRun(float[] c, int co, float[] a, int ao, float[] b, int bo, float[] out, int oo,
                                 int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector vc = FloatVector.fromArray(S, c, co + i);
            FloatVector va = FloatVector.fromArray(S, a, ao + i);
            FloatVector vb = FloatVector.fromArray(S, b, bo + i);
            vb.blend(va, vc.compare(VectorOperators.NE, 0f)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = c[co + i] != 0 ? a[ao + i] : b[bo + i];
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static float[] buffer(float[][] buf, int k) {
        if (buf[k] == null) {
            buf[k] = new float[BLOCK];
        }
        return buf[k];
    }

    /** buf[0..m) = src[off + j * stride]; returns buf. */
    private static float[] gather(float[] src, long off, long stride, float[] buf, int m) {
        if (stride == 0) {
            Arrays.fill(buf, 0, m, src[(int) off]);
        } else {
            for (int j = 0; j < m; j++) {
                buf[j] = src[(int) (off + j * stride)];
            }
        }
        return buf;
    }

    private static void scatter(float[] buf, int m, float[] dst, long off, long stride) {
        for (int j = 0; j < m; j++) {
            dst[(int) (off + j * stride)] = buf[j];
        }
    }

    private static void requireShape(String op, Tensor out, Tensor... inputs) {
        for (Tensor t : inputs) {
            if (!t.sameShape(out)) {
                throw new IllegalArgumentException(op + ": operand shape " + Shapes.str(t.shape())
                        + " differs from output shape " + Shapes.str(out.shape()));
            }
        }
    }
}
