package org.cardiograd.ecg.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses PTB-XL's {@code scp_codes} column, a Python dict literal mapping statement codes to likelihoods,
 * e.g. {@code {'NORM': 100.0, 'SR': 0.0}} or {@code {}}. Keys are quoted with ' or "; values are numbers.
 */
final class ScpCodes {
    private final String text;
    private int at;

    private ScpCodes(String text) {
        this.text = text;
    }

    /** The codes in written order with their likelihoods; {@code row} is named in messages. */
    static Map<String, Double> parse(String text, CsvTable.Row row) throws EcgFormatException {
        try {
            return new ScpCodes(text).dict();
        } catch (IllegalArgumentException e) {
            throw row.error("scp_codes " + WfdbHeaderParser.quote(text) + ": " + e.getMessage()
                    + "; expected a dict such as {'NORM': 100.0, 'SR': 0.0}");
        }
    }

    private Map<String, Double> dict() {
        Map<String, Double> codes = new LinkedHashMap<>();
        expect('{');
        if (peek() != '}') {
            while (true) {
                String key = string();
                expect(':');
                double value = number();
                if (codes.put(key, value) != null) {
                    throw new IllegalArgumentException("code '" + key + "' appears twice");
                }
                if (peek() == ',') {
                    at++;
                    if (peek() == '}') {
                        break;
                    }
                    continue;
                }
                break;
            }
        }
        expect('}');
        if (peek() != 0) {
            throw new IllegalArgumentException("unexpected text after '}' at character " + (at + 1));
        }
        return codes;
    }

    private String string() {
        char quote = peek();
        if (quote != '\'' && quote != '"') {
            throw new IllegalArgumentException("expected a quoted code at character " + (at + 1));
        }
        int start = ++at;
        while (at < text.length() && text.charAt(at) != quote) {
            if (text.charAt(at) == '\\') {
                throw new IllegalArgumentException("escapes are not expected in codes (character " + (at + 1) + ")");
            }
            at++;
        }
        if (at >= text.length()) {
            throw new IllegalArgumentException("unclosed quote");
        }
        return text.substring(start, at++);
    }

    private double number() {
        peek();
        int start = at;
        while (at < text.length() && "+-.0123456789eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        try {
            double value = Double.parseDouble(text.substring(start, at));
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a number at character " + (start + 1));
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at character " + (at + 1));
        }
        at++;
    }

    /** The next non-blank character (0 at the end), skipping blanks. */
    private char peek() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at < text.length() ? text.charAt(at) : 0;
    }
}
