package org.cardiograd.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsRoundTripTest {
    @TempDir
    Path dir;

    private final Backend cpu = new CpuBackend(2);

    @Test
    void floatsLongsAndMetadataSurviveARoundTrip() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        float[] w = randomFloats(rnd, 3 * 17);
        w[0] = Float.NaN;
        w[1] = Float.NEGATIVE_INFINITY;
        w[2] = -0.0f;
        w[3] = Float.MIN_VALUE;
        w[4] = Float.intBitsToFloat(0x7f800123); // NaN with a payload
        float[] b = randomFloats(rnd, 31);
        long[] ids = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1L << 40, 5};
        Path p = dir.resolve("model.safetensors");
        SafeTensors.writer()
                .put("encoder.blocks.0.attn.qkv.weight", Tensor.fromArray(cpu, w, 3, 17))
                .put("encoder.blocks.0.attn.qkv.bias", Tensor.fromArray(cpu, b, 31))
                .put("scalar", Tensor.fromArray(cpu, new float[] {1.5f}))
                .put("empty", Tensor.zeros(cpu, 0, 4))
                .putLongs("positions", new int[] {2, 3}, ids)
                .putLongs("no_ids", new int[] {0}, new long[0])
                .metadata("format", "pt")
                .metadata("note", "unicode \u00e9 \uD83D\uDCA1 and \"quotes\"\n")
                .write(p);

        try (SafeTensorsFile f = SafeTensors.read(p)) {
            assertEquals(Map.of("format", "pt", "note", "unicode \u00e9 \uD83D\uDCA1 and \"quotes\"\n"),
                    f.metadata());
            assertEquals(DType.F32, f.dtype("encoder.blocks.0.attn.qkv.weight"));
            assertEquals(DType.I64, f.dtype("positions"));
            assertArrayEquals(new int[] {3, 17}, f.shape("encoder.blocks.0.attn.qkv.weight"));
            assertBits(w, f.tensor("encoder.blocks.0.attn.qkv.weight", cpu).toArray());
            assertBits(b, f.tensor("encoder.blocks.0.attn.qkv.bias", cpu).toArray());
            Tensor s = f.tensor("scalar", cpu);
            assertEquals(0, s.rank());
            assertEquals(1.5f, s.item());
            assertArrayEquals(new int[] {0, 4}, f.tensor("empty", cpu).shape());
            assertArrayEquals(ids, f.longs("positions"));
            assertArrayEquals(new long[0], f.longs("no_ids"));
            assertArrayEquals(new int[] {2, 3}, f.shape("positions"));
            // an I64 with values beyond 2^24 is not silently rounded to float
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> f.tensor("positions", cpu));
            assertTrue(e.getMessage().contains("'positions'") && e.getMessage().contains("2^24"), e.getMessage());
        }
    }

    @Test
    void readAllGoesToTheRequestedBackend() throws Exception {
        Path p = dir.resolve("a.safetensors");
        float[] x = randomFloats(new SplittableRandom(3), 33);
        SafeTensors.writer().put("x", Tensor.fromArray(cpu, x, 3, 11))
                .putLongs("i", new int[] {3}, new long[] {1, 2, -3}).write(p);
        Backend ref = new ReferenceBackend();
        Map<String, Tensor> all = SafeTensors.readAll(p, ref);
        assertEquals(List.of("i", "x"), List.copyOf(all.keySet()));
        assertEquals(ref, all.get("x").backend());
        assertBits(x, all.get("x").toArray());
        assertArrayEquals(new float[] {1, 2, -3}, all.get("i").toArray());
    }

    @Test
    void layoutMatchesThePythonLibrary() throws Exception {
        Path p = dir.resolve("layout.safetensors");
        SafeTensors.writer()
                .put("b", Tensor.fromArray(cpu, new float[] {1, 2, 3}, 3))
                .put("a", Tensor.fromArray(cpu, new float[] {4, 5}, 1, 2))
                .putLongs("z", new int[] {1}, new long[] {9})
                .metadata("k2", "v2").metadata("k1", "tab\there")
                .write(p);
        byte[] bytes = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded so the data starts at a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        // __metadata__ first (keys sorted), then I64 before F32, each sorted by name; compact serde_json style
        String json = "{\"__metadata__\":{\"k1\":\"tab\\there\",\"k2\":\"v2\"},"
                + "\"z\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[8,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[16,28]}}";
        assertEquals(json + " ".repeat((int) n - json.length()), header);
        assertTrue(n - json.length() < 8);
        assertEquals(8 + n + 28, bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + n), 28).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(9L, data.getLong(0));
        assertEquals(4f, data.getFloat(8));
        assertEquals(3f, data.getFloat(24));
    }

    @Test
    void writingIsDeterministic() throws Exception {
        float[] x = randomFloats(new SplittableRandom(5), 100);
        Path p1 = dir.resolve("1.safetensors");
        Path p2 = dir.resolve("2.safetensors");
        SafeTensors.writer().put("x", Tensor.fromArray(cpu, x, 10, 10)).put("y", Tensor.fromArray(cpu, x, 100))
                .metadata("a", "1").metadata("b", "2").write(p1);
        SafeTensors.writer().metadata("b", "2").put("y", Tensor.fromArray(cpu, x, 100)).metadata("a", "1")
                .put("x", Tensor.fromArray(cpu, x, 10, 10)).write(p2);
        assertArrayEquals(Files.readAllBytes(p1), Files.readAllBytes(p2));
    }

    @Test
    void writesNonContiguousTensorsAsTheirValues() throws Exception {
        // needs the copy kernel (Tensor.toArray of a view): the writer accepts any layout
        Tensor t = Tensor.fromArray(cpu, new float[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose(0, 1);
        Path p = dir.resolve("t.safetensors");
        SafeTensors.writer().put("t", t).write(p);
        try (SafeTensorsFile f = SafeTensors.read(p)) {
            assertArrayEquals(new int[] {3, 2}, f.shape("t"));
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, f.tensor("t", cpu).toArray());
        }
    }

    @Test
    void replacesAnExistingFile() throws Exception {
        Path p = dir.resolve("r.safetensors");
        SafeTensors.writer().put("old", Tensor.fromArray(cpu, new float[] {1}, 1)).write(p);
        SafeTensors.writer().put("new", Tensor.fromArray(cpu, new float[] {2, 3}, 2)).write(p);
        try (SafeTensorsFile f = SafeTensors.read(p)) {
            assertEquals(List.of("new"), f.names());
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void writerRejectsBadNamesAndShapes() {
        Tensor t = Tensor.fromArray(cpu, new float[] {1}, 1);
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.writer().put("__metadata__", t));
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.writer().putLongs("x", new int[] {2, 2}, new long[3]));
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.writer().put("x", t).putLongs("x", new int[] {1}, new long[1]));
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.writer().putLongs("x", new int[] {1}, new long[1]).put("x", t));
    }

    @Test
    void unknownTensorNameIsReportedWithTheFile() throws Exception {
        Path p = dir.resolve("u.safetensors");
        SafeTensors.writer().put("x", Tensor.fromArray(cpu, new float[] {1}, 1)).write(p);
        try (SafeTensorsFile f = SafeTensors.read(p)) {
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> f.tensor("y"));
            assertTrue(e.getMessage().contains("u.safetensors") && e.getMessage().contains("'y'"), e.getMessage());
        }
    }

    static float[] randomFloats(SplittableRandom rnd, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return out;
    }

    static void assertBits(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "element " + i);
        }
    }
}
