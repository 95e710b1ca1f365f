package org.cardiograd.ecg.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A comma-separated table with a header row (RFC 4180: fields may be quoted with {@code "}, a quoted field may
 * hold commas, line breaks and doubled quotes {@code ""}). Rows are kept with the line they start on, so
 * messages can name it. Lines starting with {@code #} before the header row are skipped (provenance notes).
 */
public final class CsvTable {
    private final Path file;
    private final List<String> columns;
    private final Map<String, Integer> columnIndex = new HashMap<>();
    private final List<Row> rows;

    /** One data row and the 1-based line it starts on. */
    public final class Row {
        private final List<String> fields;
        private final int line;

        private Row(List<String> fields, int line) {
            this.fields = fields;
            this.line = line;
        }

        public int line() {
            return line;
        }

        /** The field of a column; the column must exist (checked by {@link #requireColumns}). */
        public String get(String column) {
            Integer index = columnIndex.get(column);
            if (index == null) {
                throw new IllegalArgumentException(file + " has no column '" + column + "'");
            }
            return fields.get(index);
        }

        /** An exception naming this row's file and line. */
        public EcgFormatException error(String problem) {
            return new EcgFormatException(file, "line " + line, problem);
        }
    }

    private CsvTable(Path file, List<String> columns, List<List<String>> records, List<Integer> lines)
            throws EcgFormatException {
        this.file = file;
        this.columns = List.copyOf(columns);
        for (int i = 0; i < columns.size(); i++) {
            columnIndex.putIfAbsent(columns.get(i), i);
        }
        List<Row> parsed = new ArrayList<>();
        for (int r = 0; r < records.size(); r++) {
            List<String> fields = records.get(r);
            if (fields.size() != columns.size()) {
                throw new EcgFormatException(file, "line " + lines.get(r), "row has " + fields.size()
                        + " fields; expected " + columns.size() + " like the header row");
            }
            parsed.add(new Row(List.copyOf(fields), lines.get(r)));
        }
        this.rows = List.copyOf(parsed);
    }

    /** Reads a UTF-8 CSV file; a missing file is an {@link EcgFormatException}. */
    public static CsvTable read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new EcgFormatException(file, null, "missing table file (expected a CSV file here)");
        }
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file);
    }

    /** Parses CSV text; {@code file} is named in messages. */
    public static CsvTable parse(String text, Path file) throws EcgFormatException {
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        boolean atRecordStart = true;
        int i = 0;
        if (text.startsWith("\uFEFF")) {
            i = 1; // byte-order mark
        }
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (atRecordStart && records.isEmpty() && c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
                line++;
                recordLine = line;
                continue;
            }
            atRecordStart = false;
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.length() > 0 || wasQuoted) {
                    throw new EcgFormatException(file, "line " + line, "unexpected '\"' inside an unquoted field;"
                            + " expected quotes around the whole field");
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
                if (!(fields.size() == 1 && fields.get(0).isEmpty())) { // skip blank lines
                    records.add(fields);
                    lines.add(recordLine);
                }
                fields = new ArrayList<>();
                line++;
                recordLine = line;
                atRecordStart = true;
            } else {
                if (wasQuoted) {
                    throw new EcgFormatException(file, "line " + line, "unexpected text after a closing quote;"
                            + " expected ',' or the end of the line");
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw new EcgFormatException(file, "line " + recordLine, "quoted field is never closed; expected a"
                    + " closing '\"'");
        }
        if (field.length() > 0 || !fields.isEmpty() || wasQuoted) {
            fields.add(field.toString());
            records.add(fields);
            lines.add(recordLine);
        }
        if (records.isEmpty()) {
            throw new EcgFormatException(file, null, "empty table; expected a header row");
        }
        List<String> header = records.remove(0);
        lines.remove(0);
        return new CsvTable(file, header, records, lines);
    }

    public Path file() {
        return file;
    }

    public List<String> columns() {
        return columns;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Fails naming the file when any of these columns is absent. */
    public void requireColumns(String... names) throws EcgFormatException {
        for (String name : names) {
            if (!columnIndex.containsKey(name)) {
                throw new EcgFormatException(file, "line 1", "missing column '" + name + "'; found " + columns);
            }
        }
    }
}
