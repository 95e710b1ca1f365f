package org.cardiograd.ecg.signal;

import java.util.SplittableRandom;

/**
 * Sets each lead to 0 mV independently with probability {@code probability}, always keeping at least one lead
 * (if every lead was drawn for dropout, one of them chosen uniformly survives). Simulates missing or detached
 * electrodes and teaches the encoder to infer a lead from the others (the limb leads are linearly dependent:
 * III = II - I, aVR = -(I + II)/2, ...).
 *
 * <p>Bounds: probability in [0, 0.9]; the default 0.2 drops about 2.4 of 12 leads.
 */
public final class LeadDropout implements Augmentation {

    private final double probability;

    public LeadDropout() {
        this(0.2);
    }

    public LeadDropout(double probability) {
        this.probability = Augmentation.requireIn("probability", probability, 0, 0.9, "keep some leads");
    }

    @Override
    public float[][] apply(float[][] leads, double fs, SplittableRandom rng) {
        Signals.requireRectangular(leads, "leads");
        boolean[] drop = new boolean[leads.length];
        int dropped = 0;
        for (int lead = 0; lead < leads.length; lead++) {
            drop[lead] = rng.nextDouble() < probability;
            dropped += drop[lead] ? 1 : 0;
        }
        if (dropped == leads.length) {
            drop[rng.nextInt(leads.length)] = false;
        }
        float[][] out = new float[leads.length][];
        for (int lead = 0; lead < leads.length; lead++) {
            out[lead] = drop[lead] ? new float[leads[lead].length] : leads[lead].clone();
        }
        return out;
    }

    @Override
    public String toString() {
        return "LeadDropout(" + probability + ")";
    }
}
