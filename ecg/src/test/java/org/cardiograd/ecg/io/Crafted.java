package org.cardiograd.ecg.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers that write WFDB files byte by byte, independently of the code under test. */
final class Crafted {
    private Crafted() {
    }

    /**
     * Format 212 as the WFDB specification lays it out: each pair of 12-bit samples (a, b) takes 3 bytes,
     * byte 0 = low 8 bits of a, byte 1 = high 4 bits of a (low nibble) and high 4 bits of b (high nibble),
     * byte 2 = low 8 bits of b. An odd last sample is written as its 2 bytes, plus one zero byte if {@code pad}.
     */
    static byte[] encode212(int[] samples, boolean pad) {
        int pairs = samples.length / 2;
        boolean odd = samples.length % 2 == 1;
        byte[] out = new byte[pairs * 3 + (odd ? (pad ? 3 : 2) : 0)];
        for (int p = 0; p < pairs; p++) {
            int a = samples[2 * p];
            int b = samples[2 * p + 1];
            out[3 * p] = (byte) (a & 0xff);
            out[3 * p + 1] = (byte) (((a >> 8) & 0x0f) | (((b >> 8) & 0x0f) << 4));
            out[3 * p + 2] = (byte) (b & 0xff);
        }
        if (odd) {
            int a = samples[samples.length - 1];
            out[3 * pairs] = (byte) (a & 0xff);
            out[3 * pairs + 1] = (byte) ((a >> 8) & 0x0f);
        }
        return out;
    }

    /** Format 80: each sample plus 128 as an unsigned byte. */
    static byte[] encode80(int[] samples) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = (byte) (samples[i] + 128);
        }
        return out;
    }

    /** Format 16: little-endian int16. */
    static byte[] encode16(int[] samples) {
        byte[] out = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            out[2 * i] = (byte) samples[i];
            out[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return out;
    }

    /** Interleaves signals frame by frame. */
    static int[] interleave(int[]... signals) {
        int[] out = new int[signals.length * signals[0].length];
        for (int t = 0; t < signals[0].length; t++) {
            for (int s = 0; s < signals.length; s++) {
                out[t * signals.length + s] = signals[s][t];
            }
        }
        return out;
    }

    static int checksum(int[] samples) {
        long sum = 0;
        for (int v : samples) {
            sum += v;
        }
        return (short) sum;
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, content);
    }

    static Path writeText(Path file, String text) throws IOException {
        return write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Copies a shared-sample record (header + .mat) into {@code dir}, optionally with a new header text. */
    static Path copyRecord(Path sample, String name, Path dir, String newHeader) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".mat"), Files.readAllBytes(sample.resolve(name + ".mat")));
        Path header = dir.resolve(name + ".hea");
        if (newHeader == null) {
            Files.write(header, Files.readAllBytes(sample.resolve(name + ".hea")));
        } else {
            writeText(header, newHeader);
        }
        return header;
    }
}
