package org.cardiograd.ecg.signal;

/** Argument checks and copies shared by the signal classes. Signals are {@code float[lead][sample]}. */
final class Signals {

    private Signals() {
    }

    /** Throws unless {@code x} has at least one lead and every lead is non-null with the same length. */
    static int requireRectangular(float[][] x, String name) {
        if (x == null) {
            throw new IllegalArgumentException(name + " is null; expected float[lead][sample]");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException(name + " has no leads; expected float[lead][sample]");
        }
        int n = -1;
        for (int lead = 0; lead < x.length; lead++) {
            if (x[lead] == null) {
                throw new IllegalArgumentException(name + ": lead " + lead + " is null");
            }
            if (n >= 0 && x[lead].length != n) {
                throw new IllegalArgumentException(name + ": lead " + lead + " has " + x[lead].length
                        + " samples, expected " + n + " like lead 0");
            }
            n = x[lead].length;
        }
        return n;
    }

    /** Deep copy. */
    static float[][] copy(float[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
        }
        return out;
    }

    static void requirePositiveRate(double fs) {
        if (!(fs > 0) || Double.isInfinite(fs)) {
            throw new IllegalArgumentException("sampling rate must be positive and finite, got " + fs + " Hz");
        }
    }
}
