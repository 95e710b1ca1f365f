package org.cardiograd.nn.checkpoint;

import static org.cardiograd.nn.checkpoint.CheckpointFiles.assertUnchanged;
import static org.cardiograd.nn.checkpoint.CheckpointFiles.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.optim.TinyNet;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.SafeTensors;
import org.cardiograd.tensor.io.SafeTensorsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model checkpoints: a PyTorch state dict (src/test/python/make_loss_fixtures.py, a twin of TinyNet) loads and gives
 * PyTorch's output, saves back with the same names and values; broken files and mismatched state dicts are refused
 * with a clear message and leave the module as it was.
 */
class ModelCheckpointTest {
    @TempDir
    Path dir;

    private static Path resource(String name) throws Exception {
        return Path.of(ModelCheckpointTest.class.getResource("/loss/" + name).toURI());
    }

    @Test
    void aPyTorchStateDictLoadsGivesTorchsOutputAndSavesBack() throws Exception {
        TinyNet net = new TinyNet(99, 4, 6, 2);
        ModelCheckpoint.LoadReport report = ModelCheckpoint.load(net, resource("tinynet.safetensors"), true);
        assertEquals(List.of(), report.missingKeys());
        assertEquals(List.of(), report.unexpectedKeys());
        Map<String, Tensor> io = SafeTensors.readAll(resource("tinynet_io.safetensors"));
        float[] expected = io.get("output").toArray();
        float[] actual = net.forward(Variable.constant(io.get("input")), 0, null).value().toArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f + 1e-5f * Math.abs(expected[i]), "output[" + i + "]");
        }
        Path out = dir.resolve("roundtrip.safetensors");
        ModelCheckpoint.save(net, out, Map.of("config", "{\"hidden\":6}"));
        Map<String, Tensor> torch = SafeTensors.readAll(resource("tinynet.safetensors"));
        Map<String, Tensor> ours = SafeTensors.readAll(out);
        assertEquals(new java.util.TreeSet<>(torch.keySet()), new java.util.TreeSet<>(ours.keySet()));
        torch.forEach((n, t) -> {
            assertArrayEquals(t.shape(), ours.get(n).shape(), n);
            assertArrayEquals(t.toArray(), ours.get(n).toArray(), n);
        });
        assertEquals("pt", ModelCheckpoint.metadata(out).get("format"));
        assertEquals("{\"hidden\":6}", ModelCheckpoint.metadata(out).get("config"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void strictLoadListsMissingAndUnexpectedKeysAndNonStrictReportsThem() throws Exception {
        Path path = dir.resolve("partial.safetensors");
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(new TinyNet(1, 4, 6, 2).stateDict());
        state.remove("fc1.bias");
        state.put("head.weight", Tensor.zeros(2, 2));
        SafeTensors.writer().putAll(state).write(path);
        TinyNet net = new TinyNet(2, 4, 6, 2);
        Map<String, float[]> before = snapshot(net);
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelCheckpoint.load(net, path, true));
        assertTrue(e.getMessage().contains("missing keys [fc1.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys [head.weight]"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was loaded"), e.getMessage());
        assertUnchanged(before, net);

        ModelCheckpoint.LoadReport r = ModelCheckpoint.load(net, path, false);
        assertEquals(List.of("fc1.bias"), r.missingKeys());
        assertEquals(List.of("head.weight"), r.unexpectedKeys());
        assertArrayEquals(state.get("fc1.weight").toArray(), net.fc1.weight.value().toArray());
        assertArrayEquals(before.get("fc1.bias"), net.fc1.bias.value().toArray());
    }

    @Test
    void aStateDictWithWrongShapesIsRefusedEvenWhenNotStrict() throws Exception {
        Path path = dir.resolve("wide.safetensors");
        ModelCheckpoint.save(new TinyNet(1, 4, 7, 2), path);
        TinyNet net = new TinyNet(2, 4, 6, 2);
        Map<String, float[]> before = snapshot(net);
        for (boolean strict : new boolean[] {true, false}) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> ModelCheckpoint.load(net, path, strict));
            assertTrue(e.getMessage().contains("shape mismatch for 'fc1.weight': checkpoint [7, 4], module [6, 4]"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("'fc2.weight'"), e.getMessage());
            assertEquals(3, e.problems().size(), e.problems().toString());
            assertUnchanged(before, net);
        }
    }

    private void assertRefused(Path path, String messagePart) {
        TinyNet net = new TinyNet(2, 4, 6, 2);
        Map<String, float[]> before = snapshot(net);
        IOException e = assertThrows(IOException.class, () -> ModelCheckpoint.load(net, path, true));
        assertTrue(e instanceof SafeTensorsException, e.toString());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertTrue(e.getMessage().contains(path.toString()), "the message names the file: " + e.getMessage());
        assertUnchanged(before, net);
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        Path path = dir.resolve("truncated.safetensors");
        ModelCheckpoint.save(new TinyNet(1, 4, 6, 2), path);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 10);
        }
        assertRefused(path, "");
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(5);
        }
        assertRefused(path, "too short");
    }

    @Test
    void aCorruptedHeaderIsRefused() throws Exception {
        Path path = dir.resolve("corrupt.safetensors");
        ModelCheckpoint.save(new TinyNet(1, 4, 6, 2), path);
        byte[] bytes = Files.readAllBytes(path);
        for (int i = 20; i < 40; i++) {
            bytes[i] = (byte) '#';
        }
        Files.write(path, bytes);
        assertRefused(path, "");
    }

    @Test
    void aHeaderLyingAboutOffsetsIsRefused() throws Exception {
        Path good = dir.resolve("good.safetensors");
        ModelCheckpoint.save(new TinyNet(1, 4, 6, 2), good);
        String header = CheckpointFiles.header(good);
        byte[] data = CheckpointFiles.data(good);
        // fc1.bias holds 6 floats at [a, a+24); claim it runs 8 bytes further (into the next tensor)
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\"fc1\\.bias\":\\{[^}]*\"data_offsets\":\\[(\\d+),(\\d+)\\]").matcher(header);
        assertTrue(m.find(), header);
        long begin = Long.parseLong(m.group(1));
        long end = Long.parseLong(m.group(2));
        String lying = header.substring(0, m.start(2)) + (end + 8) + header.substring(m.end(2));
        Path path = dir.resolve("lying.safetensors");
        CheckpointFiles.writeRaw(path, lying, data);
        assertRefused(path, "fc1.bias");
        // offsets past the end of the data
        String past = header.substring(0, m.start(1)) + (begin + data.length) + "," + (end + data.length)
                + header.substring(m.end(2));
        CheckpointFiles.writeRaw(path, past, data);
        assertRefused(path, "fc1.bias");
    }

    @Test
    void loadsIntoAModuleWithoutBuffersOrIntoOneWithSharedNames() throws Exception {
        // a state dict of one Module type cannot fill another by accident: names decide
        Path path = dir.resolve("net.safetensors");
        ModelCheckpoint.save(new TinyNet(1, 4, 6, 2), path);
        Module other = new Module() {
            {
                param("weight", Tensor.zeros(2));
            }
        };
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelCheckpoint.load(other, path, true));
        assertTrue(e.getMessage().contains("missing keys [weight]"), e.getMessage());
    }
}
