package org.cardiograd.ecg.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cardiograd.ecg.EcgRecord;

/**
 * Records held in memory as a {@link RecordSource}. All must have the same length and sampling rate (run them
 * through a {@link org.cardiograd.ecg.signal.Preprocessor} with a fixed length first).
 */
public final class InMemoryRecords implements RecordSource {
    private final List<EcgRecord> records;
    private final List<String> vocabulary;
    private final int[][] positions;

    private InMemoryRecords(List<EcgRecord> records, List<String> vocabulary) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records");
        }
        this.records = List.copyOf(records);
        this.vocabulary = List.copyOf(vocabulary);
        Map<String, Integer> position = new HashMap<>();
        for (String label : this.vocabulary) {
            if (position.put(label, position.size()) != null) {
                throw new IllegalArgumentException("label vocabulary repeats '" + label + "'");
            }
        }
        EcgRecord first = this.records.get(0);
        positions = new int[this.records.size()][];
        for (int i = 0; i < this.records.size(); i++) {
            EcgRecord r = this.records.get(i);
            if (r.length() != first.length() || r.samplingRate() != first.samplingRate()) {
                throw new IllegalArgumentException("record " + i + " '" + r.id() + "' has " + r.length()
                        + " samples at " + r.samplingRate() + " Hz; expected " + first.length() + " at "
                        + first.samplingRate() + " Hz like record 0 '" + first.id() + "'");
            }
            positions[i] = r.labels().stream().mapToInt(label -> {
                Integer p = position.get(label);
                if (p == null) {
                    throw new IllegalArgumentException("record " + r.id() + " has label '" + label
                            + "', which is not in the vocabulary " + this.vocabulary);
                }
                return p;
            }).sorted().toArray();
        }
    }

    /** The records with the sorted set of all their labels as the vocabulary. */
    public static InMemoryRecords of(List<EcgRecord> records) {
        TreeSet<String> all = new TreeSet<>();
        records.forEach(r -> all.addAll(r.labels()));
        return new InMemoryRecords(records, List.copyOf(all));
    }

    /** The records with a given vocabulary (every record label must be in it). */
    public static InMemoryRecords of(List<EcgRecord> records, List<String> vocabulary) {
        return new InMemoryRecords(records, vocabulary);
    }

    @Override
    public int size() {
        return records.size();
    }

    @Override
    public int length() {
        return records.get(0).length();
    }

    @Override
    public double samplingRate() {
        return records.get(0).samplingRate();
    }

    @Override
    public List<String> labelVocabulary() {
        return vocabulary;
    }

    @Override
    public void readSignal(int index, float[] dest, int offset) {
        float[][] signal = records.get(index).signal();
        int n = length();
        for (int lead = 0; lead < signal.length; lead++) {
            System.arraycopy(signal[lead], 0, dest, offset + lead * n, n);
        }
    }

    @Override
    public int[] labelPositions(int index) {
        return positions[index].clone();
    }

    @Override
    public String id(int index) {
        return records.get(index).id();
    }

    @Override
    public String report(int index) {
        return records.get(index).report();
    }

    @Override
    public String patientId(int index) {
        return records.get(index).patientId();
    }

    /** The record itself (its signal array is shared: treat it as read-only). */
    @Override
    public EcgRecord record(int index) {
        return records.get(index);
    }
}
