package org.cardiograd.ecg.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cardiograd.ecg.io.EcgFormatException;

/**
 * The manifest of a shard folder, {@value #FILE_NAME}: UTF-8 text, one tab-separated line per fact, readable
 * with any text tool. Lines, in this order:
 * <pre>
 * # a comment line
 * format            cardiograd-ecg-shards
 * version           1
 * encoding          int16 | float16
 * scale_mv_per_unit 0.001
 * sampling_rate     500.0
 * leads             12
 * length            5000
 * records           21837
 * saturated_samples 0
 * preprocessing     free text (provenance only)
 * label             NAME                       one line per vocabulary entry; class i is the i-th line
 * shard             FILE  RECORDS              one line per shard file, in record order
 * record            ID  PATIENT  LABELS  REPORT  [KEY  VALUE]...   one line per record, in record order
 * </pre>
 * LABELS is a space-separated list of vocabulary positions. In every field a backslash escapes
 * {@code \\ \t \n \r}, and a field of just {@code \N} means "none" (a record without report or patient id).
 */
record ShardIndex(SampleEncoding encoding, double scale, double samplingRate, int leads, int length,
                  long saturatedSamples, String preprocessing, List<String> labels, List<Shard> shards,
                  List<Entry> records) {

    static final String FILE_NAME = "index.tsv";
    static final String FORMAT = "cardiograd-ecg-shards";
    private static final String NONE = "\\N";

    /** One shard file and how many records it holds. */
    record Shard(String file, int records) {
    }

    /** Everything about one record except its signal. {@code labels} are vocabulary positions. */
    record Entry(String id, String patientId, int[] labels, String report, Map<String, String> metadata) {
    }

    ShardIndex {
        labels = List.copyOf(labels);
        shards = List.copyOf(shards);
        records = Collections.unmodifiableList(new ArrayList<>(records));
    }

    void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# cardiograd ECG shards. Tab-separated; \\\\ \\t \\n \\r are escaped and \\N means none.\n");
        line(sb, "format", FORMAT);
        line(sb, "version", String.valueOf(ShardHeader.VERSION));
        line(sb, "encoding", encoding.name().toLowerCase(java.util.Locale.ROOT));
        line(sb, "scale_mv_per_unit", Double.toString(scale));
        line(sb, "sampling_rate", Double.toString(samplingRate));
        line(sb, "leads", String.valueOf(leads));
        line(sb, "length", String.valueOf(length));
        line(sb, "records", String.valueOf(records.size()));
        line(sb, "saturated_samples", String.valueOf(saturatedSamples));
        line(sb, "preprocessing", preprocessing);
        for (String label : labels) {
            line(sb, "label", label);
        }
        for (Shard shard : shards) {
            line(sb, "shard", shard.file, String.valueOf(shard.records));
        }
        for (Entry e : records) {
            List<String> fields = new ArrayList<>(List.of("record", e.id));
            fields.add(e.patientId);
            StringBuilder positions = new StringBuilder();
            for (int p : e.labels) {
                positions.append(positions.length() == 0 ? "" : " ").append(p);
            }
            fields.add(positions.toString());
            fields.add(e.report);
            e.metadata.forEach((k, v) -> {
                fields.add(k);
                fields.add(v);
            });
            line(sb, fields.toArray(new String[0]));
        }
        // Files.writeString refuses strings that are not valid UTF-16 (lone surrogates) instead of writing '?'
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder sb, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            sb.append(i == 0 ? "" : "\t").append(escape(fields[i]));
        }
        sb.append('\n');
    }

    static String escape(String field) {
        if (field == null) {
            return NONE;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static ShardIndex read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new EcgFormatException(file, null, "missing shard index (expected the " + FILE_NAME
                    + " written by ShardWriter)");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new EcgFormatException(file, null, "not valid UTF-8 text", e);
        }
        return new Parser(file).parse(text);
    }

    /** Reads the lines in their fixed order, keeping the line number for messages. */
    private static final class Parser {
        private final Path file;
        private List<String[]> lines;
        private int next; // index into lines
        private final List<Integer> lineNumbers = new ArrayList<>();

        Parser(Path file) {
            this.file = file;
        }

        ShardIndex parse(String text) throws EcgFormatException {
            lines = new ArrayList<>();
            String[] raw = text.split("\n", -1);
            for (int i = 0; i < raw.length; i++) {
                if (raw[i].isEmpty() || raw[i].startsWith("#")) {
                    continue;
                }
                lines.add(raw[i].split("\t", -1));
                lineNumbers.add(i + 1);
            }
            expectValue("format", FORMAT);
            String version = fields("version", 2)[1];
            if (!String.valueOf(ShardHeader.VERSION).equals(version)) {
                throw error("shard format version '" + version + "'; this reader knows version "
                        + ShardHeader.VERSION);
            }
            next++;
            String encodingName = String.valueOf(fields("encoding", 2)[1]);
            SampleEncoding encoding = switch (encodingName) {
                case "int16" -> SampleEncoding.INT16;
                case "float16" -> SampleEncoding.FLOAT16;
                default -> throw error("encoding '" + encodingName + "'; expected int16 or float16");
            };
            next++;
            double scale = positiveDouble("scale_mv_per_unit");
            double rate = positiveDouble("sampling_rate");
            int leads = intField("leads", 1);
            int length = intField("length", 1);
            int count = intField("records", 0);
            long saturated = longField("saturated_samples");
            String preprocessing = single("preprocessing");
            List<String> labels = new ArrayList<>();
            while (peek("label")) {
                String label = fields("label", 2)[1];
                if (label == null || labels.contains(label)) {
                    throw error("label '" + label + "' is missing or repeated; expected each class once");
                }
                labels.add(label);
                next++;
            }
            List<Shard> shards = new ArrayList<>();
            long inShards = 0;
            while (peek("shard")) {
                String[] f = fields("shard", 3);
                int n = (int) number("shard record count", f[2]);
                shards.add(new Shard(f[1], n));
                inShards += n;
                next++;
            }
            if (inShards != count) {
                throw new EcgFormatException(file, null, "the shard lines hold " + inShards + " records; expected "
                        + count + " as the records line says");
            }
            List<Entry> records = new ArrayList<>(count);
            while (peek("record")) {
                records.add(entry(labels.size()));
                next++;
            }
            if (next < lines.size()) {
                throw error("unexpected line starting '" + lines.get(next)[0] + "'; expected a record line"
                        + " (lines come in the order format, ..., label, shard, record)");
            }
            if (records.size() != count) {
                throw new EcgFormatException(file, null, "holds " + records.size() + " record lines; expected "
                        + count + " as the records line says");
            }
            return new ShardIndex(encoding, scale, rate, leads, length, saturated, preprocessing, labels, shards,
                    records);
        }

        private Entry entry(int vocabularySize) throws EcgFormatException {
            String[] f = lines.get(next);
            if (f.length < 5 || (f.length - 5) % 2 != 0) {
                throw error("record line has " + f.length + " fields; expected record, id, patient, labels,"
                        + " report and then key/value pairs");
            }
            String id = unescape(f[1]);
            if (id == null) {
                throw error("record id is \\N; expected an id");
            }
            String[] positions = f[3].isEmpty() ? new String[0] : f[3].split(" ", -1);
            int[] labels = new int[positions.length];
            for (int i = 0; i < positions.length; i++) {
                labels[i] = (int) number("label position of record " + id, positions[i]);
                if (labels[i] >= vocabularySize) {
                    throw error("record " + id + " has label position " + labels[i] + "; expected below the "
                            + vocabularySize + " label lines");
                }
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            for (int i = 5; i < f.length; i += 2) {
                String key = unescape(f[i]);
                if (key == null || metadata.put(key, unescape(f[i + 1])) != null) {
                    throw error("record " + id + " has a missing or repeated metadata key '" + f[i] + "'");
                }
            }
            return new Entry(id, unescape(f[2]), labels, unescape(f[4]), metadata);
        }

        private boolean peek(String key) {
            return next < lines.size() && lines.get(next)[0].equals(key);
        }

        private String[] fields(String key, int count) throws EcgFormatException {
            if (!peek(key)) {
                throw error(next < lines.size() ? "found '" + lines.get(next)[0] + "' line; expected '" + key
                        + "' here" : "the file ends; expected a '" + key + "' line");
            }
            String[] f = lines.get(next);
            if (f.length != count) {
                throw error("'" + key + "' line has " + f.length + " tab-separated fields; expected " + count);
            }
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                values[i] = unescape(f[i]);
            }
            return values;
        }

        /** The value of the current line, which must be a two-field {@code key} line; advances past it. */
        private String single(String key) throws EcgFormatException {
            String value = fields(key, 2)[1];
            next++;
            return value;
        }

        private void expectValue(String key, String expected) throws EcgFormatException {
            String value = fields(key, 2)[1];
            if (!expected.equals(value)) {
                throw error("'" + key + "' is '" + value + "'; expected '" + expected + "'");
            }
            next++;
        }

        private long longField(String key) throws EcgFormatException {
            String text = fields(key, 2)[1];
            if (text == null || !text.matches("[0-9]{1,18}")) {
                throw error("'" + key + "' is '" + text + "'; expected a non-negative integer");
            }
            next++;
            return Long.parseLong(text);
        }

        private int intField(String key, int min) throws EcgFormatException {
            int value = (int) number("'" + key + "'", fields(key, 2)[1]);
            if (value < min) {
                throw error("'" + key + "' is " + value + "; expected at least " + min);
            }
            next++;
            return value;
        }

        private double positiveDouble(String key) throws EcgFormatException {
            String text = fields(key, 2)[1];
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException | NullPointerException e) {
                value = Double.NaN;
            }
            if (!(value > 0) || Double.isInfinite(value)) {
                throw error("'" + key + "' is '" + text + "'; expected a positive number");
            }
            next++;
            return value;
        }

        /** A non-negative decimal integer below 10^9 (so it fits an int). */
        private long number(String what, String text) throws EcgFormatException {
            if (text == null || !text.matches("[0-9]{1,9}")) {
                throw error(what + " is '" + text + "'; expected a non-negative integer below 10^9");
            }
            return Long.parseLong(text);
        }

        private String unescape(String field) throws EcgFormatException {
            if (field.equals(NONE)) {
                return null;
            }
            if (field.indexOf('\\') < 0) {
                return field;
            }
            StringBuilder sb = new StringBuilder(field.length());
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = ++i < field.length() ? field.charAt(i) : ' ';
                switch (e) {
                    case '\\' -> sb.append('\\');
                    case 't' -> sb.append('\t');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    default -> throw error("bad escape in field '" + field + "'; expected \\\\, \\t, \\n or \\r");
                }
            }
            return sb.toString();
        }

        private EcgFormatException error(String problem) {
            int at = Math.min(next, lineNumbers.size() - 1);
            return new EcgFormatException(file, at < 0 ? null : "line " + lineNumbers.get(at), problem);
        }
    }
}
