package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.cardiograd.ecg.eval.Auroc;

/**
 * The paper's results table: tasks (MI, STTC, CD, HYP) and their macro average as rows, one column per method
 * and label fraction (e.g. "LP 1%", "FT 100%"), and the overall score (sum of the task AUROCs) as the last row.
 * Each run also writes its columns to auroc.csv, from which {@code ./cardiograd report} combines runs.
 */
final class ResultsTable {
    static final String CSV = "auroc.csv";
    private static final String CSV_HEADER = "column,task,auroc,ci_low,ci_high";

    private final Map<String, TaskEvaluation> columns = new LinkedHashMap<>();

    ResultsTable add(String column, TaskEvaluation e) {
        columns.put(column, e);
        return this;
    }

    boolean isEmpty() {
        return columns.isEmpty();
    }

    /** Column header for a method at a label fraction: "LP 1%", "FT 100%". */
    static String column(String method, double fraction) {
        double percent = fraction * 100;
        return method + " " + (percent == Math.rint(percent) ? String.format(Locale.ROOT, "%.0f%%", percent)
                : String.format(Locale.ROOT, "%.3g%%", percent));
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("| task |");
        columns.keySet().forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append("\n|---|").append("---|".repeat(columns.size())).append('\n');
        for (String task : tasks()) {
            sb.append("| ").append(task).append(" |");
            columns.values().forEach(e -> sb.append(' ').append(e.auroc().containsKey(task)
                    ? cell(e.auroc().get(task), e.interval().get(task)) : "-")
                    .append(" |"));
            sb.append('\n');
        }
        sb.append("| macro |");
        columns.values().forEach(e -> sb.append(' ').append(cell(e.macro(), e.macroInterval())).append(" |"));
        sb.append("\n| overall (sum) |");
        columns.values().forEach(e -> sb.append(' ').append(number(e.overall())).append(" |"));
        return sb.append('\n').toString();
    }

    private static String cell(double auroc, Auroc.Interval ci) {
        if (Double.isNaN(auroc)) {
            return "n/a";
        }
        return Double.isNaN(ci.low()) ? number(auroc) : number(auroc) + " (" + number(ci.low()) + "-" + number(ci.high())
                + ")";
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    String csv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        columns.forEach((column, e) -> {
            for (String task : e.auroc().keySet()) {
                row(sb, column, task, e.auroc().get(task), e.interval().get(task));
            }
            row(sb, column, "macro", e.macro(), e.macroInterval());
        });
        return sb.toString();
    }

    private static void row(StringBuilder sb, String column, String task, double auroc, Auroc.Interval ci) {
        sb.append(String.format(Locale.ROOT, "%s,%s,%.6f,%.6f,%.6f%n", column, task, auroc, ci.low(), ci.high()));
    }

    /** Reads the columns a run wrote to auroc.csv (the overall score is recomputed as the sum of the tasks). */
    static ResultsTable read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty() || !lines.get(0).equals(CSV_HEADER)) {
            throw new IOException(csv + ": expected the header '" + CSV_HEADER + "'");
        }
        Map<String, Map<String, double[]>> byColumn = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length != 5) {
                throw new IOException(csv + ": expected 5 fields in '" + line + "'");
            }
            byColumn.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], new double[] {
                Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])});
        }
        ResultsTable t = new ResultsTable();
        byColumn.forEach((column, rows) -> {
            Map<String, Double> auroc = new LinkedHashMap<>();
            Map<String, Auroc.Interval> ci = new LinkedHashMap<>();
            double sum = 0;
            for (Map.Entry<String, double[]> row : rows.entrySet()) {
                if (!row.getKey().equals("macro")) {
                    double[] r = row.getValue();
                    auroc.put(row.getKey(), r[0]);
                    ci.put(row.getKey(), new Auroc.Interval(r[1], r[2]));
                    sum += r[0];
                }
            }
            double[] m = rows.getOrDefault("macro", new double[] {Double.NaN, Double.NaN, Double.NaN});
            t.add(column, new TaskEvaluation(auroc, ci, m[0], new Auroc.Interval(m[1], m[2]), sum));
        });
        return t;
    }

    /** The rows: every task of any column, in order of first appearance. */
    private Set<String> tasks() {
        Set<String> tasks = new LinkedHashSet<>();
        columns.values().forEach(e -> tasks.addAll(e.auroc().keySet()));
        return tasks;
    }

    /** Columns of several tables side by side (later columns of the same name win). */
    static ResultsTable combine(List<ResultsTable> tables) {
        ResultsTable t = new ResultsTable();
        tables.forEach(x -> t.columns.putAll(x.columns));
        return t;
    }

    List<String> columnNames() {
        return new ArrayList<>(columns.keySet());
    }
}
