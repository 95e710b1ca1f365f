package org.cardiograd.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * Reads fixtures written by tensor/src/test/python/make_safetensors_fixtures.py (numpy + struct, independent of
 * the Java writer) and compares with the values numpy computed, bit for bit.
 */
class SafeTensorsFixtureTest {

    /** One line "tensor ..." of an .expected.txt file. */
    private record Expected(String name, String dtype, int[] shape, float[] floats, long[] longs) {}

    @Test
    void readsEveryDtypeExactlyLikeNumpy() throws Exception {
        checkFixture("dtypes", new CpuBackend(2));
    }

    @Test
    void readsOntoTheReferenceBackendToo() throws Exception {
        checkFixture("dtypes", new ReferenceBackend());
    }

    @Test
    void readsHeaderWithEscapesUnicodeIndentationAndPadding() throws Exception {
        checkFixture("header_edge", new CpuBackend(1));
    }

    @Test
    void headerEdgeNamesDecodeToTheExpectedStrings() throws Exception {
        try (SafeTensorsFile f = SafeTensors.read(resource("header_edge.safetensors"))) {
            assertTrue(f.contains("quote\"back\\slash/solidus"));
            assertTrue(f.contains("tab\tnewline\ncontrol\u0001"));
            assertTrue(f.contains("gr\u00fc\u00dfe.\u6743\u91cd"));
            assertTrue(f.contains("emoji.\uD83D\uDE00.weight"));
            assertEquals("line1\nline2\t\"q\"\\", f.metadata().get("escapes"));
        }
    }

    @Test
    void u64AboveLongRangeIsRejected() throws Exception {
        // not in the numpy fixture: crafted, 2^64-1 as U64
        Path p = Crafted.file(Files.createTempDirectory("st"), "big.safetensors",
                "{\"x\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
        try (SafeTensorsFile f = SafeTensors.read(p)) {
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> f.longs("x"));
            assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("18446744073709551615"),
                    e.getMessage());
        }
    }

    private static void checkFixture(String name, Backend backend) throws Exception {
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Expected> expected = new ArrayList<>();
        parseExpected(resource(name + ".expected.txt"), metadata, expected);
        try (SafeTensorsFile f = SafeTensors.read(resource(name + ".safetensors"))) {
            assertEquals(metadata, f.metadata());
            List<String> names = new ArrayList<>();
            for (Expected e : expected) {
                names.add(e.name);
            }
            assertEquals(names, f.names(), "header order");
            for (Expected e : expected) {
                assertEquals(e.dtype, f.dtype(e.name).name(), e.name);
                assertArrayEquals(e.shape, f.shape(e.name), e.name);
                if (e.floats == null) {
                    SafeTensorsException ex = assertThrows(SafeTensorsException.class, () -> f.tensor(e.name, backend));
                    assertTrue(ex.getMessage().contains("'" + e.name + "'"), ex.getMessage());
                } else {
                    Tensor t = f.tensor(e.name, backend);
                    assertEquals(backend, t.backend());
                    assertArrayEquals(e.shape, t.shape(), e.name);
                    assertBitsEqual(e.name, e.floats, t.toArray());
                }
                if (e.longs == null) {
                    assertThrows(SafeTensorsException.class, () -> f.longs(e.name));
                } else {
                    assertArrayEquals(e.longs, f.longs(e.name), e.name);
                }
            }
        }
    }

    private static void assertBitsEqual(String name, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, name);
        for (int k = 0; k < expected.length; k++) {
            int i = k;
            int want = Float.floatToRawIntBits(expected[i]);
            int got = Float.floatToRawIntBits(actual[i]);
            assertEquals(want, got, () -> name + "[" + i + "]: expected bits " + Integer.toHexString(want)
                    + " got " + Integer.toHexString(got));
        }
    }

    private static void parseExpected(Path file, Map<String, String> metadata, List<Expected> tensors)
            throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] f = line.split(" ");
            if (f[0].equals("meta")) {
                metadata.put(utf8(f[1]), utf8(f[2]));
                continue;
            }
            int[] shape = f[3].equals("_") ? new int[0] : parseInts(f[3]);
            float[] floats = null;
            if (f[4].equals("_")) {
                floats = new float[0];
            } else if (!f[4].equals("!")) {
                String[] hex = f[4].split(",");
                floats = new float[hex.length];
                for (int i = 0; i < hex.length; i++) {
                    floats[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(hex[i], 16));
                }
            }
            long[] longs = null;
            if (f[5].equals("_")) {
                longs = new long[0];
            } else if (!f[5].equals("!")) {
                String[] dec = f[5].split(",");
                longs = new long[dec.length];
                for (int i = 0; i < dec.length; i++) {
                    longs[i] = Long.parseLong(dec[i]);
                }
            }
            tensors.add(new Expected(utf8(f[1]), f[2], shape, floats, longs));
        }
    }

    private static int[] parseInts(String csv) {
        String[] parts = csv.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }

    private static String utf8(String hex) {
        return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(SafeTensorsFixtureTest.class.getResource("/safetensors/" + name).toURI());
    }
}
