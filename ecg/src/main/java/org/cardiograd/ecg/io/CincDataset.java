package org.cardiograd.ecg.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.cardiograd.ecg.EcgRecord;

/**
 * Records in the PhysioNet/CinC Challenge 2020/2021 layout (CPSC2018, CPSC-Extra, Georgia, PTB-XL,
 * Chapman-Shaoxing, Ningbo as redistributed by the challenge): a folder tree of WFDB headers ({@code .hea})
 * with MAT-v4 signal files ({@code .mat}, format {@code 16x1+24}), labelled by a {@code # Dx:} comment of
 * comma-separated SNOMED-CT codes.
 *
 * <p>Labels are SNOMED-CT codes after merging equivalent codes as the challenge scores them
 * ({@link SnomedCtTable}), so a record labelled 59118001 (RBBB) gets the label 713427006 (CRBBB). A code that
 * is not in the table, or a missing {@code # Dx} line, is an {@link EcgFormatException}: the table covers every
 * code of the challenge data, so an unknown code means a wrong file or a wrong table. The records have no
 * reports; each gets one generated from the names of its labels ({@link ReportFromDiagnoses}), marked by the
 * metadata entry {@code report_source=generated}. Record ids are the record names, which the challenge keeps
 * unique across its sources.
 */
public final class CincDataset implements EcgDataset {
    private final Path root;
    private final Map<String, Path> headers;
    private final SnomedCtTable table;

    private CincDataset(Path root, Map<String, Path> headers, SnomedCtTable table) {
        this.root = root;
        this.headers = headers;
        this.table = table;
    }

    /** Finds every {@code .hea} file under {@code root} (sorted by path) with the built-in SNOMED-CT table. */
    public static CincDataset open(Path root) throws IOException {
        return open(root, SnomedCtTable.builtIn());
    }

    public static CincDataset open(Path root, SnomedCtTable table) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new EcgFormatException(root, null, "missing dataset folder (expected a folder of .hea/.mat files)");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".hea") && Files.isRegularFile(p))
                    .sorted().toList();
        }
        Map<String, Path> headers = new LinkedHashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            Path previous = headers.put(name.substring(0, name.length() - 4), file);
            if (previous != null) {
                throw new EcgFormatException(file, null, "record name also used by " + previous
                        + "; expected unique record names");
            }
        }
        return new CincDataset(root, Collections.unmodifiableMap(headers), table);
    }

    public Path root() {
        return root;
    }

    @Override
    public List<String> recordIds() {
        return List.copyOf(headers.keySet());
    }

    /** The header file of a record. */
    public Path headerFile(String id) {
        Path file = headers.get(id);
        if (file == null) {
            throw new IllegalArgumentException("no record '" + id + "' under " + root);
        }
        return file;
    }

    /** The labels of a record (merged SNOMED-CT codes), read from its header only. */
    public Set<String> labels(String id) throws IOException {
        return labels(WfdbHeaderParser.parse(headerFile(id)));
    }

    @Override
    public EcgRecord load(String id) throws IOException {
        WfdbRecord record = WfdbReader.read(headerFile(id));
        Set<String> labels = labels(record.header());
        List<String> names = new ArrayList<>();
        for (String code : labels) {
            names.add(table.lookup(code).orElseThrow().name());
        }
        EcgRecord ecg = WfdbEcg.toEcgRecord(record, id, labels, ReportFromDiagnoses.of(names), null);
        Map<String, String> metadata = new LinkedHashMap<>(ecg.metadata());
        metadata.put("report_source", "generated");
        return new EcgRecord(id, ecg.signal(), ecg.samplingRate(), labels, ecg.report(), null, metadata);
    }

    private Set<String> labels(WfdbHeader header) throws EcgFormatException {
        String dx = header.metadata().get("Dx");
        if (dx == null) {
            throw new EcgFormatException(header.file(), null, "no '# Dx:' comment line; expected comma-separated"
                    + " SNOMED-CT codes");
        }
        Set<String> labels = new LinkedHashSet<>();
        for (String code : dx.split(",", -1)) {
            String trimmed = code.strip();
            SnomedCtTable.Entry entry = table.scoredEntry(trimmed).orElseThrow(() -> new EcgFormatException(
                    header.file(), "'# Dx' comment", "code '" + trimmed + "' is not in the SNOMED-CT table of the"
                    + " challenge; expected codes such as 426783006 (sinus rhythm)"));
            labels.add(entry.code());
        }
        return labels;
    }
}
