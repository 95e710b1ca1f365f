package org.cardiograd.ecg.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class TsneTest {

    /** {@code clusters} Gaussian blobs of {@code perCluster} points in {@code dims} dimensions, centres far apart. */
    private static float[][] blobs(int clusters, int perCluster, int dims, double spread, long seed, int[] labels) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] centres = new double[clusters][dims];
        for (double[] c : centres) {
            for (int k = 0; k < dims; k++) {
                c[k] = rng.nextGaussian() * 10;
            }
        }
        float[][] x = new float[clusters * perCluster][dims];
        for (int i = 0; i < x.length; i++) {
            int c = i % clusters;
            labels[i] = c;
            for (int k = 0; k < dims; k++) {
                x[i][k] = (float) (centres[c][k] + rng.nextGaussian() * spread);
            }
        }
        return x;
    }

    @Test
    void perplexityCalibrationHitsTheTargetEntropy() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 120;
        float[][] x = new float[n][10];
        for (float[] row : x) {
            for (int k = 0; k < row.length; k++) {
                // Uneven scales, so that rows need very different kernel widths.
                row[k] = (float) (rng.nextGaussian() * (k + 1) * (rng.nextDouble() < 0.1 ? 50 : 1));
            }
        }
        double[] d2 = Tsne.squaredDistances(x);
        for (double perplexity : new double[] {5, 30, 80}) {
            double[] p = Tsne.conditionalProbabilities(d2, perplexity);
            for (int i = 0; i < n; i++) {
                double sum = 0;
                double entropy = 0;
                for (int j = 0; j < n; j++) {
                    double pij = p[i * n + j];
                    sum += pij;
                    if (pij > 0) {
                        entropy -= pij * Math.log(pij);
                    }
                }
                assertEquals(0, p[i * n + i], 0.0);
                assertEquals(1, sum, 1e-9, "row " + i);
                assertEquals(Math.log(perplexity), entropy, 1e-4, "row " + i + " at perplexity " + perplexity);
            }
        }
    }

    @Test
    void jointProbabilitiesAreSymmetricAndSumToOne() {
        int[] labels = new int[40];
        float[][] x = blobs(2, 20, 5, 1, 3, labels);
        double[] conditional = Tsne.conditionalProbabilities(Tsne.squaredDistances(x), 8);
        double[] p = Tsne.jointProbabilities(conditional.clone(), 40);
        double sum = 0;
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 40; j++) {
                double expected = i == j ? 0 : (conditional[i * 40 + j] + conditional[j * 40 + i]) / 80;
                assertEquals(Math.max(expected, i == j ? 0 : 1e-12), p[i * 40 + j], 1e-15);
                assertEquals(p[i * 40 + j], p[j * 40 + i], 1e-15);
                sum += p[i * 40 + j];
            }
        }
        assertEquals(1, sum, 1e-6);
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheKlDivergence() {
        int n = 12;
        int[] labels = new int[n];
        float[][] x = blobs(3, 4, 4, 1, 5, labels);
        double[] p = Tsne.jointProbabilities(Tsne.conditionalProbabilities(Tsne.squaredDistances(x), 3), n);
        SplittableRandom rng = new SplittableRandom(2);
        double[] y = new double[n * 2];
        for (int k = 0; k < y.length; k++) {
            y[k] = rng.nextGaussian();
        }
        double[] grad = new double[y.length];
        Tsne.gradient(p, y, n, 1, grad);
        double h = 1e-6;
        for (int k = 0; k < y.length; k++) {
            double[] plus = y.clone();
            double[] minus = y.clone();
            plus[k] += h;
            minus[k] -= h;
            double numeric = (Tsne.klDivergence(p, plus, n) - Tsne.klDivergence(p, minus, n)) / (2 * h);
            assertEquals(numeric, grad[k], 1e-6 + 1e-4 * Math.abs(numeric), "coordinate " + k);
        }
    }

    @Test
    void wellSeparatedClustersStaySeparated() {
        int[] labels = new int[250];
        float[][] x = blobs(5, 50, 30, 1, 7, labels);
        float[][] y = new Tsne(20, 600, 200, 42).embed(x);
        assertEquals(250, y.length);
        assertEquals(2, y[0].length);
        double purity = knnPurity(y, labels, 5);
        assertTrue(purity > 0.98, "5-NN purity in the map is " + purity);
    }

    @Test
    void sameSeedSameMapOtherSeedOtherMap() {
        int[] labels = new int[90];
        float[][] x = blobs(3, 30, 8, 2, 9, labels);
        Tsne tsne = new Tsne(10, 300, 200, 5);
        float[][] a = tsne.embed(x);
        float[][] b = tsne.embed(x);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], "point " + i);
        }
        float[][] c = new Tsne(10, 300, 200, 6).embed(x);
        assertFalse(Arrays.equals(a[0], c[0]));
    }

    @Test
    void threadCountDoesNotChangeTheMap() throws Exception {
        int[] labels = new int[100];
        float[][] x = blobs(4, 25, 6, 1, 13, labels);
        Tsne tsne = new Tsne(8, 260, 200, 3);
        // A parallel stream started inside a ForkJoinPool task runs on that pool.
        float[][] one = embedIn(new ForkJoinPool(1), tsne, x);
        float[][] three = embedIn(new ForkJoinPool(3), tsne, x);
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], three[i], "point " + i);
        }
    }

    private static float[][] embedIn(ForkJoinPool pool, Tsne tsne, float[][] x) throws Exception {
        try {
            return pool.submit(() -> tsne.embed(x)).get();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void rejectsBadInput() {
        float[][] few = new float[10][3];
        assertThrows(IllegalArgumentException.class, () -> Tsne.withDefaults(1).embed(few));
        float[][] ragged = {new float[3], new float[3], new float[2], new float[3]};
        assertThrows(IllegalArgumentException.class, () -> new Tsne(1, 300, 200, 1).embed(ragged));
        float[][] nan = new float[5][2];
        nan[3][1] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tsne(1, 300, 200, 1).embed(nan));
        assertTrue(e.getMessage().contains("point 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Tsne(30, 100, 200, 1));
    }

    /** Fraction of points whose k nearest map neighbours share their label. */
    static double knnPurity(float[][] y, int[] labels, int k) {
        int n = y.length;
        int same = 0;
        for (int i = 0; i < n; i++) {
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            int self = i;
            Arrays.sort(order, (a, b) -> Double.compare(dist(y[self], y[a]), dist(y[self], y[b])));
            for (int m = 1; m <= k; m++) {
                if (labels[order[m]] == labels[i]) {
                    same++;
                }
            }
        }
        return same / (double) (n * k);
    }

    private static double dist(float[] a, float[] b) {
        double d0 = a[0] - b[0];
        double d1 = a[1] - b[1];
        return d0 * d0 + d1 * d1;
    }
}
