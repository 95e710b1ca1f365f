package org.cardiograd.experiments;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cardiograd.ecg.eval.Auroc;

/**
 * The evaluation outputs of a probe or fine-tuning run, one column per method and label fraction:
 * results.md (the paper's table), auroc.csv (for combining runs), metrics.csv and metrics.json (every class,
 * every fraction) and roc-&lt;class&gt;.png (one curve per column).
 */
final class EvaluationReport {
    private final List<String> classes;
    private final String perClassCsv;
    private final int rounds;
    private final long seed;
    private final ResultsTable table = new ResultsTable();
    private final Map<String, RocPlot> rocs = new LinkedHashMap<>();
    private final List<String> csv = new ArrayList<>(List.of("column,train_records,class,auroc"));
    private final Map<String, Object> json = new LinkedHashMap<>();

    /** @param perClassCsv the file the per-class AUROCs go to (metrics.csv unless a run logs steps there) */
    EvaluationReport(String what, List<String> classes, int rounds, long seed, String perClassCsv) {
        this.perClassCsv = perClassCsv;
        this.classes = classes;
        this.rounds = rounds;
        this.seed = seed;
        classes.forEach(c -> rocs.put(c, new RocPlot(what + ": " + c)));
    }

    /** Scores the test predictions of one column; returns its task evaluation. */
    TaskEvaluation add(String column, int trainRecords, float[][] scores, float[][] labels) {
        TaskEvaluation e = TaskEvaluation.of(scores, labels, classes, rounds, seed);
        table.add(column, e);
        double[] perClass = Auroc.perClass(scores, labels);
        Map<String, Object> all = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            csv.add(String.format(Locale.ROOT, "%s,%d,%s,%.6f", column, trainRecords, classes.get(c), perClass[c]));
            rocs.get(classes.get(c)).add(column, column(scores, c), column(labels, c), perClass[c]);
            all.put(classes.get(c), perClass[c]);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("train_records", trainRecords);
        f.put("tasks", e.toMap());
        f.put("per_class", all);
        json.put(column, f);
        System.out.printf(Locale.ROOT, "%s: %d training records, macro AUROC %.3f%n", column, trainRecords,
                e.macro());
        return e;
    }

    /**
     * Writes every output; {@code heading} is results.md's first paragraph; {@code before} (may be null) holds
     * columns of another run (a probe) to show left of this run's in results.md.
     */
    void write(RunFolder run, String title, String heading, ResultsTable before) throws IOException {
        for (Map.Entry<String, RocPlot> r : rocs.entrySet()) {
            r.getValue().save(run.resolve("roc-" + r.getKey() + ".png"));
        }
        ResultsTable shown = before == null ? table : ResultsTable.combine(List.of(before, table));
        run.write("metrics.json", Json.write(json));
        run.write(perClassCsv, String.join("\n", csv) + "\n");
        run.write(ResultsTable.CSV, table.csv());
        run.write("results.md", "# " + title + "\n\n" + heading + " Test AUROC (95% bootstrap interval); overall = "
                + "sum of the four task AUROCs.\n\n" + shown.markdown());
        System.out.println();
        System.out.print(shown.markdown());
    }

    private static float[] column(float[][] m, int c) {
        float[] out = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][c];
        }
        return out;
    }
}
