package org.cardiograd.experiments;

import java.util.List;
import java.util.Set;

import org.cardiograd.tensor.Tensor;

/**
 * A labelled set of equal-length ECGs held in memory: signals [n][12][samples] in mV and multi-hot labels
 * [n][classes] over a fixed class list. Where the source has them, also each record's report (free text; CinC
 * reports are generated from the SNOMED-CT diagnoses) and its own label codes (before the mapping to the class
 * list; zero-shot maps them to other label sets); both are null otherwise.
 */
record EcgArrays(float[][][] signals, float[][] labels, List<String> classes, double samplingRate,
                 List<String> reports, List<Set<String>> recordLabels) {

    /** ECGs and labels without reports or record label codes. */
    EcgArrays(float[][][] signals, float[][] labels, List<String> classes, double samplingRate) {
        this(signals, labels, classes, samplingRate, null, null);
    }

    EcgArrays {
        if (reports != null && reports.size() != signals.length) {
            throw new IllegalArgumentException(reports.size() + " reports for " + signals.length + " ECGs");
        }
        if (recordLabels != null && recordLabels.size() != signals.length) {
            throw new IllegalArgumentException(recordLabels.size() + " label sets for " + signals.length + " ECGs");
        }
    }

    int size() {
        return signals.length;
    }

    /** The records at the given positions as one [B, 12, samples] tensor. */
    Tensor batch(int[] positions, float[][][] source) {
        int leads = source[0].length;
        int samples = source[0][0].length;
        float[] data = new float[positions.length * leads * samples];
        for (int b = 0; b < positions.length; b++) {
            float[][] ecg = source[positions[b]];
            for (int l = 0; l < leads; l++) {
                System.arraycopy(ecg[l], 0, data, (b * leads + l) * samples, samples);
            }
        }
        return Tensor.fromArray(data, positions.length, leads, samples);
    }

    /** Positions from, from + 1, ..., to - 1 (a batch of consecutive records). */
    static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    /** Rows of the label matrix for a subset. */
    float[][] labelRows(int from, int to) {
        return java.util.Arrays.copyOfRange(labels, from, to);
    }
}
