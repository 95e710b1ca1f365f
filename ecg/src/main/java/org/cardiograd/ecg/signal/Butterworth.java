package org.cardiograd.ecg.signal;

import java.util.ArrayList;
import java.util.List;

/**
 * Digital Butterworth band-pass design, the route {@code scipy.signal.butter(order, [low, high], 'bandpass',
 * fs=fs, output='sos')} takes, so the coefficients agree with SciPy's to rounding:
 * <ol>
 *   <li>analog low-pass prototype: {@code order} poles {@code -e^{i pi m / (2 order)}},
 *       {@code m = -order+1, -order+3, ..., order-1}, on the left half of the unit circle;</li>
 *   <li>band edges prewarped, {@code w = 2 fs tan(pi f / fs)}, so the bilinear transform puts them exactly at
 *       {@code low} and {@code high} Hz;</li>
 *   <li>low-pass to band-pass: each pole p becomes the two roots of {@code s^2 - p bw s + w0^2}
 *       ({@code w0 = sqrt(w_low w_high)}, {@code bw = w_high - w_low}), plus {@code order} zeros at s = 0;</li>
 *   <li>bilinear transform {@code z = (2 fs + s) / (2 fs - s)}: zeros at s = 0 go to z = 1, and the
 *       {@code order} zeros at infinity to z = -1;</li>
 *   <li>poles and zeros paired into second-order sections ({@link ZpkToSos}).</li>
 * </ol>
 * The result has {@code order} sections (band-pass order {@code 2 order}). Zero-phase application with
 * {@link SosFilter#filtfilt} squares the magnitude response (-6 dB at the band edges) and doubles the order.
 */
public final class Butterworth {

    /** Default ECG band: 0.67 Hz removes baseline wander (AHA recommendation for ST fidelity), 40 Hz muscle noise. */
    public static final double DEFAULT_LOW_HZ = 0.67;
    public static final double DEFAULT_HIGH_HZ = 40.0;

    private Butterworth() {
    }

    /** The default 0.67-40 Hz band-pass of the given order. */
    public static SosFilter bandPass(int order, double fs) {
        return bandPass(order, DEFAULT_LOW_HZ, DEFAULT_HIGH_HZ, fs);
    }

    /**
     * @param order  order of the analog low-pass prototype (SciPy's N), 1..16
     * @param lowHz  lower -3 dB edge (single pass) in Hz
     * @param highHz upper -3 dB edge in Hz, below fs / 2
     * @param fs     sampling rate in Hz
     */
    public static SosFilter bandPass(int order, double lowHz, double highHz, double fs) {
        Signals.requirePositiveRate(fs);
        if (order < 1 || order > 16) {
            throw new IllegalArgumentException("Butterworth order must be in 1..16, got " + order);
        }
        if (!(lowHz > 0 && lowHz < highHz && highHz < fs / 2)) {
            throw new IllegalArgumentException("band-pass edges must satisfy 0 < low < high < fs/2 = " + fs / 2
                    + " Hz, got low=" + lowHz + " Hz, high=" + highHz + " Hz");
        }
        double wLow = 2 * fs * Math.tan(Math.PI * lowHz / fs);
        double wHigh = 2 * fs * Math.tan(Math.PI * highHz / fs);
        double w0Squared = wLow * wHigh;
        double bw = wHigh - wLow;

        List<Complex> analogPoles = new ArrayList<>();
        for (int m = -order + 1; m < order; m += 2) {
            Complex p = Complex.unit(Math.PI * m / (2.0 * order)).negate().times(bw / 2);
            Complex root = p.times(p).minus(Complex.real(w0Squared)).sqrt();
            analogPoles.add(p.plus(root));
            analogPoles.add(p.minus(root));
        }
        // gain after the band-pass transform: bw^order (numerator s^order, prototype gain 1)
        double gain = Math.pow(bw, order);

        double fs2 = 2 * fs;
        List<Complex> poles = new ArrayList<>();
        Complex denominatorProduct = Complex.ONE;
        for (Complex p : analogPoles) {
            poles.add(Complex.real(fs2).plus(p).dividedBy(Complex.real(fs2).minus(p)));
            denominatorProduct = denominatorProduct.times(Complex.real(fs2).minus(p));
        }
        List<Complex> zeros = new ArrayList<>();
        for (int i = 0; i < order; i++) {
            zeros.add(Complex.ONE); // analog zeros at s = 0
        }
        for (int i = 0; i < order; i++) {
            zeros.add(Complex.real(-1)); // zeros at infinity
        }
        // bilinear gain: k * prod(fs2 - z_analog) / prod(fs2 - p_analog), analog zeros all at 0
        double digitalGain = gain * Complex.real(Math.pow(fs2, order)).dividedBy(denominatorProduct).re();
        return new SosFilter(ZpkToSos.nearest(zeros, poles, digitalGain));
    }
}
