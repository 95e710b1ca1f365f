package org.cardiograd.ecg.signal;

/**
 * Per-lead amplitude normalization. Each lead is scaled on its own (leads differ in amplitude by design:
 * aVR is mostly negative, V2-V4 are large). Statistics are computed in double precision; inputs must be
 * finite (run {@link SignalCleaner} first) and the result is a new array.
 *
 * <p>Flat leads: a lead whose standard deviation (z-score) or range (min-max) is below {@link #FLAT_MV} has
 * no shape to normalize; z-score maps it to all zeros and min-max to the middle of the target range, instead
 * of dividing by almost nothing and amplifying rounding noise.
 */
public enum Normalization {
    /** Leave amplitudes in mV. */
    NONE,
    /** Subtract the lead mean, divide by the lead's population standard deviation. */
    Z_SCORE,
    /** Map each lead's [min, max] linearly onto [0, 1]. */
    MIN_MAX;

    /** Spread below which a lead counts as flat, in mV (1 nV: far below any ADC resolution). */
    public static final double FLAT_MV = 1e-6;

    public float[][] apply(float[][] leads) {
        return switch (this) {
            case NONE -> Signals.copy(requireFinite(leads));
            case Z_SCORE -> zScore(leads);
            case MIN_MAX -> minMax(leads, 0, 1);
        };
    }

    /** Per-lead z-score: (x - mean) / std; flat leads become zeros. */
    public static float[][] zScore(float[][] leads) {
        requireFinite(leads);
        float[][] out = new float[leads.length][];
        for (int lead = 0; lead < leads.length; lead++) {
            float[] x = leads[lead];
            double mean = 0;
            for (float v : x) {
                mean += v;
            }
            mean /= x.length;
            double var = 0;
            for (float v : x) {
                var += (v - mean) * (v - mean);
            }
            double std = Math.sqrt(var / x.length);
            float[] y = new float[x.length];
            if (std >= FLAT_MV) {
                for (int i = 0; i < x.length; i++) {
                    y[i] = (float) ((x[i] - mean) / std);
                }
            }
            out[lead] = y;
        }
        return out;
    }

    /** Per-lead min-max scaling onto [lo, hi]; flat leads become (lo + hi) / 2. */
    public static float[][] minMax(float[][] leads, double lo, double hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("min-max target range needs lo < hi, got [" + lo + ", " + hi + "]");
        }
        requireFinite(leads);
        float[][] out = new float[leads.length][];
        for (int lead = 0; lead < leads.length; lead++) {
            float[] x = leads[lead];
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (float v : x) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            float[] y = new float[x.length];
            double range = max - min;
            for (int i = 0; i < x.length; i++) {
                y[i] = (float) (range < FLAT_MV ? (lo + hi) / 2 : lo + (hi - lo) * (x[i] - min) / range);
            }
            out[lead] = y;
        }
        return out;
    }

    private static float[][] requireFinite(float[][] leads) {
        int n = Signals.requireRectangular(leads, "leads");
        if (n == 0) {
            throw new IllegalArgumentException("leads have no samples to normalize");
        }
        for (int lead = 0; lead < leads.length; lead++) {
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(leads[lead][i])) {
                    throw new IllegalArgumentException("lead " + lead + " sample " + i + " is " + leads[lead][i]
                            + "; expected a finite value (clean NaN/Inf with SignalCleaner first)");
                }
            }
        }
        return leads;
    }
}
