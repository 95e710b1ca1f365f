package org.cardiograd.ecg.io;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A plain-English report for a record that has none, built from the names of its diagnostic statements so
 * that every record can take part in ECG-text pretraining: each statement lower-cased and ended with a full
 * stop, in the record's order, duplicates dropped, e.g.
 * {@code "sinus rhythm. left ventricular hypertrophy. t wave abnormal."}.
 * No statements give the empty string.
 */
public final class ReportFromDiagnoses {
    private ReportFromDiagnoses() {
    }

    public static String of(List<String> statements) {
        Set<String> sentences = new LinkedHashSet<>();
        for (String statement : statements) {
            String sentence = statement.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            while (sentence.endsWith(".")) {
                sentence = sentence.substring(0, sentence.length() - 1).strip();
            }
            if (!sentence.isEmpty()) {
                sentences.add(sentence + ".");
            }
        }
        return String.join(" ", sentences);
    }
}
