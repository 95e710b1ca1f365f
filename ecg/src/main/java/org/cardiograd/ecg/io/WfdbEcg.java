package org.cardiograd.ecg.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.cardiograd.ecg.EcgRecord;

/** Turns a WFDB record with the 12 standard leads into an {@link EcgRecord} in mV and standard lead order. */
public final class WfdbEcg {
    private WfdbEcg() {
    }

    /** Reads a header and its signals and converts them; labels empty, no report, no patient id. */
    public static EcgRecord read(Path headerFile) throws IOException {
        WfdbRecord record = WfdbReader.read(headerFile);
        return toEcgRecord(record, record.header().recordName(), Set.of(), null, null);
    }

    /**
     * Converts a record: the leads are found by name ({@link StandardLeads}), scaled to mV, and put in the
     * standard order. The metadata holds the header's {@code # Key: value} comments.
     */
    public static EcgRecord toEcgRecord(WfdbRecord record, String id, Set<String> labels, String report,
                                        String patientId) throws EcgFormatException {
        WfdbHeader header = record.header();
        int[] indices = StandardLeads.indices(header.descriptions(), header.file());
        float[][] signal = new float[indices.length][];
        for (int lead = 0; lead < indices.length; lead++) {
            signal[lead] = record.millivolts(indices[lead]);
        }
        Map<String, String> metadata = new LinkedHashMap<>(header.metadata());
        return new EcgRecord(id, signal, header.samplingFrequency(), labels, report, patientId, metadata);
    }
}
