package org.cardiograd.ecg.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Tensor;

/**
 * BERT's tokenizer: {@link BasicTokenizer} pre-tokenization, then WordPiece: each word is split greedily into
 * the longest vocabulary entries from the left, pieces after the first written with a "##" prefix; a word that
 * cannot be split completely, or is longer than {@value #MAX_WORD_CHARS} characters, becomes [UNK]. The
 * vocabulary is a HuggingFace {@code vocab.txt} ({@link #fromVocabFile}) or trained on a corpus ({@link #train}).
 * Encodings are [CLS] pieces [SEP] [PAD]..., truncated to a fixed length. Immutable, so data-loading threads
 * can share one.
 */
public final class WordPieceTokenizer {
    public static final String PAD = "[PAD]";
    public static final String UNK = "[UNK]";
    public static final String CLS = "[CLS]";
    public static final String SEP = "[SEP]";
    public static final String MASK = "[MASK]";
    /** The special tokens every vocabulary must hold; a trained vocabulary starts with them, in this order. */
    public static final List<String> SPECIAL_TOKENS = List.of(PAD, UNK, CLS, SEP, MASK);
    /** Words longer than this become [UNK] without being split (BERT's max_input_chars_per_word). */
    public static final int MAX_WORD_CHARS = 100;
    static final String CONTINUATION = "##";

    private final List<String> vocab;
    private final Map<String, Integer> ids;
    private final boolean lowerCase;
    private final BasicTokenizer basic;
    private final int pad;
    private final int unk;
    private final int cls;
    private final int sep;
    private final int mask;

    /**
     * A tokenizer over {@code vocab} (id = position). Tokens must be distinct, non-empty, without whitespace,
     * and include the five special tokens. {@code source} names where the vocabulary came from, for messages.
     */
    WordPieceTokenizer(List<String> vocab, boolean lowerCase, String source) {
        this.vocab = List.copyOf(vocab);
        this.ids = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            Integer before = ids.putIfAbsent(vocab.get(i), i);
            if (before != null) {
                throw new IllegalArgumentException(source + ": token '" + vocab.get(i) + "' at id " + i
                        + " repeats id " + before);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String s : SPECIAL_TOKENS) {
            if (!ids.containsKey(s)) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + ": vocabulary lacks the special token(s) " + missing);
        }
        this.lowerCase = lowerCase;
        this.basic = new BasicTokenizer(lowerCase, new LinkedHashSet<>(SPECIAL_TOKENS));
        this.pad = ids.get(PAD);
        this.unk = ids.get(UNK);
        this.cls = ids.get(CLS);
        this.sep = ids.get(SEP);
        this.mask = ids.get(MASK);
    }

    /**
     * Reads a HuggingFace {@code vocab.txt} (UTF-8, one token per line, id = line number - 1) for an uncased
     * model (text is lower-cased and accents stripped, as bert-base-uncased expects).
     */
    public static WordPieceTokenizer fromVocabFile(Path vocabTxt) throws IOException {
        return fromVocabFile(vocabTxt, true);
    }

    /** As {@link #fromVocabFile(Path)}; lowerCase false for cased models. */
    public static WordPieceTokenizer fromVocabFile(Path vocabTxt, boolean lowerCase) throws IOException {
        return new WordPieceTokenizer(VocabFile.read(vocabTxt), lowerCase, vocabTxt.toString());
    }

    /**
     * Learns a vocabulary of at most {@code vocabSize} tokens from a corpus (see {@link WordPieceTrainer}):
     * the special tokens, every character seen, then merged pieces made from pairs that occur at least
     * {@code minFrequency} times, most frequent first. Deterministic: the same corpus gives the same vocabulary.
     */
    public static WordPieceTokenizer train(Iterable<String> corpus, int vocabSize, int minFrequency, boolean lowerCase) {
        BasicTokenizer pre = new BasicTokenizer(lowerCase, new LinkedHashSet<>(SPECIAL_TOKENS));
        List<String> vocab = WordPieceTrainer.train(corpus, pre, vocabSize, minFrequency);
        return new WordPieceTokenizer(vocab, lowerCase, "trained vocabulary");
    }

    /** Trains a lower-casing tokenizer, keeping pieces that occur at least twice. */
    public static WordPieceTokenizer train(Iterable<String> corpus, int vocabSize) {
        return train(corpus, vocabSize, 2, true);
    }

    /** Writes the vocabulary as a {@code vocab.txt} (atomically: a temporary file renamed into place). */
    public void writeVocab(Path path) throws IOException {
        VocabFile.write(path, vocab);
    }

    // ---- tokenizing -----------------------------------------------------------------------------------

    /** The WordPiece tokens of a text, without [CLS]/[SEP]. */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String word : basic.tokenize(text)) {
            wordPieces(word, out);
        }
        return out;
    }

    /** Greedy longest-match-first split of one word, appended to out; [UNK] if any part has no match. */
    private void wordPieces(String word, List<String> out) {
        if (SPECIAL_TOKENS.contains(word)) {
            out.add(word);
            return;
        }
        int[] cps = word.codePoints().toArray();
        if (cps.length > MAX_WORD_CHARS) {
            out.add(UNK);
            return;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            String match = null;
            int end = cps.length;
            for (; end > start; end--) {
                String piece = (start > 0 ? CONTINUATION : "") + new String(cps, start, end - start);
                if (ids.containsKey(piece)) {
                    match = piece;
                    break;
                }
            }
            if (match == null) {
                out.add(UNK);
                return;
            }
            pieces.add(match);
            start = end;
        }
        out.addAll(pieces);
    }

    /** Token ids of a text: [CLS], pieces (as many as fit), [SEP], then [PAD] up to maxLength. */
    public Encoding encode(String text, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("encode: maxLength must be >= 2 (room for [CLS] and [SEP]), got "
                    + maxLength);
        }
        List<String> pieces = tokenize(text);
        int kept = Math.min(pieces.size(), maxLength - 2);
        int[] tokenIds = new int[maxLength];
        int[] attention = new int[maxLength];
        Arrays.fill(tokenIds, pad);
        tokenIds[0] = cls;
        for (int i = 0; i < kept; i++) {
            tokenIds[1 + i] = ids.get(pieces.get(i));
        }
        tokenIds[kept + 1] = sep;
        Arrays.fill(attention, 0, kept + 2, 1);
        return new Encoding(tokenIds, attention, kept + 2, pieces.size() > kept);
    }

    /**
     * Encodes texts into the model's inputs: ids [B, maxLength] (integer-valued floats) and the attention mask
     * [B, maxLength] (1 = token, 0 = padding).
     */
    public EncodedBatch encodeBatch(List<String> texts, int maxLength) {
        return encodeBatch(Backends.current(), texts, maxLength);
    }

    /** As {@link #encodeBatch(List, int)}, the tensors on a given backend (the CPU for a host-side MLM masking). */
    public EncodedBatch encodeBatch(Backend backend, List<String> texts, int maxLength) {
        int b = texts.size();
        float[] tokenIds = new float[b * maxLength];
        float[] attention = new float[b * maxLength];
        for (int i = 0; i < b; i++) {
            Encoding e = encode(texts.get(i), maxLength);
            for (int t = 0; t < maxLength; t++) {
                tokenIds[i * maxLength + t] = e.ids()[t];
                attention[i * maxLength + t] = e.attentionMask()[t];
            }
        }
        return new EncodedBatch(Tensor.fromArray(backend, tokenIds, b, maxLength),
                Tensor.fromArray(backend, attention, b, maxLength));
    }

    /** The text of ids with special tokens left out and "##" pieces joined to their word. */
    public String decode(int[] tokenIds) {
        StringBuilder sb = new StringBuilder();
        for (int id : tokenIds) {
            String token = token(id);
            if (id == pad || id == cls || id == sep) {
                continue;
            }
            if (token.startsWith(CONTINUATION) && sb.length() > 0) {
                sb.append(token, CONTINUATION.length(), token.length());
            } else {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(token);
            }
        }
        return sb.toString();
    }

    // ---- vocabulary -----------------------------------------------------------------------------------

    public int vocabSize() {
        return vocab.size();
    }

    /** The id of a token, or -1 if it is not in the vocabulary. */
    public int id(String token) {
        return ids.getOrDefault(token, -1);
    }

    public String token(int id) {
        if (id < 0 || id >= vocab.size()) {
            throw new IllegalArgumentException("token id " + id + " outside the vocabulary [0, " + vocab.size() + ")");
        }
        return vocab.get(id);
    }

    public List<String> vocabulary() {
        return Collections.unmodifiableList(vocab);
    }

    public boolean lowerCase() {
        return lowerCase;
    }

    public int padId() {
        return pad;
    }

    public int unkId() {
        return unk;
    }

    public int clsId() {
        return cls;
    }

    public int sepId() {
        return sep;
    }

    public int maskId() {
        return mask;
    }

    /** The ids of the five special tokens. */
    public Set<Integer> specialIds() {
        return Set.of(pad, unk, cls, sep, mask);
    }

    /**
     * One encoded text.
     *
     * @param ids           token ids, [CLS] first, padded with [PAD]
     * @param attentionMask 1 for [CLS], the pieces and [SEP]; 0 for padding
     * @param length        number of non-padding tokens
     * @param truncated     whether pieces were dropped to fit
     */
    public record Encoding(int[] ids, int[] attentionMask, int length, boolean truncated) {
    }

    /** A batch of encoded texts: ids and attention mask, both [B, T]. */
    public record EncodedBatch(Tensor inputIds, Tensor attentionMask) {
    }
}
