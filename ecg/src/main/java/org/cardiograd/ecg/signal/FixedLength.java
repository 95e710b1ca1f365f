package org.cardiograd.ecg.signal;

import java.util.SplittableRandom;

/**
 * Crops or pads every lead to a fixed number of samples.
 *
 * <p>Longer signals are cropped to a window: the middle one ({@link #center}, window start
 * {@code (n - length) / 2} rounded down) or a uniformly random one ({@link #random}). Shorter signals are
 * padded on both sides: centred (the extra sample, if any, goes at the end) or at a uniformly random offset.
 * Padding is {@link Pad#ZERO} (0 mV, the isoelectric line after band-pass filtering) or {@link Pad#EDGE}
 * (repeat the first/last sample, which avoids a step when the baseline is not at 0 mV).
 */
public final class FixedLength {

    /** What goes into the padded samples. */
    public enum Pad { ZERO, EDGE }

    private FixedLength() {
    }

    /** Centre crop or centred padding to {@code length} samples; returns new arrays. */
    public static float[][] center(float[][] leads, int length, Pad pad) {
        int n = check(leads, length);
        int offset = n >= length ? (n - length) / 2 : (length - n) / 2;
        return window(leads, n, length, offset, pad);
    }

    /** Random crop, or padding at a random offset, to {@code length} samples; returns new arrays. */
    public static float[][] random(float[][] leads, int length, Pad pad, SplittableRandom rng) {
        int n = check(leads, length);
        int offset = rng.nextInt(Math.abs(n - length) + 1);
        return window(leads, n, length, offset, pad);
    }

    /**
     * Crop when {@code n >= length} (signal window starts at {@code offset}), else pad (signal placed at
     * {@code offset} in the output).
     */
    private static float[][] window(float[][] leads, int n, int length, int offset, Pad pad) {
        float[][] out = new float[leads.length][length];
        for (int lead = 0; lead < leads.length; lead++) {
            float[] x = leads[lead];
            float[] y = out[lead];
            if (n >= length) {
                System.arraycopy(x, offset, y, 0, length);
            } else {
                System.arraycopy(x, 0, y, offset, n);
                if (pad == Pad.EDGE && n > 0) {
                    java.util.Arrays.fill(y, 0, offset, x[0]);
                    java.util.Arrays.fill(y, offset + n, length, x[n - 1]);
                }
            }
        }
        return out;
    }

    private static int check(float[][] leads, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("target length must be at least 1 sample, got " + length);
        }
        return Signals.requireRectangular(leads, "leads");
    }
}
