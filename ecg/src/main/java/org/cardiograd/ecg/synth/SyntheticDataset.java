package org.cardiograd.ecg.synth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.io.EcgDataset;

/**
 * A range of the synthetic generator's records as an {@link EcgDataset}, so that synthetic ECG + report pairs
 * and real records ({@code CincDataset}, {@code PtbXlDataset}) reach a pipeline the same way: each record
 * carries its signal, its labels (diagnostic class codes, then the rhythm code) and its report. Record ids are
 * {@code synthetic-<seed>-<index>}.
 */
public final class SyntheticDataset implements EcgDataset {
    private final SyntheticEcgGenerator generator;
    private final long from;
    private final int count;

    /** Records {@code from .. from + count - 1} of {@code generator}. */
    public SyntheticDataset(SyntheticEcgGenerator generator, long from, int count) {
        if (from < 0 || count < 0) {
            throw new IllegalArgumentException("record range must start at >= 0 with count >= 0, got from " + from
                    + ", count " + count);
        }
        this.generator = generator;
        this.from = from;
        this.count = count;
    }

    /** The id of record {@code index} of a generator with this seed. */
    public static String id(long seed, long index) {
        return "synthetic-" + seed + "-" + index;
    }

    @Override
    public List<String> recordIds() {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(id(generator.seed(), from + i));
        }
        return ids;
    }

    @Override
    public EcgRecord load(String id) {
        String prefix = "synthetic-" + generator.seed() + "-";
        long index;
        try {
            index = id.startsWith(prefix) ? Long.parseLong(id.substring(prefix.length())) : -1;
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < from || index >= from + count) {
            throw new IllegalArgumentException("no record '" + id + "' in this dataset; expected " + prefix
                    + "<index> with index in " + from + ".." + (from + count - 1));
        }
        return toEcgRecord(generator.generate(index));
    }

    /** Every record, generated on {@code threads} threads (the result does not depend on the thread count). */
    public List<EcgRecord> loadAll(int threads) {
        List<EcgRecord> records = new ArrayList<>(count);
        for (SyntheticEcg ecg : generator.generate(from, count, threads)) {
            records.add(toEcgRecord(ecg));
        }
        return records;
    }

    /** A generated record in the form every dataset reader delivers; metadata says where it came from. */
    public static EcgRecord toEcgRecord(SyntheticEcg ecg) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("source", "synthetic");
        metadata.put("report_source", "synthetic");
        metadata.put("seed", Long.toString(ecg.seed()));
        metadata.put("index", Long.toString(ecg.index()));
        return new EcgRecord(id(ecg.seed(), ecg.index()), ecg.signal(), ecg.samplingRate(), ecg.labels(),
                ecg.report(), null, metadata);
    }
}
