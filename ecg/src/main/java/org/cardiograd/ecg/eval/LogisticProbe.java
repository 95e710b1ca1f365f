package org.cardiograd.ecg.eval;

import java.util.stream.IntStream;


/**
 * Linear probing: one L2-regularized logistic regression per class on frozen features (one-vs-rest, as the
 * multi-label ECG benchmarks evaluate). Features are standardized with the training set's mean and standard
 * deviation; each class is fitted by full-batch Newton iterations (IRLS) on the standardized features, which
 * converges in a few steps for the feature sizes of a probe and needs no learning rate. The Hessian of each
 * step is a GEMM, so a width-1024 probe on tens of thousands of records takes seconds, not hours.
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
        // standardized features with a constant 1 column for the bias, row-major [n, d + 1]
        int p = d + 1;
        float[] x = new float[n * p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * p + j] = (features[i][j] - mean[j]) / std[j];
            }
            x[i * p + d] = 1;
        }
        double[][] weights = new double[classes][];
        // the classes are independent fits: run them side by side (same numbers in any order)
        IntStream.range(0, classes).parallel().forEach(c -> {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = labels[i][c];
            }
            weights[c] = newton(x, n, p, y, lambda, iterations);
        });
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

    /**
     * Minimizes sum log-loss + lambda/2 |w|^2 by Newton steps with the Hessian X^T S X + lambda I (the bias
     * unregularized). The gradient is summed in double; {@link NewtonStep} solves for the step from the
     * row-scaled features sqrt(S) X.
     */
    private static double[] newton(float[] x, int n, int p, double[] y, double lambda, int iterations) {
        double[] w = new double[p];
        float[] scaled = new float[n * p];
        for (int it = 0; it < iterations; it++) {
            double[] grad = new double[p];
            for (int i = 0; i < n; i++) {
                int row = i * p;
                double z = 0;
                for (int j = 0; j < p; j++) {
                    z += w[j] * x[row + j];
                }
                double prob = 1 / (1 + Math.exp(-z));
                double r = prob - y[i];
                float root = (float) Math.sqrt(Math.max(prob * (1 - prob), 1e-9));
                for (int j = 0; j < p; j++) {
                    grad[j] += r * x[row + j];
                    scaled[row + j] = root * x[row + j];
                }
            }
            for (int j = 0; j < p - 1; j++) {
                grad[j] += lambda * w[j];
            }
            double[] step = lambda > 0 && n < p - 1 ? NewtonStep.dual(scaled, n, p, grad, lambda)
                    : NewtonStep.primal(scaled, n, p, grad, lambda);
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
}
