package org.cardiograd.ecg.signal;

/**
 * Rational-ratio resampling with a polyphase anti-aliasing FIR, matching {@code scipy.signal.resample_poly}
 * with its defaults (window {@code ('kaiser', 5.0)}, zero padding outside the signal).
 *
 * <p>The rate changes by {@code up/down} (reduced by their gcd). The low-pass is a windowed sinc with cutoff
 * {@code 1/max(up, down)} of the Nyquist frequency of the upsampled signal and {@code 10 max(up, down)} taps on
 * each side of the centre, scaled by {@code up}. Output sample {@code i} sits at input time {@code i down / up}
 * (the first output sample is aligned with the first input sample), computed as
 * {@code y[i] = sum_n x[n] h[half + i down - n up]}: only the taps of one polyphase branch touch real samples,
 * so zero insertion is never materialized. The filter is symmetric and centred, so there is no phase shift.
 * The output has {@code ceil(n up / down)} samples. Near both ends the filter reaches past the signal and sees
 * zeros, so the first and last {@code 10 max(up, down) / up} input samples (10 for 250->500 or 360->500, 50 for
 * 500->100) are pulled towards 0 exactly as in SciPy; crop them or filter first if the baseline is far from 0.
 *
 * <p>Instances are immutable and thread-safe; building one designs the filter once.
 */
public final class Resampler {

    /** Kaiser beta of SciPy's default window for resample_poly. */
    static final double KAISER_BETA = 5.0;
    /** Filter half-length in units of max(up, down), SciPy's choice. */
    static final int HALF_LENGTH_FACTOR = 10;

    private final int up;
    private final int down;
    private final int half;
    private final double[] h;

    private Resampler(int up, int down) {
        int g = gcd(up, down);
        this.up = up / g;
        this.down = down / g;
        int maxRate = Math.max(this.up, this.down);
        this.half = HALF_LENGTH_FACTOR * maxRate;
        this.h = KaiserFir.lowPass(2 * half + 1, 1.0 / maxRate, KAISER_BETA);
        for (int i = 0; i < h.length; i++) {
            h[i] *= this.up; // zero insertion divides the signal's spectrum level by up; restore it
        }
    }

    /** A resampler by the rational factor up/down (reduced by their gcd). */
    public static Resampler ofRatio(int up, int down) {
        if (up < 1 || down < 1) {
            throw new IllegalArgumentException("up and down must be >= 1, got up=" + up + ", down=" + down);
        }
        return new Resampler(up, down);
    }

    /** A resampler from one sampling rate in Hz to another, e.g. 500 to 100, or 360 to 500 (up 25, down 18). */
    public static Resampler between(int fromHz, int toHz) {
        if (fromHz < 1 || toHz < 1) {
            throw new IllegalArgumentException(
                    "sampling rates must be positive whole Hz, got from=" + fromHz + ", to=" + toHz);
        }
        return new Resampler(toHz, fromHz);
    }

    /** Convenience: resample every lead of {@code leads} from {@code fromHz} to {@code toHz}. */
    public static float[][] resample(float[][] leads, int fromHz, int toHz) {
        return between(fromHz, toHz).apply(leads);
    }

    public int up() {
        return up;
    }

    public int down() {
        return down;
    }

    /** The anti-aliasing filter taps (already multiplied by up); a copy. */
    public double[] filterTaps() {
        return h.clone();
    }

    /** Number of output samples for {@code n} input samples: ceil(n up / down). */
    public int outputLength(int n) {
        long total = (long) n * up;
        return Math.toIntExact((total + down - 1) / down);
    }

    /** Resamples each lead; returns new arrays. */
    public float[][] apply(float[][] leads) {
        Signals.requireRectangular(leads, "leads");
        float[][] out = new float[leads.length][];
        for (int lead = 0; lead < leads.length; lead++) {
            out[lead] = apply(leads[lead]);
        }
        return out;
    }

    /** Resamples one lead; returns a new array (a copy when up == down). */
    public float[] apply(float[] x) {
        if (up == down) {
            return x.clone();
        }
        int n = x.length;
        float[] y = new float[outputLength(n)];
        int lastTap = 2 * half;
        for (int i = 0; i < y.length; i++) {
            long centre = half + (long) i * down; // index into the upsampled-and-filtered stream
            // input samples n with 0 <= centre - n*up <= lastTap
            long first = Math.max(0, ceilDiv(centre - lastTap, up));
            long last = Math.min(n - 1, Math.floorDiv(centre, (long) up));
            double acc = 0;
            int tap = (int) (centre - first * up);
            for (int k = (int) first; k <= last; k++, tap -= up) {
                acc += x[k] * h[tap];
            }
            y[i] = (float) acc;
        }
        return y;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
