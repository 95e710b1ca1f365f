package org.cardiograd.ecg.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokenization of the committed vocab_small.txt (28 tokens, ids 0-27 = line - 1); every expected output is worked
 * out by hand from BERT's rules: pre-tokenize (lower-case, strip accents, split off punctuation), then split each
 * word greedily into the longest vocabulary pieces from the left, "##" marking continuations, [UNK] for a word
 * that cannot be split completely.
 */
class WordPieceTokenizerTest {
    static WordPieceTokenizer tok;

    @BeforeAll
    static void load() throws Exception {
        tok = WordPieceTokenizer.fromVocabFile(BertParityTest.resource("vocab_small.txt"));
    }

    @Test
    void readsVocabTxtWithLineNumbersAsIds() {
        assertEquals(28, tok.vocabSize());
        assertEquals(0, tok.padId());
        assertEquals(1, tok.unkId());
        assertEquals(2, tok.clsId());
        assertEquals(3, tok.sepId());
        assertEquals(4, tok.maskId());
        assertEquals(8, tok.id("sinus"));
        assertEquals(17, tok.id("##ver"));
        assertEquals("##a", tok.token(27));
        assertEquals(-1, tok.id("sinu"));
    }

    @Test
    void splitsPunctuationAndWordPieces() {
        // "st-t" splits at the hyphen; "inversion": longest prefix in the vocabulary is "in", then "##ver", "##sion".
        assertEquals(List.of("st", "-", "t", "wave", "in", "##ver", "##sion", ",", "left", "axis", "deviation", "."),
                tok.tokenize("ST-T wave inversion, left axis deviation."));
        assertEquals(List.of("block", "##s"), tok.tokenize("Blocks"));
        assertEquals(List.of("qrs", "1", "##2", "##0", "ms"), tok.tokenize("QRS 120 ms"));
        // "120ms" is one word: 1 ##2 ##0 match, then no "##m" piece exists, so the whole word is [UNK]
        assertEquals(List.of("qrs", "[UNK]"), tok.tokenize("QRS 120ms"));
    }

    @Test
    void unknownWordsBecomeOneUnk() {
        // "sinusx": "sinus" matches, but no piece "##x" exists, so the whole word is [UNK], not "sinus [UNK]".
        assertEquals(List.of("[UNK]", "rhythm", "[UNK]"), tok.tokenize("sinusx rhythm xyz"));
        // cased: "Sinus" has no match at all.
        WordPieceTokenizer cased = new WordPieceTokenizer(tok.vocabulary(), false, "cased");
        assertEquals(List.of("[UNK]", "rhythm"), cased.tokenize("Sinus rhythm"));
    }

    @Test
    void cleansWhitespaceControlsAndAccents() {
        assertEquals(List.of("sinus", "rhythm"), tok.tokenize("  Sínus\t\u0000\u200brhythm\r\n"));
        assertEquals(List.of(), tok.tokenize(" \n\t "));
        // special tokens in the text are kept whole; "[mask]" is not one, so it splits into "[", "mask", "]",
        // none of which this vocabulary holds
        assertEquals(List.of("[MASK]", "rhythm", "[UNK]", "[UNK]", "[UNK]"), tok.tokenize("[MASK] rhythm [mask]"));
    }

    @Test
    void wordsOverOneHundredCharactersAreUnknown() {
        String hundred = "a".repeat(WordPieceTokenizer.MAX_WORD_CHARS);
        List<String> pieces = tok.tokenize(hundred);
        assertEquals(100, pieces.size());
        assertEquals("a", pieces.get(0));
        assertEquals("##a", pieces.get(99));
        assertEquals(List.of("[UNK]"), tok.tokenize(hundred + "a"));
    }

    @Test
    void encodesWithClsSepPaddingAndTruncation() {
        WordPieceTokenizer.Encoding padded = tok.encode("Sinus rhythm", 6);
        assertArrayEquals(new int[] {2, 8, 9, 3, 0, 0}, padded.ids());
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 0}, padded.attentionMask());
        assertEquals(4, padded.length());
        assertFalse(padded.truncated());

        WordPieceTokenizer.Encoding cut = tok.encode("sinus rhythm. left axis deviation", 6);
        assertArrayEquals(new int[] {2, 8, 9, 5, 10, 3}, cut.ids());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, cut.attentionMask());
        assertTrue(cut.truncated());

        assertArrayEquals(new int[] {2, 3}, tok.encode("", 2).ids());
        assertThrows(IllegalArgumentException.class, () -> tok.encode("x", 1));

        WordPieceTokenizer.EncodedBatch batch = tok.encodeBatch(List.of("sinus rhythm", "blocks"), 5);
        assertArrayEquals(new int[] {2, 5}, batch.inputIds().shape());
        assertArrayEquals(new float[] {2, 8, 9, 3, 0, 2, 19, 20, 3, 0}, batch.inputIds().toArray());
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 1, 1, 1, 1, 0}, batch.attentionMask().toArray());
        assertEquals("sinus rhythm . blocks", tok.decode(new int[] {2, 8, 9, 5, 19, 20, 3, 0}));
    }

    @Test
    void writeVocabRoundTrips(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("vocab.txt");
        tok.writeVocab(out);
        assertEquals(Files.readAllLines(BertParityTest.resource("vocab_small.txt").toAbsolutePath()),
                Files.readAllLines(out));
        assertEquals(tok.vocabulary(), WordPieceTokenizer.fromVocabFile(out).vocabulary());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void acceptsCrlfAndByteOrderMark(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("vocab.txt");
        Files.write(f, ("\uFEFF" + String.join("\r\n", WordPieceTokenizer.SPECIAL_TOKENS) + "\r\nhello\r\n")
                .getBytes(StandardCharsets.UTF_8));
        WordPieceTokenizer t = WordPieceTokenizer.fromVocabFile(f);
        assertEquals(0, t.id("[PAD]"));
        assertEquals(5, t.id("hello"));
        assertEquals(6, t.vocabSize());
    }

    @Test
    void malformedVocabFilesNameFileAndLine(@TempDir Path dir) throws IOException {
        String specials = String.join("\n", WordPieceTokenizer.SPECIAL_TOKENS) + "\n";
        assertVocabError(dir, specials + "heart\nrate\nheart\n", "line 8: token 'heart' repeats line 6");
        assertVocabError(dir, specials + "heart\n\nrate\n", "line 7: empty line");
        assertVocabError(dir, specials + "heart rate\n", "line 6: token 'heart rate' contains whitespace");
        assertVocabError(dir, "[PAD]\n[UNK]\n[CLS]\nheart\n", "lacks the special token(s) [[SEP], [MASK]]");
        assertVocabError(dir, "", "empty vocabulary file");
        Path bad = dir.resolve("bad.txt");
        byte[] text = (specials + "ok\n").getBytes(StandardCharsets.UTF_8);
        byte[] withInvalid = java.util.Arrays.copyOf(text, text.length + 2);
        withInvalid[text.length] = (byte) 0xC3;
        withInvalid[text.length + 1] = (byte) '\n';
        Files.write(bad, withInvalid);
        IOException e = assertThrows(IOException.class, () -> WordPieceTokenizer.fromVocabFile(bad));
        assertTrue(e.getMessage().contains(bad + " line 7: not valid UTF-8"), e.getMessage());
    }

    private static void assertVocabError(Path dir, String content, String expected) throws IOException {
        Path f = dir.resolve("vocab.txt");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        Exception e = assertThrows(Exception.class, () -> WordPieceTokenizer.fromVocabFile(f));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
