package org.cardiograd.ecg.signal;

import java.util.SplittableRandom;

/**
 * Adds white Gaussian noise, independent per lead and sample, with a standard deviation drawn uniformly from
 * [0, maxSigmaMv] per call (so views range from clean to noisy).
 *
 * <p>Physiological bounds: electrode/amplifier and muscle (EMG) noise in resting ECGs is typically tens of
 * microvolts; the default maximum is 0.05 mV. The limit is 0.5 mV, about half a normal R wave, beyond which
 * P waves (0.1-0.25 mV) are unrecognizable.
 */
public final class GaussianNoise implements Augmentation {

    private final double maxSigmaMv;

    public GaussianNoise() {
        this(0.05);
    }

    public GaussianNoise(double maxSigmaMv) {
        this.maxSigmaMv = Augmentation.requireIn("maxSigmaMv", maxSigmaMv, 0, 0.5, "above it P waves drown");
    }

    @Override
    public float[][] apply(float[][] leads, double fs, SplittableRandom rng) {
        Signals.requireRectangular(leads, "leads");
        double sigma = maxSigmaMv == 0 ? 0 : rng.nextDouble(0, maxSigmaMv);
        float[][] out = new float[leads.length][];
        for (int lead = 0; lead < leads.length; lead++) {
            float[] y = leads[lead].clone();
            for (int i = 0; i < y.length; i++) {
                y[i] += (float) (sigma * rng.nextGaussian());
            }
            out[lead] = y;
        }
        return out;
    }

    @Override
    public String toString() {
        return "GaussianNoise(max sigma " + maxSigmaMv + " mV)";
    }
}
