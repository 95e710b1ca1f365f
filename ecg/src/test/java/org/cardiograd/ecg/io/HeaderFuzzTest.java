package org.cardiograd.ecg.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.cardiograd.ecg.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of the 30 real headers (byte changes, deletions, duplications, digit changes,
 * line deletions and duplications): the parser, and the reader behind it, either succeed or throw their own
 * EcgFormatException, never anything else. The timeout only guards against a hang.
 */
class HeaderFuzzTest {
    private static final long SEED = 20240707L;

    @TempDir
    Path dir;

    private static List<byte[]> realHeaders(Path sample) throws Exception {
        List<byte[]> headers = new ArrayList<>();
        try (Stream<Path> files = Files.list(sample)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".hea")).sorted().toList()) {
                headers.add(Files.readAllBytes(file));
            }
        }
        return headers;
    }

    /** One to four mutations of {@code header}. */
    static byte[] mutate(byte[] header, SplittableRandom random) {
        byte[] out = header;
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && out.length > 0; m++) {
            int at = random.nextInt(out.length);
            int span = 1 + random.nextInt(Math.min(out.length - at, 1 + random.nextInt(40)));
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            switch (random.nextInt(7)) {
                case 0 -> { // replace a byte with any byte
                    out = out.clone();
                    out[at] = (byte) random.nextInt(256);
                }
                case 1 -> { // flip one bit
                    out = out.clone();
                    out[at] ^= (byte) (1 << random.nextInt(8));
                }
                case 2 -> { // delete a span
                    b.write(out, 0, at);
                    b.write(out, at + span, out.length - at - span);
                    out = b.toByteArray();
                }
                case 3 -> { // duplicate a span in place
                    b.write(out, 0, at + span);
                    b.write(out, at, out.length - at);
                    out = b.toByteArray();
                }
                case 4 -> { // change a digit, or insert digits (huge numbers)
                    out = out.clone();
                    for (int i = 0; i < out.length; i++) {
                        int j = (at + i) % out.length;
                        if (out[j] >= '0' && out[j] <= '9') {
                            if (random.nextBoolean()) {
                                out[j] = (byte) ('0' + random.nextInt(10));
                            } else {
                                b.write(out, 0, j);
                                for (int k = random.nextInt(1, 25); k > 0; k--) {
                                    b.write('0' + random.nextInt(10));
                                }
                                b.write(out, j, out.length - j);
                                out = b.toByteArray();
                            }
                            break;
                        }
                    }
                }
                case 5 -> { // insert a structural character
                    byte[] specials = "x:+()/#. \t\n-e".getBytes(StandardCharsets.US_ASCII);
                    b.write(out, 0, at);
                    b.write(specials[random.nextInt(specials.length)]);
                    b.write(out, at, out.length - at);
                    out = b.toByteArray();
                }
                default -> { // delete or duplicate a whole line
                    String text = new String(out, StandardCharsets.ISO_8859_1);
                    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                    int line = random.nextInt(lines.size());
                    if (random.nextBoolean()) {
                        lines.remove(line);
                    } else {
                        lines.add(line, lines.get(line));
                    }
                    out = String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
                }
            }
        }
        return out;
    }

    private static String show(byte[] content) {
        return new String(content, StandardCharsets.ISO_8859_1).replace("\n", "\\n");
    }

    @Test
    @Timeout(120)
    void parserThrowsOnlyItsOwnException() throws Exception {
        List<byte[]> headers = realHeaders(SharedData.cincSample());
        SplittableRandom random = new SplittableRandom(SEED);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] mutated = mutate(headers.get(random.nextInt(headers.size())), random);
            try {
                WfdbHeaderParser.parse(mutated, Path.of("fuzz.hea"));
                parsed++;
            } catch (EcgFormatException e) {
                assertTrue(e.getMessage().startsWith("fuzz.hea"), e.getMessage());
                rejected++;
            } catch (RuntimeException | Error e) {
                fail("mutation " + i + " threw " + e + " for: " + show(mutated), e);
            }
        }
        // both outcomes must be common, or the mutations are not exercising the parser
        assertTrue(parsed > 150 && rejected > 1500, "parsed " + parsed + ", rejected " + rejected);
    }

    @Test
    @Timeout(120)
    void readerThrowsOnlyItsOwnException() throws Exception {
        Path sample = SharedData.cincSample();
        List<byte[]> headers = realHeaders(sample);
        try (Stream<Path> files = Files.list(sample)) {
            for (Path mat : files.filter(p -> p.toString().endsWith(".mat")).toList()) {
                Files.write(dir.resolve(mat.getFileName().toString()), Files.readAllBytes(mat));
            }
        }
        SplittableRandom random = new SplittableRandom(SEED + 1);
        Path header = dir.resolve("fuzz.hea");
        int read = 0;
        for (int i = 0; i < 250; i++) {
            byte[] mutated = mutate(headers.get(random.nextInt(headers.size())), random);
            Files.write(header, mutated);
            try {
                WfdbRecord record = WfdbReader.read(header);
                WfdbEcg.toEcgRecord(record, "fuzz", java.util.Set.of(), null, null);
                read++;
            } catch (EcgFormatException e) {
                assertTrue(e.file() != null && e.getMessage().contains(e.file().getFileName().toString()));
            } catch (RuntimeException | Error e) {
                fail("mutation " + i + " threw " + e + " for: " + show(mutated), e);
            }
        }
        assertTrue(read > 10, "only " + read + " mutated headers were still readable");
    }
}
