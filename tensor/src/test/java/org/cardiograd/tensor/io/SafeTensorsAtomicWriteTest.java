package org.cardiograd.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Storage;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write must leave the target as it was and no temporary file behind. */
class SafeTensorsAtomicWriteTest {
    @TempDir
    Path dir;

    private final Backend cpu = new CpuBackend(1);

    /** A backend whose every read fails: its tensors blow up when the writer copies them to the host. */
    private static Backend failingBackend(RuntimeException failure) {
        Backend[] self = new Backend[1];
        self[0] = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "allocate":
                            return new Storage((Long) args[0]) {
                                @Override
                                public Backend backend() {
                                    return self[0];
                                }
                            };
                        case "name":
                            return "failing";
                        case "read":
                            throw failure;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            return null; // write and the rest: nothing to do
                    }
                });
        return self[0];
    }

    private Path existingTarget() throws IOException {
        Path target = dir.resolve("model.safetensors");
        SafeTensors.writer().put("w", Tensor.fromArray(cpu, new float[] {1, 2, 3}, 3)).metadata("v", "1")
                .write(target);
        return target;
    }

    private List<String> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void tensorThatFailsMidwayLeavesTargetUntouched() throws Exception {
        Path target = existingTarget();
        byte[] before = Files.readAllBytes(target);
        RuntimeException boom = new IllegalStateException("device lost");
        Tensor bad = Tensor.zeros(failingBackend(boom), 1000);
        // "a" is written first (sorted), so the failure happens after some data is already in the temp file
        SafeTensorsWriter w = SafeTensors.writer()
                .put("a", Tensor.fromArray(cpu, new float[300_000], 300_000))
                .put("b", bad);
        assertSame(boom, assertThrows(IllegalStateException.class, () -> w.write(target)));
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of("model.safetensors"), filesIn(dir));
    }

    @Test
    void failureWithoutAnExistingTargetLeavesNothing() throws Exception {
        Path target = dir.resolve("new.safetensors");
        Tensor bad = Tensor.zeros(failingBackend(new IllegalStateException("x")), 4);
        assertThrows(IllegalStateException.class, () -> SafeTensors.writer().put("b", bad).write(target));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void missingDirectoryFailsCleanly() {
        Path target = dir.resolve("no/such/dir/model.safetensors");
        assertThrows(NoSuchFileException.class, () -> SafeTensors.writer()
                .put("w", Tensor.fromArray(cpu, new float[] {1}, 1)).write(target));
        assertFalse(Files.exists(dir.resolve("no")));
    }

    @Test
    void failureAtTheFinalRenameRemovesTheTempFile() throws Exception {
        // the target is a non-empty directory: everything succeeds until the rename, which must fail
        Path target = Files.createDirectory(dir.resolve("model.safetensors"));
        Files.writeString(target.resolve("keep.txt"), "keep");
        assertThrows(IOException.class, () -> SafeTensors.writer()
                .put("w", Tensor.fromArray(cpu, new float[] {1}, 1)).write(target));
        assertEquals(List.of("model.safetensors"), filesIn(dir));
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
    }
}
