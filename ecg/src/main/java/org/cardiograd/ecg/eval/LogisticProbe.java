package org.cardiograd.ecg.eval;

/**
 * Linear probing: one L2-regularized logistic regression per class on frozen features (one-vs-rest, as the
 * multi-label ECG benchmarks evaluate). Features are standardized with the training set's mean and standard
 * deviation; each class is fitted by full-batch Newton iterations (IRLS) on the standardized features, which
 * converges in a few steps for the feature sizes of a probe and needs no learning rate.
 */
public final class LogisticProbe {
    private final float[] mean;
    private final float[] std;
    private final double[][] weights; // [class][feature + 1], last entry is the bias

    private LogisticProbe(float[] mean, float[] std, double[][] weights) {
        this.mean = mean;
        this.std = std;
        this.weights = weights;
    }

    /** Fits on features [n][d] and 0/1 labels [n][classes] with L2 strength lambda (on weights, not bias). */
    public static LogisticProbe fit(float[][] features, float[][] labels, double lambda, int iterations) {
        int n = features.length;
        int d = features[0].length;
        int classes = labels[0].length;
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            double s2 = 0;
            for (float[] f : features) {
                s += f[j];
                s2 += (double) f[j] * f[j];
            }
            double m = s / n;
            mean[j] = (float) m;
            std[j] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, s2 / n - m * m)));
        }
        double[][] x = new double[n][d + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = (features[i][j] - mean[j]) / std[j];
            }
            x[i][d] = 1;
        }
        double[][] weights = new double[classes][];
        for (int c = 0; c < classes; c++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = labels[i][c];
            }
            weights[c] = newton(x, y, lambda, iterations);
        }
        return new LogisticProbe(mean, std, weights);
    }

    /** Probabilities [n][classes]. */
    public float[][] predict(float[][] features) {
        int d = mean.length;
        float[][] out = new float[features.length][weights.length];
        for (int i = 0; i < features.length; i++) {
            for (int c = 0; c < weights.length; c++) {
                double z = weights[c][d];
                for (int j = 0; j < d; j++) {
                    z += weights[c][j] * (features[i][j] - mean[j]) / std[j];
                }
                out[i][c] = (float) (1 / (1 + Math.exp(-z)));
            }
        }
        return out;
    }

    /** Minimizes sum log-loss + lambda/2 |w|^2 by Newton steps with the Hessian X^T S X + lambda I. */
    private static double[] newton(double[][] x, double[] y, double lambda, int iterations) {
        int n = x.length;
        int p = x[0].length;
        double[] w = new double[p];
        for (int it = 0; it < iterations; it++) {
            double[] grad = new double[p];
            double[][] hess = new double[p][p];
            for (int i = 0; i < n; i++) {
                double z = 0;
                for (int j = 0; j < p; j++) {
                    z += w[j] * x[i][j];
                }
                double prob = 1 / (1 + Math.exp(-z));
                double r = prob - y[i];
                double s = Math.max(prob * (1 - prob), 1e-9);
                for (int j = 0; j < p; j++) {
                    grad[j] += r * x[i][j];
                    double sx = s * x[i][j];
                    for (int k = j; k < p; k++) {
                        hess[j][k] += sx * x[i][k];
                    }
                }
            }
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < j; k++) {
                    hess[j][k] = hess[k][j];
                }
                if (j < p - 1) {
                    grad[j] += lambda * w[j];
                    hess[j][j] += lambda;
                } else {
                    hess[j][j] += 1e-8;
                }
            }
            double[] step = solve(hess, grad);
            double change = 0;
            for (int j = 0; j < p; j++) {
                w[j] -= step[j];
                change = Math.max(change, Math.abs(step[j]));
            }
            if (change < 1e-8) {
                break;
            }
        }
        return w;
    }

    /** Solves a symmetric positive definite system by Cholesky factorization. */
    static double[] solve(double[][] a, double[] b) {
        int p = b.length;
        double[][] l = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(sum, 1e-12));
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * y[k];
            }
            y[i] = sum / l[i][i];
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
}
