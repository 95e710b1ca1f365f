package org.cardiograd.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.ecg.eval.Auroc;

/**
 * Test-set AUROCs of one probe or fine-tuned model on its tasks: the paper's (MI, STTC, CD, HYP) when the labels
 * are the superclasses, else every class of the label set (probe --labels). Per task with a
 * bootstrap 95% interval, their macro average with its interval, and the overall score (their sum, as the
 * CREMA paper reports it). A task with no positive or no negative test record has AUROC NaN, reported "n/a".
 */
record TaskEvaluation(Map<String, Double> auroc, Map<String, Auroc.Interval> interval, double macro,
                      Auroc.Interval macroInterval, double overall) {

    /** The paper's downstream tasks (PTB-XL superclasses other than NORM). */
    static final List<String> TASKS = List.of("MI", "STTC", "CD", "HYP");

    /** The tasks scored for a class list: the paper's four for the superclasses, else every class. */
    static List<String> tasksOf(List<String> classes) {
        return classes.equals(SyntheticData.SUPERCLASSES) ? TASKS : classes;
    }

    static TaskEvaluation of(float[][] scores, float[][] labels, List<String> classes, int rounds, long seed) {
        List<String> tasks = tasksOf(classes);
        int[] columns = tasks.stream().mapToInt(classes::indexOf).toArray();
        Map<String, Double> auroc = new LinkedHashMap<>();
        Map<String, Auroc.Interval> interval = new LinkedHashMap<>();
        double sum = 0;
        for (int i = 0; i < columns.length; i++) {
            float[][] s = select(scores, new int[] {columns[i]});
            float[][] l = select(labels, new int[] {columns[i]});
            double a = Auroc.macro(s, l);
            auroc.put(tasks.get(i), a);
            interval.put(tasks.get(i), Auroc.bootstrapMacro(s, l, rounds, 0.95, seed + i));
            sum += a;
        }
        float[][] s = select(scores, columns);
        float[][] l = select(labels, columns);
        return new TaskEvaluation(auroc, interval, Auroc.macro(s, l), Auroc.bootstrapMacro(s, l, rounds, 0.95, seed),
                sum);
    }

    /** For metrics.json. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        auroc.forEach((task, a) -> m.put(task, Map.of("auroc", a, "ci95", List.of(interval.get(task).low(),
                interval.get(task).high()))));
        m.put("macro", Map.of("auroc", macro, "ci95", List.of(macroInterval.low(), macroInterval.high())));
        m.put("overall", overall);
        return m;
    }

    private static float[][] select(float[][] m, int[] columns) {
        float[][] out = new float[m.length][columns.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < columns.length; j++) {
                out[i][j] = m[i][columns[j]];
            }
        }
        return out;
    }
}
