package org.cardiograd.ecg.signal;

import java.util.Arrays;

/**
 * An IIR filter as a cascade of second-order sections (biquads), each row {@code b0 b1 b2 a0 a1 a2} with
 * {@code a0 = 1}, run in transposed direct form II in double precision.
 *
 * <p>{@link #filtfilt} is the zero-phase forward-backward application of {@code scipy.signal.sosfiltfilt}
 * (and, for a single section, of {@code filtfilt(b, a)}, which pads the same way):
 * <ol>
 *   <li>odd extension of {@link #padLength()} samples at each end: {@code 2 x[0] - x[k]} before the start and
 *       {@code 2 x[n-1] - x[n-1-k]} after the end, which continues the local trend through the end points;</li>
 *   <li>forward pass starting from the steady state for a constant input equal to the first (extended)
 *       sample ({@link #steadyState()} times that sample), so a DC offset causes no start-up transient;</li>
 *   <li>backward pass over the reversed result, started the same way from its first sample;</li>
 *   <li>the padding is cut off again.</li>
 * </ol>
 * Instances are immutable and thread-safe.
 */
public final class SosFilter {

    private final double[][] sections;

    /** @param sections rows of {@code b0 b1 b2 a0 a1 a2}; rows are normalized so that a0 = 1 */
    public SosFilter(double[][] sections) {
        if (sections == null || sections.length == 0) {
            throw new IllegalArgumentException("a filter needs at least one second-order section");
        }
        this.sections = new double[sections.length][];
        for (int s = 0; s < sections.length; s++) {
            double[] row = sections[s];
            if (row == null || row.length != 6) {
                throw new IllegalArgumentException("section " + s + " must have 6 coefficients b0 b1 b2 a0 a1 a2");
            }
            if (row[3] == 0 || !allFinite(row)) {
                throw new IllegalArgumentException("section " + s + " has a0 = 0 or a non-finite coefficient: "
                        + Arrays.toString(row));
            }
            double a0 = row[3];
            this.sections[s] = new double[] {row[0] / a0, row[1] / a0, row[2] / a0, 1, row[4] / a0, row[5] / a0};
        }
    }

    /** Number of second-order sections. */
    public int sectionCount() {
        return sections.length;
    }

    /** Copy of the coefficients, {@code [section][b0 b1 b2 a0 a1 a2]}. */
    public double[][] sections() {
        double[][] out = new double[sections.length][];
        for (int s = 0; s < sections.length; s++) {
            out[s] = sections[s].clone();
        }
        return out;
    }

    /**
     * Samples of odd extension at each end, SciPy's default: 3 times the number of taps of the equivalent
     * transfer function, {@code 2 sections + 1} less the sections whose b2 and a2 are both zero (first order).
     */
    public int padLength() {
        int zeroB2 = 0;
        int zeroA2 = 0;
        for (double[] s : sections) {
            zeroB2 += s[2] == 0 ? 1 : 0;
            zeroA2 += s[5] == 0 ? 1 : 0;
        }
        return 3 * (2 * sections.length + 1 - Math.min(zeroB2, zeroA2));
    }

    /**
     * The section states that a unit step settles into (scipy's {@code sosfilt_zi}), as {@code [section][2]}.
     * For one section with DC gain G = sum(b) / sum(a) the transposed-direct-form state is
     * {@code z1 = (b1 - a1 G) + (b2 - a2 G)} and {@code z2 = b2 - a2 G}; each section's input is the previous
     * section's steady output, so the states scale by the product of the earlier gains.
     */
    public double[][] steadyState() {
        double[][] zi = new double[sections.length][2];
        double level = 1;
        for (int s = 0; s < sections.length; s++) {
            double[] c = sections[s];
            double gain = (c[0] + c[1] + c[2]) / (1 + c[4] + c[5]);
            zi[s][1] = level * (c[2] - c[5] * gain);
            zi[s][0] = level * (c[1] - c[4] * gain) + zi[s][1];
            level *= gain;
        }
        return zi;
    }

    /** Magnitude of the frequency response at {@code hz} for sampling rate {@code fs}. */
    public double magnitudeAt(double hz, double fs) {
        Complex z = Complex.unit(-2 * Math.PI * hz / fs); // z^-1
        Complex z2 = z.times(z);
        Complex h = Complex.ONE;
        for (double[] c : sections) {
            Complex num = Complex.real(c[0]).plus(z.times(c[1])).plus(z2.times(c[2]));
            Complex den = Complex.real(c[3]).plus(z.times(c[4])).plus(z2.times(c[5]));
            h = h.times(num.dividedBy(den));
        }
        return h.abs();
    }

    /** Zero-phase forward-backward filtering of every lead; returns new arrays. */
    public float[][] filtfilt(float[][] leads) {
        Signals.requireRectangular(leads, "leads");
        float[][] out = new float[leads.length][];
        for (int lead = 0; lead < leads.length; lead++) {
            out[lead] = filtfilt(leads[lead]);
        }
        return out;
    }

    /** Zero-phase forward-backward filtering of one lead (see the class comment); returns a new array. */
    public float[] filtfilt(float[] x) {
        int pad = padLength();
        if (x.length <= pad) {
            throw new IllegalArgumentException("signal has " + x.length + " samples; zero-phase filtering with "
                    + sections.length + " sections needs more than " + pad + " (the odd-extension length)");
        }
        double[] y = oddExtension(x, pad);
        double[][] zi = steadyState();
        filterInPlace(y, zi, y[0]);
        reverse(y);
        filterInPlace(y, zi, y[0]);
        reverse(y);
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) y[pad + i];
        }
        return out;
    }

    /**
     * One causal pass over {@code y}, in place, from section states {@code zi * initialLevel}
     * (scipy's {@code sosfilt(sos, y, zi=zi * initialLevel)}).
     */
    void filterInPlace(double[] y, double[][] zi, double initialLevel) {
        for (int s = 0; s < sections.length; s++) {
            double[] c = sections[s];
            double b0 = c[0], b1 = c[1], b2 = c[2], a1 = c[4], a2 = c[5];
            double z1 = zi[s][0] * initialLevel;
            double z2 = zi[s][1] * initialLevel;
            for (int i = 0; i < y.length; i++) {
                double in = y[i];
                double out = b0 * in + z1;
                z1 = b1 * in - a1 * out + z2;
                z2 = b2 * in - a2 * out;
                y[i] = out;
            }
        }
    }

    /** x with {@code pad} samples of odd extension at both ends, in double precision. */
    static double[] oddExtension(float[] x, int pad) {
        int n = x.length;
        double[] ext = new double[n + 2 * pad];
        double first = x[0];
        double last = x[n - 1];
        for (int k = 1; k <= pad; k++) {
            ext[pad - k] = 2 * first - x[k];
            ext[pad + n - 1 + k] = 2 * last - x[n - 1 - k];
        }
        for (int i = 0; i < n; i++) {
            ext[pad + i] = x[i];
        }
        return ext;
    }

    private static void reverse(double[] y) {
        for (int i = 0, j = y.length - 1; i < j; i++, j--) {
            double t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
    }

    private static boolean allFinite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "SosFilter" + Arrays.deepToString(sections);
    }
}
