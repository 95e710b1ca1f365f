package org.cardiograd.ecg.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.cardiograd.ecg.EcgRecord;

/**
 * A collection of records on disk, loaded one at a time as {@link EcgRecord}s.
 *
 * <p>Loading many records offers two policies for bad records: {@link BadRecordPolicy#FAIL} (the default)
 * stops at the first one by throwing its exception; {@link BadRecordPolicy#SKIP} leaves it out and reports it,
 * with the reason, in {@link LoadReport#skipped()}. Either way no bad record is silently replaced by a guess.
 */
public interface EcgDataset {

    /** What to do with a record whose files cannot be read or disagree with their headers. */
    enum BadRecordPolicy {
        /** Throw the record's exception (default). */
        FAIL,
        /** Leave the record out and report it with its reason. */
        SKIP
    }

    /** A record that was left out, and why (the exception message, which names the file and the place). */
    record SkippedRecord(String id, String reason) {
    }

    /** How many records were delivered and which were skipped. */
    record LoadReport(int loaded, List<SkippedRecord> skipped) {
        public LoadReport {
            skipped = List.copyOf(skipped);
        }
    }

    /** Receives loaded records. */
    @FunctionalInterface
    interface RecordSink {
        void accept(EcgRecord record) throws IOException;
    }

    /** All record ids, in a fixed order. */
    List<String> recordIds();

    /** Loads one record. */
    EcgRecord load(String id) throws IOException;

    /**
     * Loads the given records in order, passing each to {@code sink}, so large datasets need not fit in memory.
     * I/O and format failures follow {@code policy}; exceptions thrown by the sink always propagate.
     */
    default LoadReport forEach(List<String> ids, BadRecordPolicy policy, RecordSink sink) throws IOException {
        List<SkippedRecord> skipped = new ArrayList<>();
        int loaded = 0;
        for (String id : ids) {
            EcgRecord record;
            try {
                record = load(id);
            } catch (IOException e) {
                if (policy == BadRecordPolicy.FAIL) {
                    throw e;
                }
                skipped.add(new SkippedRecord(id, e.getMessage()));
                continue;
            }
            sink.accept(record);
            loaded++;
        }
        return new LoadReport(loaded, skipped);
    }

    /** Loads the given records into memory (see {@link #forEach} for the policy). */
    default List<EcgRecord> loadAll(List<String> ids, BadRecordPolicy policy, List<SkippedRecord> skippedOut)
            throws IOException {
        List<EcgRecord> records = new ArrayList<>();
        LoadReport report = forEach(ids, policy, records::add);
        skippedOut.addAll(report.skipped());
        return records;
    }

    /** Loads every record, failing on the first bad one. */
    default List<EcgRecord> loadAll() throws IOException {
        return loadAll(recordIds(), BadRecordPolicy.FAIL, new ArrayList<>());
    }
}
