package org.cardiograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.cardiograd.tensor.Tensor;

/**
 * Layer norm over the rows of a dense [rows, n] tensor (population variance, like PyTorch) and its fused
 * backward. Rows run in parallel. The gamma/beta gradients are sums over rows; to make them independent of the
 * thread count, rows are cut into a number of parts that depends only on {@code rows}, each part sums into its
 * own partial row, and the partials are added in part order.
 */
final class CpuLayerNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int GRAIN_ELEMENTS = 1 << 14;
    /** Rows per part of the gamma/beta reduction, and the most parts (bounds the partial buffers). */
    private static final int ROWS_PER_PART = 16;
    private static final int MAX_PARTS = 64;

    private final Parallel parallel;

    CpuLayerNorm(Parallel parallel) {
        this.parallel = parallel;
    }

    void forward(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        int rows = x.shape(0);
        int n = x.shape(1);
        float[] xa = HostStorage.array(x);
        float[] oa = HostStorage.array(out);
        float[] ma = HostStorage.array(mean);
        float[] ra = HostStorage.array(rstd);
        float[] ga = gamma == null ? null : HostStorage.array(gamma);
        float[] ba = beta == null ? null : HostStorage.array(beta);
        int xo = (int) x.offset();
        int oo = (int) out.offset();
        int mo = (int) mean.offset();
        int ro = (int) rstd.offset();
        int go = gamma == null ? 0 : (int) gamma.offset();
        int bo = beta == null ? 0 : (int) beta.offset();
        parallel.forRange(rows, Math.max(1, GRAIN_ELEMENTS / Math.max(1, n)), (from, to) -> {
            float[] lanes = new float[S.length()];
            for (int r = from; r < to; r++) {
                int xi = xo + r * n;
                float mu = CpuSoftmaxMath.sum(xa, xi, n, lanes) / n;
                float var = squaredDeviation(xa, xi, n, mu, lanes) / n;
                float rs = (float) (1.0 / Math.sqrt((double) var + eps));
                ma[mo + r] = mu;
                ra[ro + r] = rs;
                normalize(xa, xi, oa, oo + r * n, n, mu, rs, ga, go, ba, bo);
            }
        });
    }

    void backward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor gamma, Tensor dx, Tensor dGamma,
                  Tensor dBeta) {
        int rows = x.shape(0);
        int n = x.shape(1);
        Rows in = new Rows(HostStorage.array(dy), (int) dy.offset(), HostStorage.array(x), (int) x.offset(),
                HostStorage.array(mean), (int) mean.offset(), HostStorage.array(rstd), (int) rstd.offset(),
                gamma == null ? null : HostStorage.array(gamma), gamma == null ? 0 : (int) gamma.offset(),
                HostStorage.array(dx), (int) dx.offset(), n);
        int parts = Math.max(1, Math.min(MAX_PARTS, (rows + ROWS_PER_PART - 1) / ROWS_PER_PART));
        float[] gPartial = dGamma == null ? null : new float[parts * n];
        float[] bPartial = dBeta == null ? null : new float[parts * n];
        parallel.forRange(parts, 1, (pFrom, pTo) -> {
            float[] lanes = new float[S.length()];
            for (int p = pFrom; p < pTo; p++) {
                int from = (int) ((long) rows * p / parts);
                int to = (int) ((long) rows * (p + 1) / parts);
                for (int r = from; r < to; r++) {
                    backwardRow(in, r, lanes);
                    if (gPartial != null) {
                        accumulateGammaGrad(in, r, gPartial, p * n);
                    }
                    if (bPartial != null) {
                        addInto(in.dy, in.dyOff + r * n, bPartial, p * n, n);
                    }
                }
            }
        });
        if (gPartial != null) {
            sumParts(gPartial, parts, n, HostStorage.array(dGamma), (int) dGamma.offset());
        }
        if (bPartial != null) {
            sumParts(bPartial, parts, n, HostStorage.array(dBeta), (int) dBeta.offset());
        }
    }

    /** The arrays and offsets the backward reads and writes, so helpers take one argument for them. */
    private record Rows(float[] dy, int dyOff, float[] x, int xOff, float[] mean, int meanOff, float[] rstd,
                        int rstdOff, float[] gamma, int gammaOff, float[] dx, int dxOff, int n) {}

    // ---- forward helpers ----

    /** sum (x - mu)^2: the two-pass variance, robust when the mean is large. */
    private static float squaredDeviation(float[] a, int off, int n, float mu, float[] lanes) {
        int bound = S.loopBound(n);
        FloatVector vmu = FloatVector.broadcast(S, mu);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector c = FloatVector.fromArray(S, a, off + j).sub(vmu);
            acc = c.fma(c, acc);
        }
        float s = CpuSoftmaxMath.sumLanes(acc, lanes);
        for (; j < n; j++) {
            float c = a[off + j] - mu;
            s += c * c;
        }
        return s;
    }

    /** out = (x - mu) rs gamma + beta, gamma and beta each optional. */
    private static void normalize(float[] x, int xi, float[] out, int oi, int n, float mu, float rs,
                                  float[] g, int go, float[] b, int bo) {
        int bound = S.loopBound(n);
        FloatVector vmu = FloatVector.broadcast(S, mu);
        FloatVector vrs = FloatVector.broadcast(S, rs);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector y = FloatVector.fromArray(S, x, xi + j).sub(vmu).mul(vrs);
            if (g != null) {
                y = y.mul(FloatVector.fromArray(S, g, go + j));
            }
            if (b != null) {
                y = y.add(FloatVector.fromArray(S, b, bo + j));
            }
            y.intoArray(out, oi + j);
        }
        for (; j < n; j++) {
            float y = (x[xi + j] - mu) * rs;
            if (g != null) {
                y *= g[go + j];
            }
            if (b != null) {
                y += b[bo + j];
            }
            out[oi + j] = y;
        }
    }

    // ---- backward helpers ----

    /** dx = rstd (g - mean(g) - xhat mean(g xhat)), g = dy gamma. */
    private static void backwardRow(Rows in, int r, float[] lanes) {
        int n = in.n;
        int dyi = in.dyOff + r * n;
        int xi = in.xOff + r * n;
        int dxi = in.dxOff + r * n;
        float mu = in.mean[in.meanOff + r];
        float rs = in.rstd[in.rstdOff + r];
        float[] gam = in.gamma;
        FloatVector vmu = FloatVector.broadcast(S, mu);
        FloatVector vrs = FloatVector.broadcast(S, rs);
        FloatVector accG = FloatVector.zero(S);
        FloatVector accGx = FloatVector.zero(S);
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector g = FloatVector.fromArray(S, in.dy, dyi + j);
            if (gam != null) {
                g = g.mul(FloatVector.fromArray(S, gam, in.gammaOff + j));
            }
            FloatVector xhat = FloatVector.fromArray(S, in.x, xi + j).sub(vmu).mul(vrs);
            accG = accG.add(g);
            accGx = g.fma(xhat, accGx);
        }
        float sumG = CpuSoftmaxMath.sumLanes(accG, lanes);
        float sumGx = CpuSoftmaxMath.sumLanes(accGx, lanes);
        for (int t = j; t < n; t++) {
            float g = in.dy[dyi + t] * (gam == null ? 1f : gam[in.gammaOff + t]);
            sumG += g;
            sumGx += g * ((in.x[xi + t] - mu) * rs);
        }
        float meanG = sumG / n;
        float meanGx = sumGx / n;
        FloatVector vMeanG = FloatVector.broadcast(S, meanG);
        FloatVector vMeanGx = FloatVector.broadcast(S, meanGx);
        for (j = 0; j < bound; j += S.length()) {
            FloatVector g = FloatVector.fromArray(S, in.dy, dyi + j);
            if (gam != null) {
                g = g.mul(FloatVector.fromArray(S, gam, in.gammaOff + j));
            }
            FloatVector xhat = FloatVector.fromArray(S, in.x, xi + j).sub(vmu).mul(vrs);
            g.sub(vMeanG).sub(xhat.mul(vMeanGx)).mul(vrs).intoArray(in.dx, dxi + j);
        }
        for (; j < n; j++) {
            float g = in.dy[dyi + j] * (gam == null ? 1f : gam[in.gammaOff + j]);
            float xhat = (in.x[xi + j] - mu) * rs;
            in.dx[dxi + j] = (g - meanG - xhat * meanGx) * rs;
        }
    }

    /** partial += dy xhat for row r. */
    private static void accumulateGammaGrad(Rows in, int r, float[] partial, int po) {
        int n = in.n;
        int dyi = in.dyOff + r * n;
        int xi = in.xOff + r * n;
        float mu = in.mean[in.meanOff + r];
        float rs = in.rstd[in.rstdOff + r];
        FloatVector vmu = FloatVector.broadcast(S, mu);
        FloatVector vrs = FloatVector.broadcast(S, rs);
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector xhat = FloatVector.fromArray(S, in.x, xi + j).sub(vmu).mul(vrs);
            FloatVector.fromArray(S, in.dy, dyi + j).fma(xhat, FloatVector.fromArray(S, partial, po + j))
                    .intoArray(partial, po + j);
        }
        for (; j < n; j++) {
            partial[po + j] += in.dy[dyi + j] * ((in.x[xi + j] - mu) * rs);
        }
    }

    private static void addInto(float[] src, int so, float[] dst, int dOff, int n) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector.fromArray(S, src, so + j).add(FloatVector.fromArray(S, dst, dOff + j)).intoArray(dst, dOff + j);
        }
        for (; j < n; j++) {
            dst[dOff + j] += src[so + j];
        }
    }

    /** out[j] = sum over parts p, in order, of partial[p n + j]. */
    private static void sumParts(float[] partial, int parts, int n, float[] out, int oo) {
        System.arraycopy(partial, 0, out, oo, n);
        for (int p = 1; p < parts; p++) {
            addInto(partial, p * n, out, oo, n);
        }
    }
}
