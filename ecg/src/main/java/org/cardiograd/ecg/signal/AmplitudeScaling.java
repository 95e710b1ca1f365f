package org.cardiograd.ecg.signal;

import java.util.SplittableRandom;

/**
 * Multiplies leads by a factor drawn uniformly from [min, max], one factor for all leads or one per lead.
 *
 * <p>Physiological bounds: QRS voltage varies between people and sessions with body habitus, chest-wall
 * thickness and electrode position by tens of percent, so the default is [0.8, 1.2]. Factors are limited to
 * [0.25, 4]: beyond that a normal ECG would pass for low-voltage or hypertrophy criteria and the
 * augmentation would change the diagnosis rather than the view.
 */
public final class AmplitudeScaling implements Augmentation {

    private final double min;
    private final double max;
    private final boolean perLead;

    public AmplitudeScaling() {
        this(0.8, 1.2, false);
    }

    public AmplitudeScaling(double min, double max, boolean perLead) {
        Augmentation.requireIn("min factor", min, 0.25, 4, "beyond it amplitude criteria change");
        Augmentation.requireIn("max factor", max, min, 4, "beyond it amplitude criteria change");
        this.min = min;
        this.max = max;
        this.perLead = perLead;
    }

    @Override
    public float[][] apply(float[][] leads, double fs, SplittableRandom rng) {
        Signals.requireRectangular(leads, "leads");
        float[][] out = new float[leads.length][];
        double shared = factor(rng);
        for (int lead = 0; lead < leads.length; lead++) {
            float f = (float) (perLead ? factor(rng) : shared);
            float[] y = leads[lead].clone();
            for (int i = 0; i < y.length; i++) {
                y[i] *= f;
            }
            out[lead] = y;
        }
        return out;
    }

    private double factor(SplittableRandom rng) {
        return min == max ? min : rng.nextDouble(min, max);
    }

    @Override
    public String toString() {
        return "AmplitudeScaling[" + min + ", " + max + (perLead ? ", per lead]" : "]");
    }
}
