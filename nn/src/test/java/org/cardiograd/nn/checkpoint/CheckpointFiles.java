package org.cardiograd.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Tensor;

/** Test helpers: snapshots of module state and hand-made (broken) safetensors files. */
final class CheckpointFiles {
    private CheckpointFiles() {}

    static Map<String, float[]> snapshot(Module m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((n, t) -> out.put(n, t.toArray()));
        return out;
    }

    static Map<String, float[]> snapshot(Map<String, Tensor> tensors) {
        Map<String, float[]> out = new LinkedHashMap<>();
        tensors.forEach((n, t) -> out.put(n, t.toArray()));
        return out;
    }

    static void assertUnchanged(Map<String, float[]> before, Module m) {
        m.stateDict().forEach((n, t) -> assertArrayEquals(before.get(n), t.toArray(), n + " was changed"));
    }

    /** A file with the given header text (padded to 8 bytes) and data bytes. */
    static void writeRaw(Path path, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer buf = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(h);
        for (int i = h.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        buf.put(data);
        Files.write(path, buf.array());
    }

    /** The header text and the data bytes of a safetensors file. */
    static String header(Path path) throws IOException {
        byte[] all = Files.readAllBytes(path);
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(all, 8, (int) n, StandardCharsets.UTF_8).strip();
    }

    static byte[] data(Path path) throws IOException {
        byte[] all = Files.readAllBytes(path);
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return Arrays.copyOfRange(all, (int) (8 + n), all.length);
    }
}
