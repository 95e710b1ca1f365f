package org.cardiograd.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.cardiograd.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every check of the reader, each with a crafted file that breaks exactly that rule. */
class SafeTensorsValidationTest {
    @TempDir
    Path dir;

    /** Reads the file and returns the message of the SafeTensorsException it must raise. */
    private String failure(byte[] bytes) throws Exception {
        Path p = Files.write(dir.resolve("bad.safetensors"), bytes);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> {
            try (SafeTensorsFile f = SafeTensors.read(p)) {
                f.readAll(new CpuBackend(1));
            }
        });
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    private String failure(String header, byte[] data) throws Exception {
        return failure(Crafted.bytes(header, data));
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    @Test
    void fileShorterThanTheLengthField() throws Exception {
        assertMentions(failure(new byte[] {1, 0, 0}), "3 bytes", "too short");
        assertMentions(failure(new byte[0]), "0 bytes");
    }

    @Test
    void truncatedFile() throws Exception {
        byte[] good = Crafted.bytes("{" + entry("w", "F32", "[4]", 0, 16) + "}", Crafted.f32(1, 2, 3, 4));
        assertMentions(failure(Arrays.copyOf(good, good.length - 3)), "tensor 'w'", "[0, 16]",
                "past the end of the data buffer", "13 bytes");
        assertMentions(failure(Arrays.copyOf(good, 20)), "header length", "runs past the end of the file");
    }

    @Test
    void headerLengthBeyondFileOrLimit() throws Exception {
        byte[] b = Crafted.bytes("{}", new byte[0]);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 3);
        assertMentions(failure(b), "header length 3", "runs past the end of the file (10 bytes");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 200_000_000L);
        assertMentions(failure(b), "header length 200000000", "exceeds the limit");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L); // 2^64-1 unsigned
        assertMentions(failure(b), "header length 18446744073709551615", "exceeds the limit");
    }

    @Test
    void headerMustStartWithABrace() throws Exception {
        assertMentions(failure(" {}", new byte[0]), "does not start with '{'");
        assertMentions(failure("[]", new byte[0]), "does not start with '{'");
        assertMentions(failure(new byte[8]), "does not start with '{'"); // header length 0
    }

    @Test
    void headerLyingAboutOffsets() throws Exception {
        String h = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 8, 16) + "}";
        assertMentions(failure(h, Crafted.f32(1, 2, 3)), "tensor 'b'", "[8, 16]",
                "past the end of the data buffer, which holds 12 bytes");
        assertMentions(failure("{" + entry("a", "F32", "[0]", 8, 4) + "}", new byte[8]), "tensor 'a'",
                "[8, 4]", "begin after end");
    }

    @Test
    void overlappingTensors() throws Exception {
        String h = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}";
        assertMentions(failure(h, new byte[12]), "tensor 'b'", "[4, 12]", "overlap tensor 'a' at [0, 8]");
        String same = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 0, 8) + "}";
        assertMentions(failure(same, new byte[8]), "overlap");
    }

    @Test
    void gapBetweenTensorsAndTrailingBytes() throws Exception {
        String h = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}";
        assertMentions(failure(h, new byte[12]), "tensor 'b'", "gap", "bytes [4, 8)");
        String late = "{" + entry("a", "F32", "[1]", 4, 8) + "}";
        assertMentions(failure(late, new byte[8]), "tensor 'a'", "gap", "bytes [0, 4)");
        String trailing = "{" + entry("a", "F32", "[1]", 0, 4) + "}";
        assertMentions(failure(trailing, new byte[9]), "bytes [4, 9)", "belong to no tensor");
        assertMentions(failure("{}", new byte[1]), "bytes [0, 1)");
    }

    @Test
    void unknownOrMistypedDtype() throws Exception {
        assertMentions(failure("{" + entry("w", "F17", "[1]", 0, 4) + "}", new byte[4]), "tensor 'w'",
                "unknown or unsupported dtype 'F17'");
        assertMentions(failure("{" + entry("w", "f32", "[1]", 0, 4) + "}", new byte[4]), "dtype 'f32'");
        assertMentions(failure("{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'w'", "\"dtype\" must be a string");
    }

    @Test
    void shapeAndByteCountMismatch() throws Exception {
        String h = "{" + entry("encoder.blocks.0.attn.qkv.weight", "F32", "[64,32]", 0, 4096) + "}";
        assertEquals(dir.resolve("bad.safetensors") + ": tensor 'encoder.blocks.0.attn.qkv.weight': data_offsets "
                + "[0, 4096] hold 4096 bytes but shape [64, 32] of F32 needs 8192", failure(h, new byte[4096]));
        assertMentions(failure("{" + entry("h", "F16", "[3]", 0, 4) + "}", new byte[4]), "tensor 'h'",
                "hold 4 bytes", "of F16 needs 6");
        // a shape whose byte size overflows a long
        String huge = "{" + entry("x", "F64", "[2147483647,2147483647,2147483647]", 0, 8) + "}";
        assertMentions(failure(huge, new byte[8]), "tensor 'x'", "more than 2^63-1");
    }

    @Test
    void missingOrMalformedFields() throws Exception {
        assertMentions(failure("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'w'", "missing \"dtype\"");
        assertMentions(failure("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'w'", "missing \"shape\"");
        assertMentions(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]),
                "tensor 'w'", "missing \"data_offsets\"");
        assertMentions(failure("{\"w\":[1,2]}", new byte[0]), "tensor 'w'", "expected an object");
        assertMentions(failure("{" + entry("w", "F32", "[-1]", 0, 4) + "}", new byte[4]), "tensor 'w'",
                "\"shape\" element 0 is -1");
        assertMentions(failure("{" + entry("w", "F32", "[1.0]", 0, 4) + "}", new byte[4]),
                "\"shape\" element 0 is 1.0");
        assertMentions(failure("{" + entry("w", "F32", "[1e0]", 0, 4) + "}", new byte[4]),
                "\"shape\" element 0 is 1e0");
        assertMentions(failure("{" + entry("w", "F32", "[3000000000]", 0, 4) + "}", new byte[4]),
                "shape dimension 0 is 3000000000");
        assertMentions(failure("{" + entry("w", "F32", "\"1\"", 0, 4) + "}", new byte[4]),
                "\"shape\" must be an array");
        assertMentions(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}",
                new byte[4]), "\"data_offsets\" must be an array of 2");
        assertMentions(failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}",
                new byte[4]), "element 1 is 99999999999999999999");
    }

    @Test
    void malformedMetadata() throws Exception {
        assertMentions(failure("{\"__metadata__\":{\"k\":1}}", new byte[0]), "metadata 'k'",
                "must be a string");
        assertMentions(failure("{\"__metadata__\":[\"k\"]}", new byte[0]), "must be an object of strings");
    }

    @Test
    void malformedJsonNamesThePosition() throws Exception {
        assertMentions(failure("{\"a\":}", new byte[0]), "malformed header JSON at byte 5 ",
                "(file offset 13)", "expected a value but found '}'");
        assertMentions(failure("{\"a\":{},}", new byte[0]), "at byte 8 ", "expected a string key");
        assertMentions(failure("{\"a\":{}", new byte[0]), "at byte 7 ", "end of the header");
        assertMentions(failure("{\"\u00e9\u00e9\":{}} x", new byte[0]), "at byte 12 ", // 2-byte characters
                "after the end of the JSON value");
        assertMentions(failure("{\"a\\q\":{}}", new byte[0]), "invalid escape");
    }

    @Test
    void duplicateKey() throws Exception {
        String h = "{" + entry("w", "F32", "[1]", 0, 4) + "," + entry("w", "F32", "[1]", 4, 8) + "}";
        assertMentions(failure(h, new byte[8]), "duplicate key \"w\"", "malformed header JSON at byte");
    }

    @Test
    void invalidUtf8InTheHeader() throws Exception {
        byte[] header = "{\"ab\":{}}".getBytes(StandardCharsets.UTF_8);
        header[2] = (byte) 0xC3; // start of a 2-byte sequence followed by an ASCII byte
        assertMentions(failure(Crafted.bytes(header, new byte[0])), "not valid UTF-8 at byte 2");
    }

    @Test
    void dtypesThatCannotBeConvertedAreReportedOnAccess() throws Exception {
        Path p = Crafted.file(dir, "f8.safetensors",
                "{" + entry("q", "F8_E4M3", "[2]", 0, 2) + "," + entry("w", "F32", "[1]", 2, 6) + "}", new byte[6]);
        try (SafeTensorsFile f = SafeTensors.read(p)) { // valid file: opening works
            assertEquals(List.of("q", "w"), f.names());
            assertMentions(assertThrows(SafeTensorsException.class, () -> f.tensor("q")).getMessage(),
                    "tensor 'q'", "F8_E4M3 cannot be converted");
            assertMentions(assertThrows(SafeTensorsException.class, () -> f.longs("w")).getMessage(),
                    "tensor 'w'", "F32 is not an integer dtype");
        }
    }

    @Test
    void acceptsWhatTheSpecAllows() throws Exception {
        // whitespace inside and trailing padding, unknown fields ignored, null metadata, empty and 0-d tensors,
        // a zero-length tensor between two others, unaligned data start
        String h = "{ \"__metadata__\" : null ,\n\t\"e\": {\"dtype\":\"I64\",\"shape\":[0,5],\"data_offsets\":[4,4]},"
                + " \"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"extra\":{\"x\":[true,false,null]}},"
                + "\"t\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]}}\r\n   ";
        ByteBuffer data = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putFloat(-2.5f).putShort((short) 0x4040);
        Path p = Crafted.file(dir, "ok.safetensors", h, data.array());
        try (SafeTensorsFile f = SafeTensors.read(p)) {
            assertEquals(List.of("e", "s", "t"), f.names());
            assertTrue(f.metadata().isEmpty());
            assertEquals(0, f.longs("e").length);
            assertEquals(-2.5f, f.tensor("s", new CpuBackend(1)).item());
            assertEquals(3.0f, f.tensor("t", new CpuBackend(1)).item());
        }
    }
}
