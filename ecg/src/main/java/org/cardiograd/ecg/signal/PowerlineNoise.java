package org.cardiograd.ecg.signal;

import java.util.SplittableRandom;

/**
 * Adds mains interference: a sinusoid at {@code frequencyHz} (50 Hz in Europe/Asia, 60 Hz in the Americas)
 * with one random phase shared by all leads (the mains field is common to the body) and per-lead amplitude
 * uniform in [0, maxAmplitudeMv] (electrode impedances differ).
 *
 * <p>Bounds: the frequency must be in [45, 65] Hz (mains, with a margin for drift) and below the Nyquist
 * frequency of the record (at 100 Hz, 50 Hz cannot be represented: apply fails rather than alias). Amplitude
 * at most 0.5 mV; poorly shielded recordings show tens to a few hundred microvolts. Default 0.05 mV.
 */
public final class PowerlineNoise implements Augmentation {

    private final double frequencyHz;
    private final double maxAmplitudeMv;

    public PowerlineNoise(double frequencyHz) {
        this(frequencyHz, 0.05);
    }

    public PowerlineNoise(double frequencyHz, double maxAmplitudeMv) {
        this.frequencyHz = Augmentation.requireIn("frequencyHz", frequencyHz, 45, 65, "mains frequency");
        this.maxAmplitudeMv = Augmentation.requireIn("maxAmplitudeMv", maxAmplitudeMv, 0, 0.5,
                "larger than observed interference");
    }

    @Override
    public float[][] apply(float[][] leads, double fs, SplittableRandom rng) {
        Signals.requireRectangular(leads, "leads");
        Signals.requirePositiveRate(fs);
        if (frequencyHz >= fs / 2) {
            throw new IllegalArgumentException(frequencyHz + " Hz powerline noise cannot be represented at fs = "
                    + fs + " Hz (Nyquist " + fs / 2 + " Hz)");
        }
        double omega = 2 * Math.PI * frequencyHz / fs;
        double phase = rng.nextDouble(2 * Math.PI);
        float[][] out = new float[leads.length][];
        for (int lead = 0; lead < leads.length; lead++) {
            double amplitude = rng.nextDouble() * maxAmplitudeMv;
            float[] y = leads[lead].clone();
            Sinusoid.add(y, amplitude, omega, phase);
            out[lead] = y;
        }
        return out;
    }

    @Override
    public String toString() {
        return "PowerlineNoise(" + frequencyHz + " Hz, <= " + maxAmplitudeMv + " mV)";
    }
}
