package org.cardiograd.ecg.signal;

import java.util.SplittableRandom;

/**
 * Adds slow baseline drift: a sum of {@code components} sinusoids with frequencies uniform in
 * [0.05, maxFrequencyHz], random phases, and per-lead amplitudes uniform in [0, maxAmplitudeMv / components]
 * (so the drift never exceeds maxAmplitudeMv in any lead).
 *
 * <p>Physiological bounds: baseline wander comes from respiration (0.15-0.5 Hz) and slow electrode/skin
 * impedance changes; it lies below 0.5 Hz, which is why diagnostic high-pass filters sit at 0.5-0.67 Hz.
 * Frequencies are therefore limited to at most 0.5 Hz, and the amplitude to 2 mV (larger drifts saturate
 * typical ECG front-ends). Default: 3 components, up to 0.5 Hz and 0.3 mV.
 */
public final class BaselineWander implements Augmentation {

    static final double MIN_FREQUENCY_HZ = 0.05;

    private final double maxAmplitudeMv;
    private final double maxFrequencyHz;
    private final int components;

    public BaselineWander() {
        this(0.3, 0.5, 3);
    }

    public BaselineWander(double maxAmplitudeMv, double maxFrequencyHz, int components) {
        this.maxAmplitudeMv = Augmentation.requireIn("maxAmplitudeMv", maxAmplitudeMv, 0, 2, "front-end range");
        this.maxFrequencyHz = Augmentation.requireIn("maxFrequencyHz", maxFrequencyHz, MIN_FREQUENCY_HZ, 0.5,
                "baseline wander lies below 0.5 Hz");
        if (components < 1 || components > 10) {
            throw new IllegalArgumentException("components must be in 1..10, got " + components);
        }
        this.components = components;
    }

    @Override
    public float[][] apply(float[][] leads, double fs, SplittableRandom rng) {
        Signals.requireRectangular(leads, "leads");
        Signals.requirePositiveRate(fs);
        double[] omega = new double[components];
        for (int c = 0; c < components; c++) {
            double f = maxFrequencyHz == MIN_FREQUENCY_HZ ? MIN_FREQUENCY_HZ
                    : rng.nextDouble(MIN_FREQUENCY_HZ, maxFrequencyHz);
            omega[c] = 2 * Math.PI * f / fs;
        }
        float[][] out = new float[leads.length][];
        for (int lead = 0; lead < leads.length; lead++) {
            float[] y = leads[lead].clone();
            for (int c = 0; c < components; c++) {
                double amplitude = rng.nextDouble() * maxAmplitudeMv / components;
                double phase = rng.nextDouble(2 * Math.PI);
                Sinusoid.add(y, amplitude, omega[c], phase);
            }
            out[lead] = y;
        }
        return out;
    }

    @Override
    public String toString() {
        return "BaselineWander(" + components + " x <= " + maxFrequencyHz + " Hz, <= " + maxAmplitudeMv + " mV)";
    }
}
