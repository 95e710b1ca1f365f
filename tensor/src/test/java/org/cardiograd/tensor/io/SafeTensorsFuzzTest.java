package org.cardiograd.tensor.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates bytes of a valid file's length field and header (seeded) and reads every mutant completely: the
 * reader may accept it or throw {@link SafeTensorsException}, nothing else (no index, number-format, cast or
 * out-of-memory errors). The loop is bounded and the parser linear, so it cannot hang.
 */
class SafeTensorsFuzzTest {
    private static final int MUTANTS = 2000;
    /** Bytes that steer a JSON parser into its interesting paths. */
    private static final byte[] JSON_BYTES = "{}[]\",:\\u0123456789-+.eE tfn\n\u0001".getBytes();

    @TempDir
    Path dir;

    @Test
    void mutatedHeadersOnlyEverRaiseTheDocumentedException() throws Exception {
        Backend cpu = new CpuBackend(1);
        Path valid = dir.resolve("valid.safetensors");
        SafeTensors.writer()
                .put("encoder.weight", Tensor.fromArray(cpu, new float[] {1, 2, 3, 4, 5, 6}, 2, 3))
                .put("encoder.bias", Tensor.fromArray(cpu, new float[] {7, 8}, 2))
                .put("scalar", Tensor.fromArray(cpu, new float[] {9}))
                .putLongs("ids", new int[] {3}, new long[] {1, -2, 3})
                .metadata("format", "pt").metadata("name\u00e9", "\u6743\\\"q\"")
                .write(valid);
        byte[] original = Files.readAllBytes(valid);
        int headerEnd = 8 + (int) java.nio.ByteBuffer.wrap(original).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();

        SplittableRandom rnd = new SplittableRandom(20240611);
        Path mutantPath = dir.resolve("mutant.safetensors");
        int accepted = 0;
        for (int i = 0; i < MUTANTS; i++) {
            byte[] b = mutate(original, headerEnd, rnd);
            Files.write(mutantPath, b);
            try (SafeTensorsFile f = SafeTensors.read(mutantPath)) {
                for (String name : f.names()) {
                    readEverything(f, name, cpu);
                }
                accepted++;
            } catch (SafeTensorsException expected) {
                assertTrue(expected.getMessage().startsWith(mutantPath.toString()), expected.getMessage());
            } catch (Throwable t) {
                fail("mutant " + i + " raised " + t + "; header was: " + new String(b, 8,
                        Math.max(0, Math.min(b.length - 8, headerEnd - 8))), t);
            }
        }
        // a sanity bound that the mutations are neither all harmless nor all fatal
        assertTrue(accepted > 0 && accepted < MUTANTS, "accepted " + accepted);
    }

    private static void readEverything(SafeTensorsFile f, String name, Backend cpu) throws Exception {
        f.shape(name);
        DType t = f.dtype(name);
        if (t.isInteger()) {
            f.longs(name);
        }
        try {
            f.tensor(name, cpu).toArray();
        } catch (SafeTensorsException allowed) {
            // e.g. a dtype flipped to F8: the file is valid but not convertible
        }
    }

    /**
     * Either 1 to 4 byte changes anywhere in the length field or the header, or a token-level change of the
     * header (a number or string swapped for a tricky one, a snippet inserted, a span deleted) with the length
     * field adjusted; sometimes a truncated file.
     */
    private static byte[] mutate(byte[] original, int headerEnd, SplittableRandom rnd) {
        byte[] b;
        if (rnd.nextBoolean()) {
            b = original.clone();
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int pos = rnd.nextInt(10) == 0 ? rnd.nextInt(8) : 8 + rnd.nextInt(headerEnd - 8);
                b[pos] = rnd.nextBoolean() ? (byte) rnd.nextInt(256) : JSON_BYTES[rnd.nextInt(JSON_BYTES.length)];
            }
        } else {
            String header = new String(original, 8, headerEnd - 8, StandardCharsets.UTF_8);
            byte[] data = Arrays.copyOfRange(original, headerEnd, original.length);
            b = Crafted.bytes(spliceToken(header, rnd), data);
        }
        if (rnd.nextInt(20) == 0) {
            b = Arrays.copyOf(b, rnd.nextInt(b.length));
        }
        return b;
    }

    private static final String[] NUMBERS = {"0", "-0", "-1", "1.5", "2.0", "1e3", "1E+2", "0.5e-1",
        "9223372036854775807", "9223372036854775808", "99999999999999999999999", "4294967296", "2147483648",
        "1e999999999", "-9223372036854775808"};
    private static final String[] STRINGS = {"\"F16\"", "\"BF16\"", "\"I64\"", "\"U64\"", "\"F8_E4M3\"",
        "\"BOOL\"", "\"F64\"", "\"__metadata__\"", "\"shape\"", "\"dtype\"", "\"data_offsets\"",
        "\"\\ud800\"", "\"\\udc00x\"", "\"\\u00e9\"", "\"\\\"", "\"\"", "null", "true", "[]", "{}",
        "[0,4]", "[[1]]", "{\"a\":1}"};
    private static final String[] SNIPPETS = {"[", "]", "{", "}", ",", ":", "\"", "\\", "\\u", "[[[[[[[[",
        ",\"x\":{}", ",\"__metadata__\":{}", " ", "\n", "\u0000", "\u00e9", "\uD83D\uDE00"};

    /** Replaces one number or string token of the header, inserts a snippet, or deletes a short span. */
    private static String spliceToken(String header, SplittableRandom rnd) {
        int op = rnd.nextInt(4);
        int at = rnd.nextInt(header.length());
        if (op == 0 || op == 1) {
            boolean number = op == 0;
            for (int i = 0; i < header.length(); i++) { // the first token of that kind at or after 'at'
                int p = (at + i) % header.length();
                char c = header.charAt(p);
                if (number && c >= '0' && c <= '9') {
                    int end = p;
                    while (end < header.length() && Character.isDigit(header.charAt(end))) {
                        end++;
                    }
                    return header.substring(0, p) + NUMBERS[rnd.nextInt(NUMBERS.length)] + header.substring(end);
                }
                if (!number && c == '"') {
                    int end = header.indexOf('"', p + 1);
                    if (end > p) {
                        return header.substring(0, p) + STRINGS[rnd.nextInt(STRINGS.length)]
                                + header.substring(end + 1);
                    }
                }
            }
            return header;
        }
        if (op == 2) {
            return header.substring(0, at) + SNIPPETS[rnd.nextInt(SNIPPETS.length)] + header.substring(at);
        }
        int end = Math.min(header.length(), at + 1 + rnd.nextInt(8));
        return header.substring(0, at) + header.substring(end);
    }
}
