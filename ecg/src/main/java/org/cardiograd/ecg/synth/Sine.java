package org.cardiograd.ecg.synth;

/**
 * Adds sinusoids to sample arrays without calling Math.sin per sample: the phasor is rotated by a fixed angle
 * each sample and re-anchored with an exact sin/cos every few thousand samples so rounding cannot accumulate.
 */
final class Sine {

    private static final int REANCHOR = 4096;

    private Sine() {
    }

    /** {@code out[i] += amplitude * sin(2 pi hz i / fs + phase)} for every i. */
    static void add(double[] out, double amplitude, double hz, double phase, double fs) {
        double step = 2 * Math.PI * hz / fs;
        double cosStep = Math.cos(step);
        double sinStep = Math.sin(step);
        for (int blockStart = 0; blockStart < out.length; blockStart += REANCHOR) {
            double angle = step * blockStart + phase;
            double s = Math.sin(angle);
            double c = Math.cos(angle);
            int blockEnd = Math.min(out.length, blockStart + REANCHOR);
            for (int i = blockStart; i < blockEnd; i++) {
                out[i] += amplitude * s;
                double next = s * cosStep + c * sinStep;
                c = c * cosStep - s * sinStep;
                s = next;
            }
        }
    }
}
