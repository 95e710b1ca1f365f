package org.cardiograd.ecg.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative, ties
 * counting one half (the Mann-Whitney statistic, equal to scikit-learn's roc_auc_score). Macro AUROC averages
 * over the classes that have both positives and negatives.
 */
public final class Auroc {
    private Auroc() {}

    /** AUROC of scores against 0/1 labels; NaN when either class is absent. */
    public static double of(float[] scores, float[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("auroc: " + scores.length + " scores for " + labels.length + " labels");
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            if (Float.isNaN(scores[i])) {
                throw new IllegalArgumentException("auroc: score " + i + " is NaN");
            }
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSumPositives = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // ties share the average rank
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] > 0.5f) {
                    rankSumPositives += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Per-class AUROC of scores[n][c] against labels[n][c]. */
    public static double[] perClass(float[][] scores, float[][] labels) {
        int classes = labels.length == 0 ? 0 : labels[0].length;
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = of(column(scores, c), column(labels, c));
        }
        return out;
    }

    /** Mean of the defined per-class AUROCs. */
    public static double macro(float[][] scores, float[][] labels) {
        return mean(perClass(scores, labels));
    }

    /** A confidence interval of the macro AUROC from resampling the samples with replacement. */
    public record Interval(double low, double high) {}

    public static Interval bootstrapMacro(float[][] scores, float[][] labels, int rounds, double level, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = scores.length;
        double[] stats = new double[rounds];
        int kept = 0;
        float[][] s = new float[n][];
        float[][] l = new float[n][];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                int pick = rng.nextInt(n);
                s[i] = scores[pick];
                l[i] = labels[pick];
            }
            double m = macro(s, l);
            if (!Double.isNaN(m)) {
                stats[kept++] = m;
            }
        }
        double[] valid = Arrays.copyOf(stats, kept);
        Arrays.sort(valid);
        if (kept == 0) {
            return new Interval(Double.NaN, Double.NaN);
        }
        double alpha = (1 - level) / 2;
        return new Interval(valid[(int) Math.floor(alpha * (kept - 1))], valid[(int) Math.ceil((1 - alpha) * (kept - 1))]);
    }

    static double mean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static float[] column(float[][] m, int c) {
        float[] out = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][c];
        }
        return out;
    }
}
