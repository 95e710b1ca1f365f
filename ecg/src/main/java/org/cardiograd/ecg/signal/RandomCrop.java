package org.cardiograd.ecg.signal;

import java.util.SplittableRandom;

/**
 * A uniformly placed window of {@code length} samples (zero padding, at a random offset, if the record is
 * shorter). Two crops of one record share some beats and differ in others, which is the point for contrastive
 * views. Keep the window at least ~2.5 s so it holds two beats even at 50 bpm.
 */
public final class RandomCrop implements Augmentation {

    private final int length;

    public RandomCrop(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("crop length must be at least 1 sample, got " + length);
        }
        this.length = length;
    }

    @Override
    public float[][] apply(float[][] leads, double fs, SplittableRandom rng) {
        return FixedLength.random(leads, length, FixedLength.Pad.ZERO, rng);
    }

    @Override
    public String toString() {
        return "RandomCrop(" + length + ")";
    }
}
