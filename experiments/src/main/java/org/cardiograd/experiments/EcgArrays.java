package org.cardiograd.experiments;

import java.util.List;
import java.util.Set;

import org.cardiograd.ecg.zeroshot.CategoryDescriptionSet;
import org.cardiograd.tensor.Tensor;

/**
 * A labelled set of equal-length ECGs held in memory: signals [n][12][samples] (mV, or z-scored for real data),
 * multi-hot labels [n][classes] over a fixed class list, the free-text report of each ECG (which multimodal
 * models such as CG-DMER pretrain on) and its patient id (CREMA's patient-level positives); null entries where
 * a source has none; and each record's own label codes (SNOMED-CT, PTB-XL or synthetic codes, before the
 * mapping to the class list: zero-shot maps them to other label sets), or null when not kept.
 */
record EcgArrays(float[][][] signals, float[][] labels, List<String> classes, double samplingRate,
                 String[] reports, String[] patients, List<Set<String>> recordLabels) {

    /** Without the records' own label codes. */
    EcgArrays(float[][][] signals, float[][] labels, List<String> classes, double samplingRate, String[] reports,
              String[] patients) {
        this(signals, labels, classes, samplingRate, reports, patients, null);
    }

    EcgArrays {
        if (recordLabels != null && recordLabels.size() != signals.length) {
            throw new IllegalArgumentException(recordLabels.size() + " label sets for " + signals.length + " ECGs");
        }
    }

    /** Whether any record has a patient id. */
    boolean hasPatients() {
        return java.util.Arrays.stream(patients).anyMatch(java.util.Objects::nonNull);
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

    /** Multi-hot labels over the classes of a category set, from each record's own label codes. */
    float[][] labelsOver(CategoryDescriptionSet set) {
        if (recordLabels == null) {
            throw new IllegalStateException("these ECGs carry no label codes to match the '" + set.name() + "' classes");
        }
        float[][] out = new float[size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = set.multiHot(recordLabels.get(i));
        }
        return out;
    }

    /** Rows of the label matrix for a subset. */
    float[][] labelRows(int from, int to) {
        return java.util.Arrays.copyOfRange(labels, from, to);
    }
}
