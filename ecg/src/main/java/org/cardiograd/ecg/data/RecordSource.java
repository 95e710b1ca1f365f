package org.cardiograd.ecg.data;

import java.util.List;
import org.cardiograd.ecg.EcgRecord;

/**
 * Indexed records of one fixed shape (12 leads x {@link #length()} samples) that a {@link DataLoader} batches:
 * a shard folder ({@link EcgShards}) or records in memory ({@link InMemoryRecords}).
 * Implementations are safe for concurrent reads.
 */
public interface RecordSource {

    /** Number of records. */
    int size();

    /** Samples per lead, the same for every record. */
    int length();

    /** Sampling rate of every record, in Hz. */
    double samplingRate();

    /** The classes; a record's multi-hot label vector has a 1 at the positions of its labels. */
    List<String> labelVocabulary();

    /**
     * Writes record {@code index}'s signal, 12 x {@link #length()} floats in mV lead by lead (all samples of lead
     * I first), into {@code dest} from {@code offset}, without allocating.
     */
    void readSignal(int index, float[] dest, int offset);

    /** Positions in {@link #labelVocabulary()} of the record's labels, ascending. */
    int[] labelPositions(int index);

    String id(int index);

    /** The report, or null. */
    String report(int index);

    /** The patient id, or null. */
    String patientId(int index);

    /** The whole record (allocates its signal). */
    EcgRecord record(int index);
}
