package org.cardiograd.ecg.signal;

import java.util.SplittableRandom;

/**
 * A random transformation of a 12-lead ECG ({@code float[lead][sample]} in mV at {@code fs} Hz) that makes a
 * second "view" of the same heart for contrastive learning. Implementations never modify their input, draw all
 * randomness from the given generator (same generator state, same output), and keep the number of leads.
 */
public interface Augmentation {

    float[][] apply(float[][] leads, double fs, SplittableRandom rng);

    /** Convenience: {@code apply(leads, fs, new SplittableRandom(seed))}. */
    default float[][] apply(float[][] leads, double fs, long seed) {
        return apply(leads, fs, new SplittableRandom(seed));
    }

    /** Throws IllegalArgumentException unless {@code lo <= value <= hi}. */
    static double requireIn(String name, double value, double lo, double hi, String why) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "] (" + why + "), got "
                    + value);
        }
        return value;
    }
}
