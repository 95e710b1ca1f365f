package org.cardiograd.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    private static Json.JsonException error(String text) {
        return assertThrows(Json.JsonException.class, () -> Json.parse(text), text);
    }

    @Test
    void parsesAllValueKinds() throws Exception {
        Object v = Json.parse(" {\"a\": [1, -2.5e+3, 0, true, false, null, \"s\", {}, []], \"b\" : {\"c\":\"d\"}}\n ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b"), List.copyOf(m.keySet()));
        List<?> a = (List<?>) m.get("a");
        assertEquals(new Json.JsonNumber("1"), a.get(0));
        assertEquals(new Json.JsonNumber("-2.5e+3"), a.get(1));
        assertEquals(Boolean.TRUE, a.get(3));
        assertEquals(Boolean.FALSE, a.get(4));
        assertSame(Json.NULL, a.get(5));
        assertEquals("s", a.get(6));
        assertEquals(Map.of(), a.get(7));
        assertEquals(List.of(), a.get(8));
        assertEquals(Map.of("c", "d"), m.get("b"));
    }

    @Test
    void decodesEveryEscape() throws Exception {
        assertEquals("\"\\/\b\f\n\r\t\u0000\u00e9\u20ac\uD83D\uDE00",
                Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u00E9\\u20ac\\ud83d\\uDE00\""));
        assertEquals("\u6743\u91cd", Json.parse("\"\u6743\u91cd\"")); // raw non-ASCII passes through
    }

    @Test
    void rejectsBadStrings() {
        assertTrue(error("\"a\nb\"").getMessage().contains("unescaped control character U+000A"));
        assertTrue(error("\"abc").getMessage().contains("unterminated string"));
        assertTrue(error("\"\\x\"").getMessage().contains("invalid escape"));
        assertTrue(error("\"\\u12g4\"").getMessage().contains("hex digits"));
        assertTrue(error("\"\\u12\"").getMessage().contains("hex digits"));
        assertTrue(error("\"\\u\uFF11234\"").getMessage().contains("hex digits")); // fullwidth digit
        assertTrue(error("\"\\udc00\"").getMessage().contains("lone low surrogate"));
        assertTrue(error("\"\\ud800\"").getMessage().contains("high surrogate"));
        assertTrue(error("\"\\ud800\\u0041\"").getMessage().contains("high surrogate"));
        assertTrue(error("\"\\").getMessage().contains("unterminated"));
    }

    @Test
    void rejectsBadNumbersAndLiterals() {
        for (String bad : new String[] {"01", "-", "+1", "1.", ".5", "1e", "1e+", "--1", "0x10", "NaN", "Infinity",
                "tru", "nul", "True"}) {
            error(bad);
        }
    }

    @Test
    void rejectsStructuralErrors() {
        assertEquals(3, error("[1,]").position);
        assertEquals(7, error("{\"a\":1,}").position);
        assertEquals(5, error("{\"a\" 1}").position);
        assertEquals(1, error("{'a':1}").position);
        assertEquals(3, error("{} {}").position);
        assertEquals(3, error("[1 2]").position);
        assertEquals(0, error("").position);
        assertEquals(2, error("[ /* c */ 1]").position);
        assertTrue(error("{\"a\":1,\"a\":2}").getMessage().contains("duplicate key \"a\""));
        assertEquals(7, error("{\"a\":1,\"a\":2}").position);
    }

    @Test
    void limitsNesting() throws Exception {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        Json.parse(ok);
        String deep = "[".repeat(100_000);
        assertTrue(error(deep).getMessage().contains("nesting deeper than"));
    }

    @Test
    void integerConversionIsStrict() {
        assertEquals(0, new Json.JsonNumber("0").asNonNegativeLong());
        assertEquals(Long.MAX_VALUE, new Json.JsonNumber("9223372036854775807").asNonNegativeLong());
        assertEquals(-1, new Json.JsonNumber("9223372036854775808").asNonNegativeLong());
        assertEquals(-1, new Json.JsonNumber("99999999999999999999").asNonNegativeLong());
        assertEquals(-1, new Json.JsonNumber("-1").asNonNegativeLong());
        assertEquals(-1, new Json.JsonNumber("1.0").asNonNegativeLong());
        assertEquals(-1, new Json.JsonNumber("1e3").asNonNegativeLong());
    }
}
