package org.cardiograd.ecg.eval;

import java.util.stream.IntStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.cardiograd.tensor.Rng;

/**
 * Exact t-SNE (van der Maaten and Hinton, JMLR 2008): a 2-d map of high-dimensional points that keeps
 * neighbours together, for looking at ECG embeddings coloured by class.
 *
 * <ol>
 *   <li>Affinities: for each point a Gaussian over the others whose width is found by binary search so that the
 *       distribution's perplexity (e^entropy) equals the target; symmetrised, p_ij = (p_j|i + p_i|j) / 2N.</li>
 *   <li>The map: Student-t similarities q_ij ~ 1 / (1 + |y_i - y_j|^2); gradient descent on KL(P || Q),
 *       dC/dy_i = 4 sum_j (p_ij - q_ij)(y_i - y_j) / (1 + |y_i - y_j|^2), with momentum 0.5 then 0.8, per-coordinate
 *       adaptive gains (Jacobs 1988, as in the authors' implementation), and early exaggeration (P times 12 for the
 *       first 250 iterations) so that clusters form before they settle.</li>
 * </ol>
 * Every iteration costs O(N^2) time, and the affinities take an N x N array of doubles (32 MB for 2,000 points),
 * which suits the few thousand ECGs of a t-SNE figure. Rows are computed in parallel, each into its own slots,
 * and sums run in a fixed order, so the result depends only on the seed.
 */
public final class Tsne {
    private static final int DIMS = 2;
    private static final double EXAGGERATION = 12;
    private static final int EXAGGERATION_ITERATIONS = 250;
    private static final double INITIAL_MOMENTUM = 0.5;
    private static final double FINAL_MOMENTUM = 0.8;
    private static final double MIN_GAIN = 0.01;
    private static final double INITIAL_STD = 1e-4;
    private static final double ENTROPY_TOLERANCE = 1e-5;
    private static final int MAX_BISECTION_STEPS = 200;
    private static final VectorSpecies<Double> LANES = DoubleVector.SPECIES_PREFERRED;
    /** Per row: sum p w d0, sum p w d1, sum w^2 d0, sum w^2 d1, sum w (including w_ii = 1). */
    private static final int ROW_SUMS = 5;

    /** Rows per parallel task. */
    private static final int ROW_BLOCK = 32;

    private final double perplexity;
    private final int iterations;
    private final double learningRate;
    private final long seed;

    /**
     * @param perplexity   effective number of neighbours (5-50 is usual; 30 is common)
     * @param iterations   gradient steps (at least {@value #EXAGGERATION_ITERATIONS} + 1; 1000 is common)
     * @param learningRate step size (200 is common)
     * @param seed         seed of the initial map
     */
    public Tsne(double perplexity, int iterations, double learningRate, long seed) {
        if (!(perplexity >= 1)) {
            throw new IllegalArgumentException("perplexity must be >= 1, got " + perplexity);
        }
        if (iterations <= EXAGGERATION_ITERATIONS) {
            throw new IllegalArgumentException("iterations must exceed the " + EXAGGERATION_ITERATIONS
                    + " of early exaggeration, got " + iterations);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        this.perplexity = perplexity;
        this.iterations = iterations;
        this.learningRate = learningRate;
        this.seed = seed;
    }

    /** Perplexity 30, 1000 iterations, learning rate 200. */
    public static Tsne withDefaults(long seed) {
        return new Tsne(30, 1000, 200, seed);
    }

    /** The 2-d map of {@code points[n][d]}: {@code [n][2]}. */
    public float[][] embed(float[][] points) {
        int n = checkPoints(points);
        if (perplexity >= n - 1) {
            throw new IllegalArgumentException("perplexity " + perplexity + " needs more than " + (perplexity + 1)
                    + " points, got " + n);
        }
        double[] p = jointProbabilities(conditionalProbabilities(squaredDistances(points), perplexity), n);
        double[] y = optimise(p, n);
        float[][] out = new float[n][DIMS];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < DIMS; k++) {
                out[i][k] = (float) y[i * DIMS + k];
            }
        }
        return out;
    }

    private static int checkPoints(float[][] points) {
        if (points.length < 3) {
            throw new IllegalArgumentException("t-SNE needs at least 3 points, got " + points.length);
        }
        int d = points[0].length;
        for (int i = 0; i < points.length; i++) {
            if (points[i].length != d || d == 0) {
                throw new IllegalArgumentException("point " + i + " has " + points[i].length
                        + " coordinates, expected " + d + " like point 0 (and at least 1)");
            }
            for (int k = 0; k < d; k++) {
                if (!Float.isFinite(points[i][k])) {
                    throw new IllegalArgumentException("point " + i + " coordinate " + k + " is " + points[i][k]);
                }
            }
        }
        return points.length;
    }

    /** Squared Euclidean distances, row-major {@code [n * n]}. */
    static double[] squaredDistances(float[][] x) {
        int n = x.length;
        double[] d2 = new double[n * n];
        parallelRows(n, i -> {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < x[i].length; k++) {
                    double diff = (double) x[i][k] - x[j][k];
                    s += diff * diff;
                }
                d2[i * n + j] = s;
            }
        });
        return d2;
    }

    /**
     * Row i holds p_j|i, a Gaussian kernel over the squared distances of point i whose precision beta is found
     * by bisection so that the row's entropy is ln(perplexity) (natural log, matching perplexity = e^H).
     */
    static double[] conditionalProbabilities(double[] d2, double perplexity) {
        int n = (int) Math.round(Math.sqrt(d2.length));
        double target = Math.log(perplexity);
        double[] p = new double[n * n];
        parallelRows(n, i -> {
            double minD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    minD = Math.min(minD, d2[i * n + j]);
                }
            }
            double beta = 1;
            double lo = 0;
            double hi = Double.POSITIVE_INFINITY;
            for (int step = 0; step < MAX_BISECTION_STEPS; step++) {
                double h = rowEntropy(d2, p, i, n, beta, minD);
                if (Math.abs(h - target) < ENTROPY_TOLERANCE) {
                    break;
                }
                if (h > target) { // too flat: narrow the kernel
                    lo = beta;
                    beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
                } else {
                    hi = beta;
                    beta = (beta + lo) / 2;
                }
            }
        });
        return p;
    }

    /**
     * Fills row i of {@code p} with the kernel at precision beta and returns its entropy. Distances are taken
     * relative to the nearest neighbour's, which leaves the normalised row unchanged but keeps exp from
     * underflowing to all zeros for far-apart points.
     */
    private static double rowEntropy(double[] d2, double[] p, int i, int n, double beta, double minD) {
        double sum = 0;
        double weighted = 0;
        for (int j = 0; j < n; j++) {
            if (j == i) {
                p[i * n + j] = 0;
                continue;
            }
            double rel = d2[i * n + j] - minD;
            double w = Math.exp(-rel * beta);
            p[i * n + j] = w;
            sum += w;
            weighted += rel * w;
        }
        for (int j = 0; j < n; j++) {
            p[i * n + j] /= sum;
        }
        return Math.log(sum) + beta * weighted / sum;
    }

    /**
     * p_ij = (p_j|i + p_i|j) / 2n, floored at 1e-12 off the diagonal as in the reference implementation; computed
     * in place (the conditional matrix becomes the joint one), so the affinities take one n x n array.
     */
    static double[] jointProbabilities(double[] conditional, int n) {
        double[] p = conditional;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double joint = Math.max((p[i * n + j] + p[j * n + i]) / (2.0 * n), 1e-12);
                p[i * n + j] = joint;
                p[j * n + i] = joint;
            }
        }
        return p;
    }

    private double[] optimise(double[] p, int n) {
        double[] y = new double[n * DIMS];
        long key = new Rng(seed).nextKey();
        for (int i = 0; i < y.length; i++) {
            y[i] = Rng.normal(key, i) * Math.sqrt(INITIAL_STD);
        }
        double[] update = new double[y.length];
        double[] gains = new double[y.length];
        java.util.Arrays.fill(gains, 1);
        double[] grad = new double[y.length];
        for (int it = 0; it < iterations; it++) {
            double exaggeration = it < EXAGGERATION_ITERATIONS ? EXAGGERATION : 1;
            double momentum = it < EXAGGERATION_ITERATIONS ? INITIAL_MOMENTUM : FINAL_MOMENTUM;
            gradient(p, y, n, exaggeration, grad);
            for (int k = 0; k < y.length; k++) {
                // Grow the gain while the gradient keeps pointing against the last step, shrink it otherwise.
                gains[k] = (grad[k] > 0) != (update[k] > 0) ? gains[k] + 0.2 : gains[k] * 0.8;
                gains[k] = Math.max(gains[k], MIN_GAIN);
                update[k] = momentum * update[k] - learningRate * gains[k] * grad[k];
                y[k] += update[k];
            }
            center(y, n);
        }
        return y;
    }

    /**
     * dC/dy_i = 4 (sum_j p_ij w_ij (y_i - y_j) - sum_j w_ij^2 (y_i - y_j) / Z) with w_ij = 1 / (1 + |y_i - y_j|^2)
     * and Z = sum_{k != l} w_kl: the attraction and the repulsion of a row need Z only as a final factor, so one
     * pass over the pairs per row suffices. The pass runs over j = i too, which adds nothing (p_ii = 0 and
     * y_i - y_i = 0) except w_ii = 1 to the row's Z, taken off afterwards; so the loop has no branch and runs in
     * SIMD lanes. Lane partial sums are added up in lane order on the host (a fixed order, unlike reduceLanes).
     */
    static void gradient(double[] p, double[] y, int n, double exaggeration, double[] grad) {
        double[] ys0 = new double[n];
        double[] ys1 = new double[n];
        for (int i = 0; i < n; i++) {
            ys0[i] = y[i * DIMS];
            ys1[i] = y[i * DIMS + 1];
        }
        double[] rowSums = new double[n * ROW_SUMS];
        parallelRows(n, i -> rowSums(p, ys0, ys1, n, i, rowSums));
        double z = 0;
        for (int i = 0; i < n; i++) {
            z += rowSums[i * ROW_SUMS + 4] - 1;
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < DIMS; k++) {
                double attraction = exaggeration * rowSums[i * ROW_SUMS + k];
                double repulsion = rowSums[i * ROW_SUMS + 2 + k];
                grad[i * DIMS + k] = 4 * (attraction - repulsion / z);
            }
        }
    }

    private static void rowSums(double[] p, double[] ys0, double[] ys1, int n, int i, double[] out) {
        DoubleVector yi0 = DoubleVector.broadcast(LANES, ys0[i]);
        DoubleVector yi1 = DoubleVector.broadcast(LANES, ys1[i]);
        DoubleVector one = DoubleVector.broadcast(LANES, 1.0);
        DoubleVector a0 = DoubleVector.zero(LANES);
        DoubleVector a1 = DoubleVector.zero(LANES);
        DoubleVector r0 = DoubleVector.zero(LANES);
        DoubleVector r1 = DoubleVector.zero(LANES);
        DoubleVector z = DoubleVector.zero(LANES);
        int row = i * n;
        int j = 0;
        for (int bound = LANES.loopBound(n); j < bound; j += LANES.length()) {
            DoubleVector d0 = yi0.sub(DoubleVector.fromArray(LANES, ys0, j));
            DoubleVector d1 = yi1.sub(DoubleVector.fromArray(LANES, ys1, j));
            DoubleVector w = one.div(d0.fma(d0, d1.fma(d1, one)));
            DoubleVector pw = DoubleVector.fromArray(LANES, p, row + j).mul(w);
            DoubleVector ww = w.mul(w);
            z = z.add(w);
            a0 = pw.fma(d0, a0);
            a1 = pw.fma(d1, a1);
            r0 = ww.fma(d0, r0);
            r1 = ww.fma(d1, r1);
        }
        double[] sums = {laneSum(a0), laneSum(a1), laneSum(r0), laneSum(r1), laneSum(z)};
        for (; j < n; j++) {
            double d0 = ys0[i] - ys0[j];
            double d1 = ys1[i] - ys1[j];
            double w = 1 / Math.fma(d0, d0, Math.fma(d1, d1, 1));
            double pw = p[row + j] * w;
            sums[0] = Math.fma(pw, d0, sums[0]);
            sums[1] = Math.fma(pw, d1, sums[1]);
            sums[2] = Math.fma(w * w, d0, sums[2]);
            sums[3] = Math.fma(w * w, d1, sums[3]);
            sums[4] += w;
        }
        System.arraycopy(sums, 0, out, i * ROW_SUMS, ROW_SUMS);
    }

    private static double laneSum(DoubleVector v) {
        double s = 0;
        for (double lane : v.toArray()) {
            s += lane;
        }
        return s;
    }

    /** KL(P || Q) of a map, the quantity t-SNE minimises. */
    static double klDivergence(double[] p, double[] y, int n) {
        double z = 0;
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double d0 = y[i * DIMS] - y[j * DIMS];
                    double d1 = y[i * DIMS + 1] - y[j * DIMS + 1];
                    w[i * n + j] = 1 / (1 + d0 * d0 + d1 * d1);
                    z += w[i * n + j];
                }
            }
        }
        double kl = 0;
        for (int i = 0; i < n * n; i++) {
            if (p[i] > 0) {
                kl += p[i] * Math.log(p[i] / (w[i] / z));
            }
        }
        return kl;
    }

    private static void center(double[] y, int n) {
        for (int k = 0; k < DIMS; k++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += y[i * DIMS + k];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                y[i * DIMS + k] -= mean;
            }
        }
    }

    /** Runs {@code row} for every row, blocks of rows in parallel; each row writes only its own slots. */
    private static void parallelRows(int n, java.util.function.IntConsumer row) {
        int blocks = (n + ROW_BLOCK - 1) / ROW_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            for (int i = b * ROW_BLOCK; i < Math.min(n, (b + 1) * ROW_BLOCK); i++) {
                row.accept(i);
            }
        });
    }
}
