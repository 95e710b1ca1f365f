package org.cardiograd.ecg.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cardiograd.ecg.EcgRecord;

/**
 * PTB-XL in its PhysioNet layout: {@code ptbxl_database.csv} (one row per ECG), {@code scp_statements.csv},
 * and WFDB records under {@code records100/} (100 Hz) and {@code records500/} (500 Hz), named by the
 * {@code filename_lr} and {@code filename_hr} columns.
 *
 * <p><b>Labels</b> follow the PTB-XL benchmark (Strodthoff et al. 2020, {@code compute_label_aggregations}):
 * every code that is a key of {@code scp_codes} counts, <em>whatever its likelihood</em> (the benchmark parses
 * the dict and uses its keys only, so a diagnostic statement with likelihood 0 or 15 is kept like one with
 * 100). Then, per {@link Task}: DIAGNOSTIC keeps the codes whose statement has {@code diagnostic = 1};
 * SUBDIAGNOSTIC and SUPERDIAGNOSTIC map those to their {@code diagnostic_subclass} / {@code diagnostic_class}
 * (dropping empty ones); FORM and RHYTHM keep the codes flagged {@code form} / {@code rhythm}; ALL keeps every
 * code. Labels keep the order in which the codes are written, without duplicates. The benchmark trains and
 * evaluates each task only on records with at least one label of that task: use {@link #withLabels}. A code
 * missing from {@code scp_statements.csv} is an error (the benchmark would silently drop it).
 *
 * <p><b>Folds</b>: the recommended split is {@code strat_fold} 1-8 train, 9 validation, 10 test ({@link Split}).
 * <b>Reports</b> are the {@code report} column; where it is empty, a report is generated from the English
 * descriptions of the record's statements in {@code scp_statements.csv} ({@link ReportFromDiagnoses}), and the
 * metadata entry {@code report_source} says which ({@code dataset} or {@code generated}). Patient ids are the
 * {@code patient_id} column with a float's trailing {@code .0} removed ({@code 15709.0} becomes {@code 15709}).
 * Metadata holds the other columns of the row (age, sex, strat_fold, scp_codes, ...) and the header comments.
 *
 * <p>Rows of {@code ptbxl_database.csv} are checked when the dataset is opened; with
 * {@link BadRecordPolicy#SKIP} bad rows are left out and listed by {@link #skippedRows()}, with
 * {@link BadRecordPolicy#FAIL} the first one is thrown. Signal files are read by {@link #load}.
 */
public final class PtbXlDataset implements EcgDataset {

    /** The label sets of the PTB-XL benchmark. */
    public enum Task { ALL, DIAGNOSTIC, SUBDIAGNOSTIC, SUPERDIAGNOSTIC, FORM, RHYTHM }

    /** The recommended split by {@code strat_fold}. */
    public enum Split {
        TRAIN(1, 8), VALIDATION(9, 9), TEST(10, 10);

        private final int firstFold;
        private final int lastFold;

        Split(int firstFold, int lastFold) {
            this.firstFold = firstFold;
            this.lastFold = lastFold;
        }

        public boolean contains(int fold) {
            return fold >= firstFold && fold <= lastFold;
        }
    }

    /** One row of {@code ptbxl_database.csv}, checked. */
    public record Entry(String ecgId, String patientId, int fold, Map<String, Double> scpCodes, String report,
                        String fileName, Map<String, String> metadata) {
    }

    private static final Set<String> NOT_METADATA = Set.of("ecg_id", "patient_id", "report", "filename_lr",
            "filename_hr");

    private final Path root;
    private final int samplingRate;
    private final Task task;
    private final ScpStatements statements;
    private final Map<String, Entry> entries;
    private final List<SkippedRecord> skippedRows;

    private PtbXlDataset(Path root, int samplingRate, Task task, ScpStatements statements,
                         Map<String, Entry> entries, List<SkippedRecord> skippedRows) {
        this.root = root;
        this.samplingRate = samplingRate;
        this.task = task;
        this.statements = statements;
        this.entries = Collections.unmodifiableMap(entries);
        this.skippedRows = List.copyOf(skippedRows);
    }

    /** Opens the dataset failing on the first bad row. */
    public static PtbXlDataset open(Path root, int samplingRate, Task task) throws IOException {
        return open(root, samplingRate, task, BadRecordPolicy.FAIL);
    }

    /**
     * @param root         the folder holding {@code ptbxl_database.csv}
     * @param samplingRate 100 (records100) or 500 (records500)
     * @param task         which labels {@link EcgRecord#labels()} holds
     * @param policy       what to do with rows that cannot be read
     */
    public static PtbXlDataset open(Path root, int samplingRate, Task task, BadRecordPolicy policy)
            throws IOException {
        if (samplingRate != 100 && samplingRate != 500) {
            throw new IllegalArgumentException("PTB-XL has records at 100 and 500 Hz, not " + samplingRate);
        }
        ScpStatements statements = ScpStatements.read(root.resolve("scp_statements.csv"));
        CsvTable table = CsvTable.read(root.resolve("ptbxl_database.csv"));
        String fileColumn = samplingRate == 100 ? "filename_lr" : "filename_hr";
        table.requireColumns("ecg_id", "patient_id", "report", "scp_codes", "strat_fold", fileColumn);
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<SkippedRecord> skipped = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            try {
                Entry entry = entry(row, table.columns(), fileColumn, statements);
                if (entries.putIfAbsent(entry.ecgId(), entry) != null) {
                    throw row.error("ecg_id " + entry.ecgId() + " appears twice");
                }
            } catch (EcgFormatException e) {
                if (policy == BadRecordPolicy.FAIL) {
                    throw e;
                }
                skipped.add(new SkippedRecord("row at line " + row.line(), e.getMessage()));
            }
        }
        return new PtbXlDataset(root, samplingRate, task, statements, entries, skipped);
    }

    private static Entry entry(CsvTable.Row row, List<String> columns, String fileColumn, ScpStatements statements)
            throws EcgFormatException {
        String ecgId = row.get("ecg_id").strip();
        if (!ecgId.matches("\\d{1,9}")) {
            throw row.error("ecg_id is '" + ecgId + "'; expected a whole number");
        }
        String foldText = row.get("strat_fold").strip();
        if (!foldText.matches("\\d{1,2}") || Integer.parseInt(foldText) < 1 || Integer.parseInt(foldText) > 10) {
            throw row.error("strat_fold is '" + foldText + "'; expected 1 to 10");
        }
        Map<String, Double> scpCodes = ScpCodes.parse(row.get("scp_codes"), row);
        for (String code : scpCodes.keySet()) {
            if (statements.get(code).isEmpty()) {
                throw row.error("scp_codes has '" + code + "', which scp_statements.csv does not define");
            }
        }
        String fileName = row.get(fileColumn).strip();
        if (fileName.isEmpty()) {
            throw row.error(fileColumn + " is empty; expected a record path such as records100/00000/00001_lr");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String column : columns) {
            if (!NOT_METADATA.contains(column) && !column.isEmpty()) {
                metadata.put(column, row.get(column));
            }
        }
        return new Entry(ecgId, patientId(row.get("patient_id")), Integer.parseInt(foldText), scpCodes,
                row.get("report").strip(), fileName, metadata);
    }

    /** PTB-XL writes patient ids as floats ("15709.0"); the integer part is the id. Empty means none. */
    private static String patientId(String text) {
        String id = text.strip();
        if (id.isEmpty()) {
            return null;
        }
        return id.matches("\\d+\\.0*") ? id.substring(0, id.indexOf('.')) : id;
    }

    public Path root() {
        return root;
    }

    public int samplingRate() {
        return samplingRate;
    }

    public Task task() {
        return task;
    }

    public ScpStatements statements() {
        return statements;
    }

    /** Rows left out at opening under {@link BadRecordPolicy#SKIP}, with their reasons. */
    public List<SkippedRecord> skippedRows() {
        return skippedRows;
    }

    /** All ecg_ids in file order. */
    @Override
    public List<String> recordIds() {
        return List.copyOf(entries.keySet());
    }

    /** The ecg_ids of one split of the recommended folds, in file order. */
    public List<String> recordIds(Split split) {
        return entries.values().stream().filter(e -> split.contains(e.fold())).map(Entry::ecgId).toList();
    }

    /** Those of {@code ids} with at least one label of this dataset's task (what the benchmark uses). */
    public List<String> withLabels(List<String> ids) {
        return ids.stream().filter(id -> !labels(id).isEmpty()).toList();
    }

    public Entry entry(String id) {
        Entry entry = entries.get(id);
        if (entry == null) {
            throw new IllegalArgumentException("no PTB-XL record with ecg_id '" + id + "' under " + root);
        }
        return entry;
    }

    /** The labels of a record for this dataset's task, from the tables only (no signal read). */
    public Set<String> labels(String id) {
        return labels(entry(id).scpCodes().keySet(), task);
    }

    /** The labels of a set of scp codes for a task, as described in the class comment. */
    public Set<String> labels(Iterable<String> codes, Task task) {
        Set<String> labels = new LinkedHashSet<>();
        for (String code : codes) {
            ScpStatements.Statement statement = statements.get(code).orElseThrow();
            String label = switch (task) {
                case ALL -> code;
                case DIAGNOSTIC -> statement.diagnostic() ? code : "";
                case SUBDIAGNOSTIC -> statement.diagnostic() ? statement.diagnosticSubclass() : "";
                case SUPERDIAGNOSTIC -> statement.diagnostic() ? statement.diagnosticClass() : "";
                case FORM -> statement.form() ? code : "";
                case RHYTHM -> statement.rhythm() ? code : "";
            };
            if (!label.isEmpty()) {
                labels.add(label);
            }
        }
        return labels;
    }

    /** The report column, or one generated from the statement descriptions when that is empty. */
    public String report(String id) {
        Entry entry = entry(id);
        if (!entry.report().isEmpty()) {
            return entry.report();
        }
        List<String> descriptions = new ArrayList<>();
        for (String code : entry.scpCodes().keySet()) {
            descriptions.add(statements.get(code).orElseThrow().description());
        }
        return ReportFromDiagnoses.of(descriptions);
    }

    @Override
    public EcgRecord load(String id) throws IOException {
        Entry entry = entry(id);
        Path headerFile = root.resolve(entry.fileName() + ".hea");
        WfdbRecord record = WfdbReader.read(headerFile);
        if (record.header().samplingFrequency() != samplingRate) {
            throw new EcgFormatException(headerFile, "line 1", "sampling frequency "
                    + record.header().samplingFrequency() + "; expected " + samplingRate + " Hz for this dataset");
        }
        EcgRecord ecg = WfdbEcg.toEcgRecord(record, id, labels(id), report(id), entry.patientId());
        Map<String, String> metadata = new LinkedHashMap<>(ecg.metadata());
        metadata.putAll(entry.metadata());
        metadata.put("report_source", entry.report().isEmpty() ? "generated" : "dataset");
        return new EcgRecord(id, ecg.signal(), ecg.samplingRate(), ecg.labels(), ecg.report(), entry.patientId(),
                metadata);
    }
}
