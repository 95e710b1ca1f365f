package org.cardiograd.ecg.eval;

import org.cardiograd.tensor.Tensor;

/**
 * The Newton step of the logistic probe: solves H step = grad with H = A^T A + D, where A = sqrt(S) X is the
 * row-scaled [n, p] design (last column the bias) and D = diag(lambda, ..., lambda, 1e-8). Products of A
 * with itself are float32 GEMMs; their rounding only perturbs the step, not the optimum the iteration
 * converges to (the exact double gradient decides where it stops).
 */
final class NewtonStep {
    /** Keeps the unregularized bias's Hessian entry positive. */
    static final double BIAS_RIDGE = 1e-8;

    private NewtonStep() {}

    /** The p x p Hessian (one GEMM, O(n p^2)) and its Cholesky factorization (O(p^3)). */
    static double[] primal(float[] a, int n, int p, double[] grad, double lambda) {
        Tensor t = Tensor.fromArray(a, n, p);
        float[] gram = t.transpose(0, 1).matmul(t).toArray();
        double[][] hess = new double[p][p];
        for (int j = 0; j < p; j++) {
            for (int k = 0; k <= j; k++) {
                // symmetric by construction in exact arithmetic; average the two float halves
                double v = 0.5 * ((double) gram[j * p + k] + gram[k * p + j]);
                hess[j][k] = v;
                hess[k][j] = v;
            }
            hess[j][j] += j < p - 1 ? lambda : BIAS_RIDGE;
        }
        return solve(hess, grad);
    }

    /**
     * The same step through an n x n system, for fewer records than features (lambda > 0). With A = [B s]
     * (features, bias column) and M = lambda I + B^T B, the bias step t and feature step u are the block
     * elimination
     * <pre>
     *   t = (h - q . M^-1 g) / (s.s + eps - q . M^-1 q),   u = M^-1 g - t M^-1 q,   q = B^T s
     * </pre>
     * and Woodbury's identity M^-1 r = (r - B^T (lambda I + B B^T)^-1 B r) / lambda needs only the
     * n x n kernel: O(n^2 p + n^3) instead of O(n p^2 + p^3).
     */
    static double[] dual(float[] a, int n, int p, double[] grad, double lambda) {
        int d = p - 1;
        Tensor t = Tensor.fromArray(a, n, p);
        float[] aat = t.matmul(t.transpose(0, 1)).toArray();
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = a[i * p + d];
        }
        double[][] kernel = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 0.5 * ((double) aat[i * n + j] + aat[j * n + i]) - s[i] * s[j]; // B B^T
                kernel[i][j] = v;
                kernel[j][i] = v;
            }
            kernel[i][i] += lambda;
        }
        double[][] l = cholesky(kernel);
        double[] g = java.util.Arrays.copyOf(grad, d);
        double[] q = new double[d];
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += s[i] * s[i];
            for (int j = 0; j < d; j++) {
                q[j] += a[i * p + j] * s[i];
            }
        }
        double[] mg = applyInverse(a, n, p, l, g, lambda);
        double[] mq = applyInverse(a, n, p, l, q, lambda);
        double bias = (grad[d] - dot(q, mg, d)) / (ss + BIAS_RIDGE - dot(q, mq, d));
        double[] step = new double[p];
        for (int j = 0; j < d; j++) {
            step[j] = mg[j] - bias * mq[j];
        }
        step[d] = bias;
        return step;
    }

    /** M^-1 r by Woodbury, with l the Cholesky factor of lambda I + B B^T. */
    private static double[] applyInverse(float[] a, int n, int p, double[][] l, double[] r, double lambda) {
        int d = p - 1;
        double[] br = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += a[i * p + j] * r[j];
            }
            br[i] = sum;
        }
        double[] y = substitute(l, br);
        double[] out = r.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[j] -= a[i * p + j] * y[i];
            }
        }
        for (int j = 0; j < d; j++) {
            out[j] /= lambda;
        }
        return out;
    }

    /** Solves a symmetric positive definite system by Cholesky factorization. */
    static double[] solve(double[][] a, double[] b) {
        return substitute(cholesky(a), b);
    }

    /** The lower-triangular L with L L^T = a. */
    static double[][] cholesky(double[][] a) {
        int p = a.length;
        double[][] l = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j] - dot(l[i], l[j], j);
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(sum, 1e-12));
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    /** Solves L L^T x = b by forward and back substitution. */
    static double[] substitute(double[][] l, double[] b) {
        int p = b.length;
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            y[i] = (b[i] - dot(l[i], y, i)) / l[i][i];
        }
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < p; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }

    /** Sum of a[k] * b[k] for k < n, in four independent chains (the loop is latency-bound otherwise). */
    static double dot(double[] a, double[] b, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += a[k] * b[k];
            s1 += a[k + 1] * b[k + 1];
            s2 += a[k + 2] * b[k + 2];
            s3 += a[k + 3] * b[k + 3];
        }
        for (; k < n; k++) {
            s0 += a[k] * b[k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
