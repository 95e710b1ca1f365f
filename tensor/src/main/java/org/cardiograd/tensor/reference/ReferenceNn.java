package org.cardiograd.tensor.reference;

import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.HostStorage;

/**
 * The oracle for the fused neural-network kernels: softmax, layer norm, attention, AdamW. Each is the textbook
 * definition as a scalar loop over logical indices (through the strides), accumulating in double and rounding
 * to float only when storing. The attention here is the naive one: it builds each query row's full score vector.
 */
final class ReferenceNn {
    private ReferenceNn() {}

    // ---- softmax ------------------------------------------------------------------------------------

    static void softmax(Tensor x, Tensor out, boolean log) {
        int rows = x.shape(0);
        int n = x.shape(1);
        double[] e = new double[n];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, get2(x, r, j));
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                e[j] = Math.exp(get2(x, r, j) - max);
                sum += e[j];
            }
            double logSum = Math.log(sum);
            for (int j = 0; j < n; j++) {
                set2(out, r, j, log ? get2(x, r, j) - max - logSum : e[j] / sum);
            }
        }
    }

    /** softmax: dx = y (dy - sum(dy y)); log-softmax (y = log-probs): dx = dy - exp(y) sum(dy). */
    static void softmaxBackward(Tensor y, Tensor dy, Tensor dx, boolean log) {
        int rows = y.shape(0);
        int n = y.shape(1);
        for (int r = 0; r < rows; r++) {
            double dot = 0;
            for (int j = 0; j < n; j++) {
                dot += log ? get2(dy, r, j) : get2(dy, r, j) * get2(y, r, j);
            }
            for (int j = 0; j < n; j++) {
                double yj = get2(y, r, j);
                double g = get2(dy, r, j);
                set2(dx, r, j, log ? g - Math.exp(yj) * dot : yj * (g - dot));
            }
        }
    }

    // ---- layer norm ---------------------------------------------------------------------------------

    static void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        int rows = x.shape(0);
        int n = x.shape(1);
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += get2(x, r, j);
            }
            double mu = sum / n;
            double sq = 0;
            for (int j = 0; j < n; j++) {
                double c = get2(x, r, j) - mu;
                sq += c * c;
            }
            double rs = 1.0 / Math.sqrt(sq / n + eps);
            for (int j = 0; j < n; j++) {
                double y = (get2(x, r, j) - mu) * rs;
                if (gamma != null) {
                    y *= get1(gamma, j);
                }
                if (beta != null) {
                    y += get1(beta, j);
                }
                set2(out, r, j, y);
            }
            set1(mean, r, mu);
            set1(rstd, r, rs);
        }
    }

    /**
     * With xhat = (x - mean) rstd and g = dy gamma: dx = rstd (g - mean(g) - xhat mean(g xhat)),
     * dGamma = sum over rows of dy xhat, dBeta = sum over rows of dy.
     */
    static void layerNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor gamma, Tensor dx,
                                  Tensor dGamma, Tensor dBeta) {
        int rows = x.shape(0);
        int n = x.shape(1);
        double[] gSum = new double[n];
        double[] bSum = new double[n];
        for (int r = 0; r < rows; r++) {
            double mu = get1(mean, r);
            double rs = get1(rstd, r);
            double sumG = 0;
            double sumGx = 0;
            for (int j = 0; j < n; j++) {
                double xhat = (get2(x, r, j) - mu) * rs;
                double g = get2(dy, r, j) * (gamma == null ? 1.0 : get1(gamma, j));
                sumG += g;
                sumGx += g * xhat;
                gSum[j] += get2(dy, r, j) * xhat;
                bSum[j] += get2(dy, r, j);
            }
            double meanG = sumG / n;
            double meanGx = sumGx / n;
            for (int j = 0; j < n; j++) {
                double xhat = (get2(x, r, j) - mu) * rs;
                double g = get2(dy, r, j) * (gamma == null ? 1.0 : get1(gamma, j));
                set2(dx, r, j, rs * (g - meanG - xhat * meanGx));
            }
        }
        for (int j = 0; j < n; j++) {
            if (dGamma != null) {
                set1(dGamma, j, gSum[j]);
            }
            if (dBeta != null) {
                set1(dBeta, j, bSum[j]);
            }
        }
    }

    // ---- attention ----------------------------------------------------------------------------------

    /**
     * The scaled, masked score of query i against key j of head row bh, or -inf when masked.
     */
    private static double score(Tensor q, Tensor k, Tensor keyMask, Tensor bias, int heads, float scale,
                                boolean causal, int bh, int i, int j) {
        if (causal && j > i) {
            return Double.NEGATIVE_INFINITY;
        }
        if (keyMask != null && get2(keyMask, bh / heads, j) == 0.0) {
            return Double.NEGATIVE_INFINITY;
        }
        int d = q.shape(2);
        double dot = 0;
        for (int c = 0; c < d; c++) {
            dot += get3(q, bh, i, c) * get3(k, bh, j, c);
        }
        double s = scale * dot;
        if (bias != null) {
            s += get2(bias, i, j);
        }
        return s;
    }

    static void attention(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale,
                          boolean causal, Tensor out, Tensor lse) {
        int bhs = q.shape(0);
        int tq = q.shape(1);
        int d = q.shape(2);
        int tk = k.shape(1);
        double[] s = new double[tk];
        for (int bh = 0; bh < bhs; bh++) {
            for (int i = 0; i < tq; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < tk; j++) {
                    s[j] = score(q, k, keyMask, bias, heads, scale, causal, bh, i, j);
                    max = Math.max(max, s[j]);
                }
                if (max == Double.NEGATIVE_INFINITY) {
                    // every key masked: no distribution to average over
                    for (int c = 0; c < d; c++) {
                        set3(out, bh, i, c, 0.0);
                    }
                    set2(lse, bh, i, Double.NEGATIVE_INFINITY);
                    continue;
                }
                double sum = 0;
                for (int j = 0; j < tk; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int c = 0; c < d; c++) {
                    double acc = 0;
                    for (int j = 0; j < tk; j++) {
                        acc += s[j] * get3(v, bh, j, c);
                    }
                    set3(out, bh, i, c, acc / sum);
                }
                set2(lse, bh, i, max + Math.log(sum));
            }
        }
    }

    /**
     * With P = exp(S - lse) recomputed from the saved lse, Di = dOut_i . out_i:
     * dV = P^T dOut, dP = dOut V^T, dS = P (dP - Di), dQ = scale dS K, dK = scale dS^T Q.
     */
    static void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads,
                                  float scale, boolean causal, Tensor out, Tensor lse, Tensor dOut, Tensor dq,
                                  Tensor dk, Tensor dv) {
        int bhs = q.shape(0);
        int tq = q.shape(1);
        int d = q.shape(2);
        int tk = k.shape(1);
        double[][] dkAcc = new double[tk][d];
        double[][] dvAcc = new double[tk][d];
        double[] dqAcc = new double[d];
        for (int bh = 0; bh < bhs; bh++) {
            for (double[] row : dkAcc) {
                java.util.Arrays.fill(row, 0.0);
            }
            for (double[] row : dvAcc) {
                java.util.Arrays.fill(row, 0.0);
            }
            for (int i = 0; i < tq; i++) {
                java.util.Arrays.fill(dqAcc, 0.0);
                double rowLse = get2(lse, bh, i);
                if (rowLse != Double.NEGATIVE_INFINITY) {
                    double di = 0;
                    for (int c = 0; c < d; c++) {
                        di += get3(dOut, bh, i, c) * get3(out, bh, i, c);
                    }
                    for (int j = 0; j < tk; j++) {
                        double sij = score(q, k, keyMask, bias, heads, scale, causal, bh, i, j);
                        if (sij == Double.NEGATIVE_INFINITY) {
                            continue;
                        }
                        double p = Math.exp(sij - rowLse);
                        double dp = 0;
                        for (int c = 0; c < d; c++) {
                            dp += get3(dOut, bh, i, c) * get3(v, bh, j, c);
                        }
                        double ds = p * (dp - di);
                        for (int c = 0; c < d; c++) {
                            dvAcc[j][c] += p * get3(dOut, bh, i, c);
                            dqAcc[c] += scale * ds * get3(k, bh, j, c);
                            dkAcc[j][c] += scale * ds * get3(q, bh, i, c);
                        }
                    }
                }
                for (int c = 0; c < d; c++) {
                    set3(dq, bh, i, c, dqAcc[c]);
                }
            }
            for (int j = 0; j < tk; j++) {
                for (int c = 0; c < d; c++) {
                    set3(dk, bh, j, c, dkAcc[j][c]);
                    set3(dv, bh, j, c, dvAcc[j][c]);
                }
            }
        }
    }

    // ---- AdamW --------------------------------------------------------------------------------------

    /**
     * PyTorch's AdamW: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
     * p -= lr (m / (1-b1^t) / (sqrt(v / (1-b2^t)) + eps) + wd p), with the old p in the decay term.
     */
    static void adamw(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                      float weightDecay, long step) {
        double bc1 = 1.0 - Math.pow(beta1, step);
        double bc2 = 1.0 - Math.pow(beta2, step);
        long n = param.numel();
        for (int i = 0; i < n; i++) {
            double p = getFlat(param, i);
            double g = getFlat(grad, i);
            double mi = (double) beta1 * getFlat(m, i) + (1.0 - beta1) * g;
            double vi = (double) beta2 * getFlat(v, i) + (1.0 - beta2) * g * g;
            double update = (mi / bc1) / (Math.sqrt(vi / bc2) + eps) + (double) weightDecay * p;
            setFlat(m, i, mi);
            setFlat(v, i, vi);
            setFlat(param, i, p - lr * update);
        }
    }

    // ---- element access through the strides ---------------------------------------------------------

    private static double get1(Tensor t, int i) {
        return HostStorage.array(t)[(int) (t.offset() + i * t.stride(0))];
    }

    private static void set1(Tensor t, int i, double value) {
        HostStorage.array(t)[(int) (t.offset() + i * t.stride(0))] = (float) value;
    }

    private static double get2(Tensor t, int i, int j) {
        return HostStorage.array(t)[(int) (t.offset() + i * t.stride(0) + j * t.stride(1))];
    }

    private static void set2(Tensor t, int i, int j, double value) {
        HostStorage.array(t)[(int) (t.offset() + i * t.stride(0) + j * t.stride(1))] = (float) value;
    }

    private static double get3(Tensor t, int i, int j, int c) {
        return HostStorage.array(t)[(int) (t.offset() + i * t.stride(0) + j * t.stride(1) + c * t.stride(2))];
    }

    private static void set3(Tensor t, int i, int j, int c, double value) {
        HostStorage.array(t)[(int) (t.offset() + i * t.stride(0) + j * t.stride(1) + c * t.stride(2))] =
                (float) value;
    }

    /** Element i in row-major logical order of a tensor of any rank and layout. */
    private static int flatIndex(Tensor t, long i) {
        long pos = t.offset();
        long rest = i;
        for (int a = t.rank() - 1; a >= 0; a--) {
            int size = t.shape(a);
            pos += (rest % size) * t.stride(a);
            rest /= size;
        }
        return (int) pos;
    }

    private static double getFlat(Tensor t, long i) {
        return HostStorage.array(t)[flatIndex(t, i)];
    }

    private static void setFlat(Tensor t, long i, double value) {
        HostStorage.array(t)[flatIndex(t, i)] = (float) value;
    }
}
