package org.cardiograd.ecg.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.cardiograd.ecg.synth.SyntheticEcg;
import org.cardiograd.ecg.synth.SyntheticEcgConfig;
import org.cardiograd.ecg.synth.SyntheticEcgGenerator;
import org.junit.jupiter.api.Test;

/** The vocabulary trainer, on a corpus small enough to follow by hand, and on synthetic reports. */
class WordPieceTrainerTest {
    static final List<String> SPECIALS = WordPieceTokenizer.SPECIAL_TOKENS;

    /**
     * Words low x3, lower, lowest start as l ##o ##w [##e ##r | ##e ##s ##t]. Pair counts: (l, ##o) 5, (##o, ##w)
     * 5, (##w, ##e) 2, the rest 1. The tie at 5 goes to the alphabetically first pair, (##o, ##w) -> "##ow"; then
     * (l, ##ow) 5 -> "low"; then (low, ##e) 2 -> "lowe"; every remaining pair occurs once.
     */
    @Test
    void mergesMostFrequentPairsFirstByHand() {
        List<String> corpus = List.of("Low low low LOWER", "lowest");
        List<String> alphabet = List.of("##e", "##o", "##r", "##s", "##t", "##w", "l");
        assertEquals(concat(SPECIALS, alphabet, List.of("##ow", "low", "lowe")),
                WordPieceTokenizer.train(corpus, 100, 2, true).vocabulary());
        // the size limit stops it after the first merge
        assertEquals(concat(SPECIALS, alphabet, List.of("##ow")),
                WordPieceTokenizer.train(corpus, 13, 2, true).vocabulary());
        // minFrequency 1 goes on: ties at 1 between (lowe, ##r), (lowe, ##s), (##s, ##t) -> "##st" first ("##s" <
        // "lowe"), then (lowe, ##r) before (lowe, ##st), then "lowest"
        WordPieceTokenizer all = WordPieceTokenizer.train(corpus, 100, 1, true);
        assertEquals(concat(SPECIALS, alphabet, List.of("##ow", "low", "lowe", "##st", "lower", "lowest")),
                all.vocabulary());
        assertEquals(List.of("lowest", "low", "##s", "[UNK]"), all.tokenize("lowest lows lax"));
    }

    @Test
    void tooSmallAVocabularyIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordPieceTokenizer.train(List.of("low lower"), 9, 2, true));
        assertTrue(e.getMessage().contains("cannot hold the 5 special tokens and the corpus's 5 distinct character pieces"),
                e.getMessage());
    }

    @Test
    void deterministicAndIndependentOfCorpusOrder() {
        List<String> reports = reports(60);
        WordPieceTokenizer a = WordPieceTokenizer.train(reports, 300);
        WordPieceTokenizer b = WordPieceTokenizer.train(reports, 300);
        List<String> shuffled = new ArrayList<>(reports);
        Collections.shuffle(shuffled, new Random(3));
        WordPieceTokenizer c = WordPieceTokenizer.train(shuffled, 300);
        assertEquals(a.vocabulary(), b.vocabulary());
        assertEquals(a.vocabulary(), c.vocabulary());
        assertEquals(300, a.vocabulary().size());
        // every character of the corpus is in the vocabulary, so the training corpus has no [UNK]
        for (String r : reports) {
            assertTrue(!a.tokenize(r).contains(WordPieceTokenizer.UNK), r);
        }
    }

    static List<String> reports(int n) {
        SyntheticEcgGenerator gen = new SyntheticEcgGenerator(SyntheticEcgConfig.defaults().withDuration(2.5), 11);
        List<String> out = new ArrayList<>();
        for (SyntheticEcg e : gen.generate(0, n, 2)) {
            out.add(e.report());
        }
        return out;
    }

    @SafeVarargs
    static List<String> concat(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return out;
    }
}
