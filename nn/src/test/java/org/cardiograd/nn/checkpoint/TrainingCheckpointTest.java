package org.cardiograd.nn.checkpoint;

import static org.cardiograd.nn.checkpoint.CheckpointFiles.assertUnchanged;
import static org.cardiograd.nn.checkpoint.CheckpointFiles.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.loss.Losses;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.nn.optim.ExponentialMovingAverage;
import org.cardiograd.nn.optim.GradClip;
import org.cardiograd.nn.optim.LrSchedule;
import org.cardiograd.nn.optim.Optimizer;
import org.cardiograd.nn.optim.ParamGroups;
import org.cardiograd.nn.optim.Sgd;
import org.cardiograd.nn.optim.TinyNet;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.SafeTensors;
import org.cardiograd.tensor.io.SafeTensorsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training checkpoints: a run that saves, is rebuilt from fresh objects and resumes continues bitwise like the
 * run that never stopped (model, optimizer state, EMA, step, data and dropout generators, schedule); loads that do
 * not fit are refused as a whole.
 */
class TrainingCheckpointTest {
    private static final int TOTAL = 12;
    private static final int SAVE_AT = 5;

    @TempDir
    Path dir;

    /** Everything a run holds. */
    private static final class Run {
        final TinyNet net;
        final AdamW opt;
        final ExponentialMovingAverage ema;
        final LrSchedule schedule = LrSchedule.warmupCosine(3e-2, 1e-3, 3, TOTAL);
        Rng data;
        Rng dropout;
        long step;
        final List<Float> losses = new ArrayList<>();

        Run(long seed) {
            net = new TinyNet(seed, 4, 6, 2);
            opt = new AdamW(ParamGroups.decayAndNoDecay(net, 1e-3, 0.05), 0.9, 0.95, 1e-8);
            ema = new ExponentialMovingAverage(net, 0.9, true);
            data = new Rng(seed + 1);
            dropout = new Rng(seed + 2);
        }

        void train(int steps) {
            for (int i = 0; i < steps; i++) {
                Tensor x = Tensor.randn(data, 8, 4);
                Tensor y = Tensor.randn(data, 8, 2);
                opt.setLearningRate(schedule.lr(step));
                Variable loss = Losses.mse(net.forward(Variable.constant(x), 0.25f, dropout), Variable.constant(y));
                loss.backward();
                GradClip.clipGradNorm(net.parameters(), 0.5);
                opt.step();
                opt.zeroGrad();
                ema.update();
                losses.add(loss.item());
                step++;
            }
        }

        void save(Path path) throws IOException {
            TrainingCheckpoint.builder().model(net).optimizer(opt).ema(ema).step(step).rng("data", data)
                    .rng("dropout", dropout).metadata("config", "{\"hidden\":6,\"lr\":0.03}").write(path);
        }

        void restore(Path path) throws IOException {
            TrainingCheckpoint.Restored r = TrainingCheckpoint.load(path, net, opt, ema);
            step = r.step();
            data = r.rng("data");
            dropout = r.rng("dropout");
            assertEquals("{\"hidden\":6,\"lr\":0.03}", r.metadata().get("config"));
            assertEquals(Map.of("config", "{\"hidden\":6,\"lr\":0.03}"), r.metadata());
        }
    }

    @Test
    void aResumedRunContinuesBitwiseLikeAnUninterruptedOne() throws Exception {
        Run straight = new Run(10);
        straight.train(TOTAL);

        Run first = new Run(10);
        first.train(SAVE_AT);
        Path path = dir.resolve("run.safetensors");
        first.save(path);

        Run resumed = new Run(777); // fresh objects, other weights and generators: all replaced by the load
        resumed.restore(path);
        assertEquals(SAVE_AT, resumed.step);
        resumed.train(TOTAL - SAVE_AT);

        List<Float> losses = new ArrayList<>(first.losses);
        losses.addAll(resumed.losses);
        assertEquals(straight.losses, losses, "the loss curve is the same to the bit");
        straight.net.stateDict().forEach((n, t) -> assertArrayEquals(t.toArray(),
                resumed.net.stateDict().get(n).toArray(), "model " + n));
        straight.opt.stateDict().tensors().forEach((n, t) -> assertArrayEquals(t.toArray(),
                resumed.opt.stateDict().tensors().get(n).toArray(), "optimizer " + n));
        assertEquals(straight.opt.stateDict().counters(), resumed.opt.stateDict().counters());
        straight.ema.stateTensors().forEach((n, t) -> assertArrayEquals(t.toArray(),
                resumed.ema.stateTensors().get(n).toArray(), "ema " + n));
        assertEquals(straight.ema.numUpdates(), resumed.ema.numUpdates());
        assertEquals(straight.data.state(), resumed.data.state());
        assertEquals(straight.dropout.state(), resumed.dropout.state());
        assertNotEquals(straight.losses.get(0), straight.losses.get(TOTAL - 1), "the run actually trained");
    }

    @Test
    void theFileHoldsNamedPartsCountersAsI64AndMetadata() throws Exception {
        Run run = new Run(3);
        run.train(2);
        Path path = dir.resolve("run.safetensors");
        run.save(path);
        try (var f = SafeTensors.read(path)) {
            assertTrue(f.contains("model.fc1.weight") && f.contains("model.fc2.scale"));
            assertTrue(f.contains("optimizer.fc1.weight.exp_avg") && f.contains("optimizer.fc1.weight.exp_avg_sq"));
            assertEquals("I64", f.dtype("optimizer.fc1.weight.step").name());
            assertEquals(2L, f.longs("optimizer.fc1.weight.step")[0]);
            assertEquals(2L, f.longs("train.step")[0]);
            assertEquals(run.data.state(), f.longs("rng.data")[0]);
            assertEquals(2L, f.longs("ema_num_updates")[0]);
            assertTrue(f.contains("ema.fc2.bias"));
            assertEquals(TrainingCheckpoint.FORMAT, f.metadata().get(TrainingCheckpoint.FORMAT_KEY));
        }
        // the model part alone is an ordinary state dict under a prefix; a model checkpoint is refused here
        Path model = dir.resolve("model.safetensors");
        ModelCheckpoint.save(run.net, model);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> TrainingCheckpoint.load(model, run.net, run.opt, run.ema));
        assertTrue(e.getMessage().contains("not a training checkpoint"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingCheckpoint.builder().metadata("cardiograd.x", "y"));
    }

    private static Map<String, float[]> optimizerSnapshot(Optimizer opt) {
        return snapshot(opt.stateDict().tensors());
    }

    @Test
    void anOptimizerStateThatDoesNotFitLeavesModelOptimizerAndEmaUnchanged() throws Exception {
        Run saved = new Run(3);
        saved.train(2);
        Path path = dir.resolve("run.safetensors");
        saved.save(path);

        Run target = new Run(4);
        target.train(1);
        Sgd sgd = new Sgd(ParamGroups.decayAndNoDecay(target.net, 0.1, 0), 0.9, 0, false);
        Map<String, float[]> model = snapshot(target.net);
        Map<String, float[]> ema = snapshot(target.ema.stateTensors());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> TrainingCheckpoint.load(path, target.net, sgd, target.ema));
        assertTrue(e.getMessage().contains("optimizer: unexpected tensor 'fc1.weight.exp_avg'"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was loaded"), e.getMessage());
        assertUnchanged(model, target.net);
        assertEquals(ema.keySet(), target.ema.stateTensors().keySet());
        target.ema.stateTensors().forEach((n, t) -> assertArrayEquals(ema.get(n), t.toArray(), n));
        assertEquals(1, target.ema.numUpdates());
        assertEquals(0, sgd.stateDict().tensors().size());

        // a model of other shapes: the optimizer state of the matching-name run is left alone too
        TinyNet wide = new TinyNet(1, 4, 7, 2);
        AdamW opt = new AdamW(ParamGroups.decayAndNoDecay(wide, 1e-3, 0.05));
        Map<String, float[]> wideBefore = snapshot(wide);
        CheckpointException shapes = assertThrows(CheckpointException.class,
                () -> TrainingCheckpoint.load(path, wide, opt, null));
        assertTrue(shapes.getMessage().contains("model: shape mismatch for 'fc1.weight'"), shapes.getMessage());
        assertTrue(shapes.getMessage().contains("optimizer: shape mismatch for 'fc1.weight.exp_avg'"),
                shapes.getMessage());
        assertUnchanged(wideBefore, wide);
        assertEquals(0, opt.stateDict().tensors().size());

        // asking for an EMA the checkpoint does not hold
        Path noEma = dir.resolve("noema.safetensors");
        TrainingCheckpoint.builder().model(saved.net).optimizer(saved.opt).step(2).write(noEma);
        Map<String, float[]> opt0 = optimizerSnapshot(target.opt);
        CheckpointException missing = assertThrows(CheckpointException.class,
                () -> TrainingCheckpoint.load(noEma, target.net, target.opt, target.ema));
        assertTrue(missing.getMessage().contains("ema: the checkpoint holds no moving average"), missing.getMessage());
        assertUnchanged(model, target.net);
        target.opt.stateDict().tensors().forEach((n, t) -> assertArrayEquals(opt0.get(n), t.toArray(), n));
        // without asking for it (and without an optimizer) the same file loads the model
        TrainingCheckpoint.Restored r = TrainingCheckpoint.load(noEma, target.net, null, null);
        assertEquals(2, r.step());
        assertThrows(IllegalArgumentException.class, () -> r.rng("data"));
    }

    @Test
    void aTruncatedTrainingCheckpointIsRefusedAndChangesNothing() throws Exception {
        Run saved = new Run(3);
        saved.train(2);
        Path path = dir.resolve("run.safetensors");
        saved.save(path);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 4);
        }
        Run target = new Run(4);
        target.train(1);
        Map<String, float[]> model = snapshot(target.net);
        Map<String, float[]> opt = optimizerSnapshot(target.opt);
        IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.load(path, target.net, target.opt,
                target.ema));
        assertTrue(e instanceof SafeTensorsException, e.toString());
        assertUnchanged(model, target.net);
        target.opt.stateDict().tensors().forEach((n, t) -> assertArrayEquals(opt.get(n), t.toArray(), n));
    }
}
