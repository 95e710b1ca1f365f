package org.cardiograd.ecg;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One 12-lead ECG as every dataset reader delivers it: the signal in millivolts in the standard lead order
 * {@link #LEADS}, its sampling rate, a set of label strings, an optional report and patient id, and metadata.
 *
 * <p>Labels, metadata and the lead list are copied into unmodifiable collections (insertion order kept).
 * The signal array is <b>not</b> copied, for speed: {@link #signal()} returns the array the record was built
 * with, and callers must treat it as read-only (copy it before modifying).
 *
 * @param id           dataset-unique identifier, e.g. "HR06000" or PTB-XL's ecg_id
 * @param signal       {@code float[12][n]} in mV, rows in {@link #LEADS} order; NaN marks invalid samples
 * @param samplingRate samples per second per lead
 * @param labels       label strings (dataset-specific vocabulary, e.g. SNOMED-CT codes or PTB-XL classes)
 * @param report       free-text report, or null when there is none yet
 * @param patientId    patient identifier, or null when the dataset has none
 * @param metadata     further key/value facts (age, sex, source file, ...)
 */
public record EcgRecord(String id, float[][] signal, double samplingRate, Set<String> labels, String report,
                        String patientId, Map<String, String> metadata) {

    /** The standard 12-lead order used for every signal. */
    public static final List<String> LEADS =
            List.of("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");

    public EcgRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(signal, "signal");
        if (signal.length != LEADS.size()) {
            throw new IllegalArgumentException(id + ": expected " + LEADS.size() + " leads, got " + signal.length);
        }
        for (int lead = 0; lead < signal.length; lead++) {
            if (signal[lead] == null || signal[lead].length != signal[0].length) {
                throw new IllegalArgumentException(id + ": lead " + LEADS.get(lead) + " has "
                        + (signal[lead] == null ? "no samples" : signal[lead].length + " samples")
                        + ", expected " + signal[0].length + " like lead I");
            }
        }
        if (!(samplingRate > 0) || Double.isInfinite(samplingRate)) {
            throw new IllegalArgumentException(id + ": sampling rate must be positive, got " + samplingRate);
        }
        labels = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(labels, "labels")));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
    }

    /** Number of samples per lead. */
    public int length() {
        return signal[0].length;
    }

    /** The samples of one lead (the record's own array, not a copy). */
    public float[] lead(String name) {
        int index = LEADS.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("unknown lead '" + name + "', expected one of " + LEADS);
        }
        return signal[index];
    }

    /** This record with another report (the signal array is shared, not copied). */
    public EcgRecord withReport(String newReport) {
        return new EcgRecord(id, signal, samplingRate, labels, newReport, patientId, metadata);
    }

    /** This record with other labels (the signal array is shared, not copied). */
    public EcgRecord withLabels(Set<String> newLabels) {
        return new EcgRecord(id, signal, samplingRate, newLabels, report, patientId, metadata);
    }

    @Override
    public String toString() {
        return "EcgRecord[" + id + ", " + LEADS.size() + " x " + length() + " @ " + samplingRate + " Hz, labels="
                + labels + (patientId == null ? "" : ", patient=" + patientId) + "]";
    }
}
