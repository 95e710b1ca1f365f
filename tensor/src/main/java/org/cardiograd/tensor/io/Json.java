package org.cardiograd.tensor.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser (RFC 8259) for safetensors headers (and other small JSON files, e.g. HuggingFace's
 * config.json). Values come back as
 * {@code LinkedHashMap<String, Object>} (key order kept), {@code List<Object>}, {@code String},
 * {@link JsonNumber} (the number's text, converted only when a caller asks), {@code Boolean} and {@link #NULL}.
 *
 * <p>Strict means: no comments, no trailing commas, no single quotes, no leading zeros or '+' signs, no
 * unescaped control characters in strings, no lone surrogates in {@code \\u} escapes, no duplicate keys, and
 * nothing but whitespace after the top-level value. Nesting is limited to {@value #MAX_DEPTH} levels so a
 * hostile header cannot overflow the stack. The parser runs in linear time.
 */
public final class Json {
    /** JSON {@code null} (Java null would be confused with "key absent"). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    static final int MAX_DEPTH = 128;

    /** A JSON number, kept as its source text. */
    public record JsonNumber(String text) {
        /** The value when it is a plain non-negative integer that fits a long, else -1. */
        long asNonNegativeLong() {
            if (text.isEmpty() || text.length() > 19 || text.charAt(0) == '-') {
                return -1;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1; // fraction or exponent: not an integer literal
                }
            }
            long v = 0;
            for (int i = 0; i < text.length(); i++) {
                v = v * 10 + (text.charAt(i) - '0');
                if (v < 0) {
                    return -1; // 19 digits beyond Long.MAX_VALUE
                }
            }
            return v;
        }
    }

    /** A syntax error at a character index of the parsed text. */
    public static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;
        final int position;

        JsonException(String message, int position) {
            super(message);
            this.position = position;
        }
    }

    private final String s;
    private int pos;
    private int depth;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one JSON value followed only by whitespace. */
    public static Object parse(String text) throws JsonException {
        Json p = new Json(text);
        p.skipWhitespace();
        Object value = p.value();
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.found() + " after the end of the JSON value");
        }
        return value;
    }

    private Object value() throws JsonException {
        if (pos >= s.length()) {
            throw error("expected a value but found the end of the header");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("expected a value but found " + found());
        }
    }

    private Map<String, Object> object() throws JsonException {
        enter();
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            if (peek() != '"') {
                throw error("expected a string key but found " + found());
            }
            int keyPos = pos;
            String key = string();
            skipWhitespace();
            expect(':', "after object key");
            skipWhitespace();
            Object v = value();
            if (map.containsKey(key)) {
                throw new JsonException("duplicate key \"" + printable(key) + "\"", keyPos);
            }
            map.put(key, v);
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                skipWhitespace();
            } else if (peek() == '}') {
                pos++;
                depth--;
                return map;
            } else {
                throw error("expected ',' or '}' in object but found " + found());
            }
        }
    }

    private List<Object> array() throws JsonException {
        enter();
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            list.add(value());
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                skipWhitespace();
            } else if (peek() == ']') {
                pos++;
                depth--;
                return list;
            } else {
                throw error("expected ',' or ']' in array but found " + found());
            }
        }
    }

    private String string() throws JsonException {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw new JsonException("unterminated string", start);
            }
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("unescaped control character " + found() + " in string");
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            pos++;
            if (pos >= s.length()) {
                throw new JsonException("unterminated string", start);
            }
            char e = s.charAt(pos);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    sb.append(unicodeEscape());
                    continue; // unicodeEscape advanced pos
                default:
                    throw error("invalid escape '\\" + printable(String.valueOf(e)) + "' in string");
            }
            pos++;
        }
    }

    /** At the 'u' of a \\u escape: decodes it (and the low half of a surrogate pair), leaves pos after it. */
    private String unicodeEscape() throws JsonException {
        int escapeStart = pos - 1;
        char high = hex4();
        if (Character.isLowSurrogate(high)) {
            throw new JsonException("lone low surrogate \\u" + hex(high) + " in string", escapeStart);
        }
        if (!Character.isHighSurrogate(high)) {
            return String.valueOf(high);
        }
        if (pos + 1 < s.length() && s.charAt(pos) == '\\' && s.charAt(pos + 1) == 'u') {
            pos++;
            char low = hex4();
            if (Character.isLowSurrogate(low)) {
                return new String(new char[] {high, low});
            }
        }
        throw new JsonException("high surrogate \\u" + hex(high) + " not followed by a low surrogate escape",
                escapeStart);
    }

    /** At the 'u': reads 'u' and four hex digits. */
    private char hex4() throws JsonException {
        pos++; // 'u'
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = pos < s.length() ? hexValue(s.charAt(pos)) : -1;
            if (d < 0) {
                throw error("expected 4 hex digits in \\u escape but found " + found());
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    private JsonNumber number() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in number");
            }
        } else {
            digits("in number");
        }
        if (peek() == '.') {
            pos++;
            digits("after decimal point");
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits("in exponent");
        }
        return new JsonNumber(s.substring(start, pos));
    }

    private void digits(String where) throws JsonException {
        if (!isDigit(peek())) {
            throw error("expected a digit " + where + " but found " + found());
        }
        while (isDigit(peek())) {
            pos++;
        }
    }

    private Object literal(String word, Object value) throws JsonException {
        if (!s.startsWith(word, pos)) {
            throw error("expected a value but found " + found());
        }
        pos += word.length();
        return value;
    }

    private void enter() throws JsonException {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void expect(char c, String where) throws JsonException {
        if (peek() != c) {
            throw error("expected '" + c + "' " + where + " but found " + found());
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The current character, or -1 at the end. */
    private int peek() {
        return pos < s.length() ? s.charAt(pos) : -1;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private String found() {
        if (pos >= s.length()) {
            return "the end of the header";
        }
        char c = s.charAt(pos);
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : "U+" + hex(c);
    }

    private JsonException error(String message) {
        return new JsonException(message, pos);
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    /** The string with control characters shown as escapes, for error messages. */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append("\\u").append(hex(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
