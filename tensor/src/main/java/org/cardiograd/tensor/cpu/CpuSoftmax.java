package org.cardiograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.cardiograd.tensor.Tensor;

/**
 * Softmax and log-softmax over the rows of a dense [rows, n] tensor, and their backward. Each row is three
 * vector passes (max; exp and sum; scale), numerically stable by subtracting the row max; rows run in parallel.
 * The exponential is {@link CpuSoftmaxMath#exp}: as fast as the Vector API's SVML-backed EXP and, unlike it, the
 * same bits in compiled and interpreted code; a scalar Math.exp loop measured 7x slower (JDK 17, AVX-512).
 */
final class CpuSoftmax {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** About this many elements per parallel task, so small inputs stay on the calling thread. */
    private static final int GRAIN_ELEMENTS = 1 << 15;

    private final Parallel parallel;

    CpuSoftmax(Parallel parallel) {
        this.parallel = parallel;
    }

    void forward(Tensor x, Tensor out, boolean log) {
        int rows = x.shape(0);
        int n = x.shape(1);
        float[] xa = HostStorage.array(x);
        float[] oa = HostStorage.array(out);
        int xo = (int) x.offset();
        int oo = (int) out.offset();
        parallel.forRange(rows, grainRows(n), (from, to) -> {
            float[] lanes = new float[S.length()];
            for (int r = from; r < to; r++) {
                int xi = xo + r * n;
                int oi = oo + r * n;
                float max = rowMax(xa, xi, n);
                if (log) {
                    float sum = expSum(xa, xi, n, max, lanes);
                    logProbs(xa, xi, oa, oi, n, max, (float) Math.log(sum));
                } else {
                    float sum = expInto(xa, xi, oa, oi, n, max, lanes);
                    scale(oa, oi, n, 1f / sum);
                }
            }
        });
    }

    void backward(Tensor y, Tensor dy, Tensor dx, boolean log) {
        int rows = y.shape(0);
        int n = y.shape(1);
        float[] ya = HostStorage.array(y);
        float[] ga = HostStorage.array(dy);
        float[] da = HostStorage.array(dx);
        int yo = (int) y.offset();
        int go = (int) dy.offset();
        int dOff = (int) dx.offset();
        parallel.forRange(rows, grainRows(n), (from, to) -> {
            float[] lanes = new float[S.length()];
            for (int r = from; r < to; r++) {
                int yi = yo + r * n;
                int gi = go + r * n;
                int di = dOff + r * n;
                if (log) {
                    logSoftmaxGrad(ya, yi, ga, gi, da, di, n, CpuSoftmaxMath.sum(ga, gi, n, lanes));
                } else {
                    softmaxGrad(ya, yi, ga, gi, da, di, n, dot(ya, yi, ga, gi, n, lanes));
                }
            }
        });
    }

    private static int grainRows(int n) {
        return Math.max(1, GRAIN_ELEMENTS / Math.max(1, n));
    }

    static float rowMax(float[] a, int off, int n) {
        int bound = S.loopBound(n);
        float max = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (bound > 0) {
            FloatVector acc = FloatVector.fromArray(S, a, off);
            for (j = S.length(); j < bound; j += S.length()) {
                acc = acc.max(FloatVector.fromArray(S, a, off + j));
            }
            max = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) {
            max = Math.max(max, a[off + j]);
        }
        return max;
    }

    /** out = exp(x - max); returns the sum. */
    private static float expInto(float[] x, int xi, float[] out, int oi, int n, float max, float[] lanes) {
        int bound = S.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(S, max);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector e = CpuSoftmaxMath.exp(FloatVector.fromArray(S, x, xi + j).sub(vmax));
            e.intoArray(out, oi + j);
            acc = acc.add(e);
        }
        float sum = CpuSoftmaxMath.sumLanes(acc, lanes);
        for (; j < n; j++) {
            float e = (float) Math.exp(x[xi + j] - max);
            out[oi + j] = e;
            sum += e;
        }
        return sum;
    }

    /** sum of exp(x - max), nothing stored. */
    private static float expSum(float[] x, int xi, int n, float max, float[] lanes) {
        int bound = S.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(S, max);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += S.length()) {
            acc = acc.add(CpuSoftmaxMath.exp(FloatVector.fromArray(S, x, xi + j).sub(vmax)));
        }
        float sum = CpuSoftmaxMath.sumLanes(acc, lanes);
        for (; j < n; j++) {
            sum += (float) Math.exp(x[xi + j] - max);
        }
        return sum;
    }

    /** out = (x - max) - logSum: two subtractions, so large inputs do not lose the small log-sum. */
    private static void logProbs(float[] x, int xi, float[] out, int oi, int n, float max, float logSum) {
        int bound = S.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(S, max);
        FloatVector vlog = FloatVector.broadcast(S, logSum);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector.fromArray(S, x, xi + j).sub(vmax).sub(vlog).intoArray(out, oi + j);
        }
        for (; j < n; j++) {
            out[oi + j] = (x[xi + j] - max) - logSum;
        }
    }

    private static void scale(float[] a, int off, int n, float s) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector.fromArray(S, a, off + j).mul(s).intoArray(a, off + j);
        }
        for (; j < n; j++) {
            a[off + j] *= s;
        }
    }

    private static float dot(float[] a, int ai, float[] b, int bi, int n, float[] lanes) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += S.length()) {
            acc = FloatVector.fromArray(S, a, ai + j).fma(FloatVector.fromArray(S, b, bi + j), acc);
        }
        float s = CpuSoftmaxMath.sumLanes(acc, lanes);
        for (; j < n; j++) {
            s += a[ai + j] * b[bi + j];
        }
        return s;
    }

    /** dx = y (dy - dot), dot = sum(dy y). */
    private static void softmaxGrad(float[] y, int yi, float[] g, int gi, float[] dx, int di, int n, float dot) {
        int bound = S.loopBound(n);
        FloatVector vdot = FloatVector.broadcast(S, dot);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector yv = FloatVector.fromArray(S, y, yi + j);
            yv.mul(FloatVector.fromArray(S, g, gi + j).sub(vdot)).intoArray(dx, di + j);
        }
        for (; j < n; j++) {
            dx[di + j] = y[yi + j] * (g[gi + j] - dot);
        }
    }

    /** dx = dy - exp(y) sum(dy), y the log-probabilities. */
    private static void logSoftmaxGrad(float[] y, int yi, float[] g, int gi, float[] dx, int di, int n,
                                       float sum) {
        int bound = S.loopBound(n);
        FloatVector vsum = FloatVector.broadcast(S, sum);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector p = CpuSoftmaxMath.exp(FloatVector.fromArray(S, y, yi + j));
            FloatVector.fromArray(S, g, gi + j).sub(p.mul(vsum)).intoArray(dx, di + j);
        }
        for (; j < n; j++) {
            dx[di + j] = g[gi + j] - (float) Math.exp(y[yi + j]) * sum;
        }
    }
}
