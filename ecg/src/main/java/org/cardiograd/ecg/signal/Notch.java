package org.cardiograd.ecg.signal;

/**
 * Second-order IIR notch for powerline interference, the design of {@code scipy.signal.iirnotch(f0, Q, fs)}
 * (Orfanidis, Introduction to Signal Processing, 1996, eqs. 11.3.4-11.3.7): zeros on the unit circle at
 * {@code f0}, poles just inside, -3 dB bandwidth {@code f0 / Q}.
 * <pre>
 *   w0 = 2 pi f0 / fs,  bw = w0 / Q,  beta = tan(bw / 2),  g = 1 / (1 + beta)
 *   b = g [1, -2 cos w0, 1],   a = [1, -2 g cos w0, 2 g - 1]
 * </pre>
 * Apply it with {@link SosFilter#filtfilt}, which pads and initializes exactly as {@code filtfilt(b, a)}:
 * the notch then has zero phase and twice the attenuation in dB.
 */
public final class Notch {

    /** Quality factor commonly used for mains notches: about 1.7 Hz wide at 50 Hz. */
    public static final double DEFAULT_Q = 30.0;

    private Notch() {
    }

    /**
     * @param f0Hz frequency to remove, 0 < f0 < fs / 2 (typically 50 or 60 Hz)
     * @param q    quality factor f0 / bandwidth, > 0
     * @param fs   sampling rate in Hz
     */
    public static SosFilter design(double f0Hz, double q, double fs) {
        Signals.requirePositiveRate(fs);
        if (!(f0Hz > 0 && f0Hz < fs / 2)) {
            throw new IllegalArgumentException("notch frequency must be in (0, fs/2 = " + fs / 2 + ") Hz, got "
                    + f0Hz + " Hz at fs = " + fs + " Hz");
        }
        if (!(q > 0) || Double.isInfinite(q)) {
            throw new IllegalArgumentException("quality factor Q must be positive and finite, got " + q);
        }
        double w0 = 2 * Math.PI * f0Hz / fs;
        double bw = w0 / q;
        double beta = Math.tan(bw / 2); // sqrt(1 - gb^2) / gb = 1 for the -3 dB definition gb = 1/sqrt(2)
        double g = 1 / (1 + beta);
        double cos = Math.cos(w0);
        return new SosFilter(new double[][] {{g, -2 * g * cos, g, 1, -2 * g * cos, 2 * g - 1}});
    }
}
