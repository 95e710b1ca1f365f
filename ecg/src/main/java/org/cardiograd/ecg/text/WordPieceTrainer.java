package org.cardiograd.ecg.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Learns a WordPiece vocabulary by byte-pair-style merging (the procedure HuggingFace's WordPiece trainer also
 * uses): words are pre-tokenized and counted; each word starts as its characters, the first plain and the rest
 * as "##c" continuations; then, repeatedly, the adjacent pair of pieces with the highest corpus count is merged
 * into one piece ("th" + "##e" = "the", "##a" + "##b" = "##ab") and the result added to the vocabulary, until
 * the vocabulary is full or no pair occurs {@code minFrequency} times. Ties go to the alphabetically first pair,
 * so the result depends only on the corpus.
 *
 * <p>Pair counts are kept up to date incrementally (only words containing the merged pair are recounted), so
 * training costs about the corpus's unique words times the merges that touch them.
 */
final class WordPieceTrainer {
    private final List<String[]> words = new ArrayList<>();
    private final List<Long> wordCounts = new ArrayList<>();
    private final Map<Pair, Long> pairCounts = new HashMap<>();
    private final Map<Pair, Set<Integer>> pairWords = new HashMap<>();
    private final TreeSet<Ranked> ranking = new TreeSet<>();

    private WordPieceTrainer() {}

    static List<String> train(Iterable<String> corpus, BasicTokenizer pre, int vocabSize, int minFrequency) {
        int specials = WordPieceTokenizer.SPECIAL_TOKENS.size();
        if (vocabSize < specials) {
            throw new IllegalArgumentException("train: vocabSize " + vocabSize + " is smaller than the " + specials
                    + " special tokens");
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("train: minFrequency must be >= 1, got " + minFrequency);
        }
        TreeMap<String, Long> counts = new TreeMap<>();
        for (String text : corpus) {
            for (String word : pre.tokenize(text)) {
                if (!WordPieceTokenizer.SPECIAL_TOKENS.contains(word)) {
                    counts.merge(word, 1L, Long::sum);
                }
            }
        }
        WordPieceTrainer t = new WordPieceTrainer();
        TreeSet<String> alphabet = new TreeSet<>();
        counts.forEach((word, count) -> {
            String[] pieces = characters(word);
            alphabet.addAll(List.of(pieces));
            t.words.add(pieces);
            t.wordCounts.add(count);
        });
        if (specials + alphabet.size() > vocabSize) {
            throw new IllegalArgumentException("train: vocabSize " + vocabSize + " cannot hold the " + specials
                    + " special tokens and the corpus's " + alphabet.size() + " distinct character pieces");
        }
        LinkedHashSet<String> vocab = new LinkedHashSet<>(WordPieceTokenizer.SPECIAL_TOKENS);
        vocab.addAll(alphabet);
        for (int w = 0; w < t.words.size(); w++) {
            t.count(w, +1);
        }
        while (vocab.size() < vocabSize && !t.ranking.isEmpty()) {
            Ranked best = t.ranking.first();
            if (best.count < minFrequency) {
                break;
            }
            vocab.add(t.merge(best.pair));
        }
        return new ArrayList<>(vocab);
    }

    /** "word" to ["w", "##o", "##r", "##d"] (by code point). */
    private static String[] characters(String word) {
        int[] cps = word.codePoints().toArray();
        String[] out = new String[cps.length];
        for (int i = 0; i < cps.length; i++) {
            out[i] = (i > 0 ? WordPieceTokenizer.CONTINUATION : "") + new String(cps, i, 1);
        }
        return out;
    }

    /** Merges every occurrence of the pair; returns the merged piece. */
    private String merge(Pair pair) {
        String merged = pair.left + pair.right.substring(WordPieceTokenizer.CONTINUATION.length());
        for (int w : new ArrayList<>(pairWords.getOrDefault(pair, Set.of()))) {
            String[] pieces = words.get(w);
            count(w, -1);
            List<String> out = new ArrayList<>(pieces.length);
            for (int i = 0; i < pieces.length; i++) {
                if (i + 1 < pieces.length && pieces[i].equals(pair.left) && pieces[i + 1].equals(pair.right)) {
                    out.add(merged);
                    i++;
                } else {
                    out.add(pieces[i]);
                }
            }
            words.set(w, out.toArray(new String[0]));
            count(w, +1);
        }
        pairWords.remove(pair);
        return merged;
    }

    /** Adds (sign +1) or removes (-1) word w's adjacent pairs from the counts. */
    private void count(int w, int sign) {
        String[] pieces = words.get(w);
        long n = wordCounts.get(w);
        for (int i = 0; i + 1 < pieces.length; i++) {
            Pair p = new Pair(pieces[i], pieces[i + 1]);
            long before = pairCounts.getOrDefault(p, 0L);
            long after = before + sign * n;
            if (before > 0) {
                ranking.remove(new Ranked(before, p));
            }
            if (after > 0) {
                pairCounts.put(p, after);
                ranking.add(new Ranked(after, p));
            } else {
                pairCounts.remove(p);
            }
            if (sign > 0) {
                pairWords.computeIfAbsent(p, k -> new HashSet<>()).add(w);
            }
        }
    }

    private record Pair(String left, String right) {
    }

    /** A pair with its count, ordered most frequent first, then alphabetically. */
    private record Ranked(long count, Pair pair) implements Comparable<Ranked> {
        @Override
        public int compareTo(Ranked o) {
            if (count != o.count) {
                return Long.compare(o.count, count);
            }
            int c = pair.left.compareTo(o.pair.left);
            return c != 0 ? c : pair.right.compareTo(o.pair.right);
        }
    }
}
