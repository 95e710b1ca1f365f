package org.cardiograd.ecg.signal;

import java.util.SplittableRandom;

/**
 * Piecewise-linear time warping that keeps the record length: the output is split into {@code segments}
 * equal pieces, and piece k reads the input at speed {@code 1 + e_k} input samples per output sample
 * (linear interpolation between input samples). The offsets come in +e/-e pairs, e uniform in
 * [0, maxStretch], assigned to segments in random order (one segment stays at speed 1 if the count is odd),
 * so the speeds average exactly 1: the first and last samples stay in place and the length is unchanged.
 *
 * <p>Physiological bounds: every local speed lies in [1 - maxStretch, 1 + maxStretch], i.e. heart rate, PR,
 * QRS and QT durations change by at most that fraction locally. maxStretch is limited to 0.2; the default
 * 0.1 (+-10%) stays within normal beat-to-beat rate variability and keeps QRS duration on the same side of
 * the 120 ms bundle-branch-block criterion for most beats.
 */
public final class TimeWarp implements Augmentation {

    private final double maxStretch;
    private final int segments;

    public TimeWarp() {
        this(0.1, 4);
    }

    public TimeWarp(double maxStretch, int segments) {
        this.maxStretch = Augmentation.requireIn("maxStretch", maxStretch, 0, 0.2, "physiological rate change");
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be >= 1, got " + segments);
        }
        this.segments = segments;
    }

    @Override
    public float[][] apply(float[][] leads, double fs, SplittableRandom rng) {
        int n = Signals.requireRectangular(leads, "leads");
        double[] source = sourcePositions(n, rng);
        float[][] out = new float[leads.length][n];
        for (int lead = 0; lead < leads.length; lead++) {
            float[] x = leads[lead];
            float[] y = out[lead];
            for (int j = 0; j < n; j++) {
                int i0 = Math.min((int) source[j], n - 1);
                int i1 = Math.min(i0 + 1, n - 1);
                double frac = source[j] - i0;
                y[j] = (float) (x[i0] + frac * (x[i1] - x[i0]));
            }
        }
        return out;
    }

    /** Input time (in samples) read by each of the n output samples; increasing, from 0 to n - 1. */
    double[] sourcePositions(int n, SplittableRandom rng) {
        double[] speed = segmentSpeeds(rng);
        double[] source = new double[n];
        if (n < 2) {
            return source;
        }
        double segmentLength = (n - 1) / (double) segments; // in output samples
        double t = 0;
        int k = 0;
        double knot = 0; // output position where segment k starts
        for (int j = 0; j < n; j++) {
            while (k < segments - 1 && j >= knot + segmentLength) {
                t += speed[k] * segmentLength;
                knot += segmentLength;
                k++;
            }
            source[j] = Math.min(n - 1, Math.max(0, t + speed[k] * (j - knot)));
        }
        source[n - 1] = n - 1;
        return source;
    }

    /** Speeds 1 + e_k with the e_k in +e/-e pairs in random order, so their mean is exactly 1. */
    double[] segmentSpeeds(SplittableRandom rng) {
        double[] offsets = new double[segments];
        for (int k = 0; k + 1 < segments; k += 2) {
            double e = maxStretch == 0 ? 0 : rng.nextDouble(0, maxStretch);
            offsets[k] = e;
            offsets[k + 1] = -e;
        }
        for (int k = segments - 1; k > 0; k--) { // Fisher-Yates
            int r = rng.nextInt(k + 1);
            double tmp = offsets[k];
            offsets[k] = offsets[r];
            offsets[r] = tmp;
        }
        double[] speed = new double[segments];
        for (int k = 0; k < segments; k++) {
            speed[k] = 1 + offsets[k];
        }
        return speed;
    }

    @Override
    public String toString() {
        return "TimeWarp(+-" + maxStretch + ", " + segments + " segments)";
    }
}
