package org.cardiograd.ecg.signal;

import java.util.SplittableRandom;

/**
 * Sets up to {@code maxSpans} random time spans to 0 mV in all leads at once (SpecAugment-style time masking).
 * The number of spans is uniform in [1, maxSpans]; each span's length is uniform in
 * [1, floor(maxFraction n / spans)] and its start uniform, so at most {@code maxFraction} of the record is
 * masked (spans may overlap).
 *
 * <p>Bounds: maxFraction at most 0.5; masking more than half of a 10 s record removes most beats, and a single
 * span longer than ~1 s can hide a whole beat, which is the intended difficulty at the default 0.2 with 2 spans.
 */
public final class TimeMasking implements Augmentation {

    private final double maxFraction;
    private final int maxSpans;

    public TimeMasking() {
        this(0.2, 2);
    }

    public TimeMasking(double maxFraction, int maxSpans) {
        this.maxFraction = Augmentation.requireIn("maxFraction", maxFraction, 0, 0.5, "keep most beats visible");
        if (maxSpans < 1) {
            throw new IllegalArgumentException("maxSpans must be >= 1, got " + maxSpans);
        }
        this.maxSpans = maxSpans;
    }

    @Override
    public float[][] apply(float[][] leads, double fs, SplittableRandom rng) {
        int n = Signals.requireRectangular(leads, "leads");
        float[][] out = Signals.copy(leads);
        int spans = 1 + rng.nextInt(maxSpans);
        int maxSpanLength = (int) Math.floor(maxFraction * n / spans);
        if (maxSpanLength < 1) {
            return out;
        }
        for (int s = 0; s < spans; s++) {
            int length = 1 + rng.nextInt(maxSpanLength);
            int start = rng.nextInt(n - length + 1);
            for (float[] lead : out) {
                java.util.Arrays.fill(lead, start, start + length, 0f);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "TimeMasking(<= " + maxFraction + " in <= " + maxSpans + " spans)";
    }
}
