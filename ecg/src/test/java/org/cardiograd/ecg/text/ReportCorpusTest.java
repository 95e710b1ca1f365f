package org.cardiograd.ecg.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.cardiograd.ecg.SharedData;
import org.cardiograd.ecg.io.CincDataset;
import org.cardiograd.ecg.io.EcgDataset;
import org.cardiograd.ecg.synth.SyntheticEcgConfig;
import org.cardiograd.ecg.synth.SyntheticEcgGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCorpusTest {
    @Test
    void syntheticReportsTrainAVocabularyThatReadsBack(@TempDir Path dir) throws Exception {
        SyntheticEcgGenerator gen = new SyntheticEcgGenerator(SyntheticEcgConfig.defaults().withDuration(2.5), 11);
        ReportCorpus corpus = ReportCorpus.synthetic(gen, 0, 40, 2);
        assertEquals(WordPieceTrainerTest.reports(40), corpus.reports());
        Path vocab = dir.resolve("vocab.txt");
        WordPieceTokenizer trained = corpus.trainTokenizer(250, vocab);
        WordPieceTokenizer read = WordPieceTokenizer.fromVocabFile(vocab);
        assertEquals(trained.vocabulary(), read.vocabulary());
        assertEquals(trained.tokenize(corpus.reports().get(0)), read.tokenize(corpus.reports().get(0)));
    }

    /** The real sample's records get reports generated from their SNOMED-CT diagnoses. */
    @Test
    void cincSampleReports(@TempDir Path dir) throws Exception {
        CincDataset data = CincDataset.open(SharedData.cincSample());
        ReportCorpus corpus = ReportCorpus.of(data, data.recordIds(), EcgDataset.BadRecordPolicy.FAIL);
        assertEquals(data.recordIds().size(), corpus.reports().size() + corpus.withoutReport().size());
        assertFalse(corpus.reports().isEmpty());
        WordPieceTokenizer tok = corpus.trainTokenizer(200, dir.resolve("vocab.txt"));
        for (String report : corpus.reports()) {
            List<String> pieces = tok.tokenize(report);
            assertFalse(pieces.isEmpty(), report);
            assertFalse(pieces.contains(WordPieceTokenizer.UNK), report);
        }
        assertTrue(tok.vocabSize() <= 200);
    }
}
