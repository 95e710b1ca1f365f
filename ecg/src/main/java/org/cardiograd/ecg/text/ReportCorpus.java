package org.cardiograd.ecg.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cardiograd.ecg.io.EcgDataset;
import org.cardiograd.ecg.synth.SyntheticEcg;
import org.cardiograd.ecg.synth.SyntheticEcgGenerator;

/**
 * The report texts a tokenizer is trained on: from the synthetic generator or from a dataset's records, and the
 * step from corpus to a saved {@code vocab.txt}.
 *
 * @param reports         the non-blank reports, in record order
 * @param withoutReport   ids of records that had no (or a blank) report, left out
 * @param skipped         records the dataset could not read (with {@link EcgDataset.BadRecordPolicy#SKIP})
 */
public record ReportCorpus(List<String> reports, List<String> withoutReport, List<EcgDataset.SkippedRecord> skipped) {

    public ReportCorpus {
        reports = List.copyOf(reports);
        withoutReport = List.copyOf(withoutReport);
        skipped = List.copyOf(skipped);
    }

    /** The reports of synthetic records {@code from .. from + count - 1} (rendered on {@code threads} threads). */
    public static ReportCorpus synthetic(SyntheticEcgGenerator generator, long from, int count, int threads) {
        List<String> reports = new ArrayList<>();
        for (SyntheticEcg e : generator.generate(from, count, threads)) {
            reports.add(e.report());
        }
        return new ReportCorpus(reports, List.of(), List.of());
    }

    /** The reports of a dataset's records (CinC records carry reports generated from their SNOMED-CT labels). */
    public static ReportCorpus of(EcgDataset dataset, List<String> ids, EcgDataset.BadRecordPolicy policy)
            throws IOException {
        List<String> reports = new ArrayList<>();
        List<String> without = new ArrayList<>();
        EcgDataset.LoadReport load = dataset.forEach(ids, policy, r -> {
            if (r.report() == null || r.report().isBlank()) {
                without.add(r.id());
            } else {
                reports.add(r.report());
            }
        });
        return new ReportCorpus(reports, without, load.skipped());
    }

    /**
     * Trains a lower-casing WordPiece vocabulary of at most {@code vocabSize} tokens on the reports (pieces seen
     * at least twice) and writes it as {@code vocabTxt}.
     */
    public WordPieceTokenizer trainTokenizer(int vocabSize, Path vocabTxt) throws IOException {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("ReportCorpus: no reports to train a tokenizer on ("
                    + withoutReport.size() + " records without a report, " + skipped.size() + " skipped)");
        }
        WordPieceTokenizer tokenizer = WordPieceTokenizer.train(reports, vocabSize);
        tokenizer.writeVocab(vocabTxt);
        return tokenizer;
    }
}
