package org.cardiograd.ecg.signal;

/**
 * Windowed-sinc low-pass FIR design with a Kaiser window, the design SciPy's {@code firwin(numTaps, cutoff,
 * window=('kaiser', beta))} documents: an ideal low-pass impulse response {@code c sinc(c m)} around the centre
 * tap, multiplied by the symmetric Kaiser window and scaled to unit gain at DC.
 */
final class KaiserFir {

    private KaiserFir() {
    }

    /**
     * @param numTaps odd number of taps (odd keeps the filter symmetric around a whole sample: zero phase once
     *                the delay of {@code (numTaps - 1) / 2} is compensated)
     * @param cutoff  cutoff relative to the Nyquist frequency, in (0, 1]
     * @param beta    Kaiser shape parameter (5.0 gives about 55 dB of stop-band attenuation)
     */
    static double[] lowPass(int numTaps, double cutoff, double beta) {
        if (numTaps < 1 || numTaps % 2 == 0) {
            throw new IllegalArgumentException("numTaps must be odd and positive, got " + numTaps);
        }
        if (!(cutoff > 0 && cutoff <= 1)) {
            throw new IllegalArgumentException("cutoff must be in (0, 1] relative to Nyquist, got " + cutoff);
        }
        double centre = (numTaps - 1) / 2.0;
        double[] window = kaiserWindow(numTaps, beta);
        double[] h = new double[numTaps];
        double sum = 0;
        for (int i = 0; i < numTaps; i++) {
            double m = i - centre;
            h[i] = cutoff * sinc(cutoff * m) * window[i];
            sum += h[i];
        }
        for (int i = 0; i < numTaps; i++) {
            h[i] /= sum;
        }
        return h;
    }

    /** Symmetric Kaiser window: I0(beta sqrt(1 - (2n/(M-1) - 1)^2)) / I0(beta). */
    static double[] kaiserWindow(int length, double beta) {
        double[] w = new double[length];
        if (length == 1) {
            w[0] = 1;
            return w;
        }
        double alpha = (length - 1) / 2.0;
        double norm = besselI0(beta);
        for (int n = 0; n < length; n++) {
            double r = (n - alpha) / alpha;
            w[n] = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / norm;
        }
        return w;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series sum ((x/2)^k / k!)^2. */
    static double besselI0(double x) {
        double quarterX2 = x * x / 4;
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 500 && term > sum * 1e-17; k++) {
            term *= quarterX2 / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }
}
