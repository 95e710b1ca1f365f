package org.cardiograd.ecg.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * BERT's pre-tokenization ("BasicTokenizer" in the original BERT code and in HuggingFace): drop control
 * characters, NUL and U+FFFD; treat every Unicode space as a space; put spaces around CJK ideographs; split on
 * whitespace; optionally lower-case and strip accents (NFD, combining marks removed); then split off every
 * punctuation character (ASCII symbols and Unicode category P*) as a word of its own. Words listed as never
 * split (the special tokens, such as "[MASK]") pass through unchanged.
 */
final class BasicTokenizer {
    private final boolean lowerCase;
    private final Set<String> neverSplit;

    BasicTokenizer(boolean lowerCase, Set<String> neverSplit) {
        this.lowerCase = lowerCase;
        this.neverSplit = neverSplit;
    }

    List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String word : clean(text).trim().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (neverSplit.contains(word)) {
                out.add(word);
                continue;
            }
            if (lowerCase) {
                word = stripAccents(word.toLowerCase(Locale.ROOT));
            }
            splitOnPunctuation(word, out);
        }
        return out;
    }

    /** Control characters removed, whitespace made ' ', CJK ideographs surrounded by spaces. */
    private static String clean(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            if (isWhitespace(cp)) {
                sb.append(' ');
            } else if (isCjk(cp)) {
                sb.append(' ').appendCodePoint(cp).append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static String stripAccents(String word) {
        String nfd = Normalizer.normalize(word, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(nfd.length());
        nfd.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    private static void splitOnPunctuation(String word, List<String> out) {
        StringBuilder current = new StringBuilder();
        word.codePoints().forEach(cp -> {
            if (isPunctuation(cp)) {
                if (current.length() > 0) {
                    out.add(current.toString());
                    current.setLength(0);
                }
                out.add(new String(Character.toChars(cp)));
            } else {
                current.appendCodePoint(cp);
            }
        });
        if (current.length() > 0) {
            out.add(current.toString());
        }
    }

    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    /** Categories Cc and Cf, except tab, newline and carriage return (which count as whitespace). */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT;
    }

    /** ASCII non-letter, non-digit symbols count as punctuation (BERT's rule, so "$" and "^" split too). */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION: case Character.DASH_PUNCTUATION: case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION: case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION: case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    /** The CJK Unified Ideographs blocks, as BERT defines them (not Hangul or kana). */
    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
