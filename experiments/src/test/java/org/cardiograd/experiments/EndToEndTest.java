package org.cardiograd.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.cardiograd.tensor.io.SafeTensors;
import org.cardiograd.tensor.io.SafeTensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pretrain -> resume -> probe -> finetune on a few synthetic ECGs with a tiny CREMA, in a temp folder. */
class EndToEndTest {
    static final String[] TINY = {"--set", "width=32", "--set", "heads=2", "--set", "depth=1", "--set",
        "decoderWidth=32", "--set", "decoderHeads=2", "--set", "projectionDim=16", "--threads", "2"};

    static String[] args(String[] base, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(more));
        all.addAll(Arrays.asList(base));
        return all.toArray(String[]::new);
    }

    @Test
    void pretrainResumeProbeFinetune(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("pre");
        assertEquals(0, Main.run(args(TINY, "pretrain", "--records", "48", "--test-records", "8", "--steps", "6",
                "--batch", "8", "--checkpoint-every", "2", "--out", run.toString())));
        for (String f : List.of("config.json", "metrics.csv", "loss.png", "reconstruction.png",
                "checkpoints/step-000002.safetensors", "checkpoints/step-000006.safetensors")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        List<String> straight = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(7, straight.size());
        Map<String, String> straightState = state(run.resolve("checkpoints/step-000006.safetensors"));

        // interrupted after step 2: resuming from its checkpoint redoes steps 3..6 bit for bit
        assertEquals(0, Main.run(new String[] {"pretrain", "--resume",
            run.resolve("checkpoints/step-000002.safetensors").toString()}));
        assertEquals(straight, Files.readAllLines(run.resolve("metrics.csv")));
        assertEquals(straightState, state(run.resolve("checkpoints/step-000006.safetensors")));

        Path probe = dir.resolve("probe");
        assertEquals(0, Main.run(new String[] {"probe", "--checkpoint", run.toString(), "--records", "64",
            "--test-records", "48", "--fractions", "0.25,1", "--bootstrap", "20", "--threads", "2", "--out",
            probe.toString()}));
        ResultsTable lp = ResultsTable.read(probe.resolve("auroc.csv"));
        assertEquals(List.of("LP 25%", "LP 100%"), lp.columnNames());
        String md = Files.readString(probe.resolve("results.md"));
        assertTrue(md.contains(lp.markdown()), md);
        for (String row : List.of("| MI |", "| STTC |", "| CD |", "| HYP |", "| macro |", "| overall (sum) |")) {
            assertTrue(md.contains(row), row);
        }
        for (String c : SyntheticData.SUPERCLASSES) {
            assertTrue(Files.isRegularFile(probe.resolve("roc-" + c + ".png")), c);
        }
        checkAgainstDirectProbe(run, probe);

        Path ft = dir.resolve("ft");
        assertEquals(0, Main.run(new String[] {"finetune", "--checkpoint", run.toString(), "--records", "64",
            "--test-records", "48", "--fractions", "0.5,1", "--steps", "4", "--batch", "8", "--layer-decay", "0.75",
            "--checkpoint-every", "2", "--bootstrap", "20", "--threads", "2", "--probe-run", probe.toString(),
            "--out", ft.toString()}));
        String combined = Files.readString(ft.resolve("results.md"));
        assertTrue(combined.contains("| task | LP 25% | LP 100% | FT 50% | FT 100% |"), combined);
        List<String> ftMetrics = Files.readAllLines(ft.resolve("metrics.csv"));
        assertEquals(9, ftMetrics.size()); // header + 2 fractions x 4 steps
        String ftAuroc = Files.readString(ft.resolve("auroc.csv"));

        // interrupted in the 100% fraction after step 2: resuming gives the same losses and AUROCs
        Files.delete(ft.resolve("checkpoints/ft-100pct-step-000004.safetensors"));
        assertEquals(0, Main.run(new String[] {"finetune", "--resume", ft.toString()}));
        assertEquals(ftMetrics, Files.readAllLines(ft.resolve("metrics.csv")));
        assertEquals(ftAuroc, Files.readString(ft.resolve("auroc.csv")));

        Path report = dir.resolve("report.md");
        assertEquals(0, Main.run(new String[] {"report", "--run", probe.toString(), "--run", ft.toString(), "--out",
            report.toString()}));
        assertTrue(Files.readString(report).contains(ResultsTable.combine(List.of(lp,
                ResultsTable.read(ft.resolve("auroc.csv")))).markdown()));
    }

    /** The probe command's 100% column equals a probe computed here from the checkpoint's encoder directly. */
    private static void checkAgainstDirectProbe(Path run, Path probe) throws Exception {
        Path ckpt = RunFolder.checkpointOf(run.toString(), "--checkpoint");
        PretrainCommand.Pretrained pre = PretrainCommand.load(ckpt, "--checkpoint");
        DataSpec.Split split = DataSpec.parse("synthetic").load(new DataSpec.Request(pre.factory().samples(), 10, 64,
                48, 0.2, 42));
        Encoder e = pre.model().encoder();
        float[][] scores = LinearProbing.scores(LinearProbing.features(e, split.train(), 64, null),
                split.train().labels(), LinearProbing.features(e, split.test(), 64, null), 1.0, 30);
        TaskEvaluation expected = TaskEvaluation.of(scores, split.test().labels(), split.test().classes(), 20, 42);
        String csv = Files.readString(probe.resolve("auroc.csv"));
        for (String task : TaskEvaluation.TASKS) {
            assertTrue(csv.contains(String.format(java.util.Locale.ROOT, "LP 100%%,%s,%.6f,", task,
                    expected.auroc().get(task))), task + " in " + csv);
        }
    }

    /** Every tensor and counter of a checkpoint (model, optimizer moments, step, generator state) as numbers. */
    static Map<String, String> state(Path checkpoint) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (SafeTensorsFile f = SafeTensors.read(checkpoint)) {
            for (String name : f.names()) {
                // exact text of every value (Float.toString round-trips), so equal maps mean equal bits
                out.put(name, f.dtype(name).isInteger() ? Arrays.toString(f.longs(name))
                        : Arrays.toString(f.tensor(name).toArray()));
            }
        }
        return out;
    }
}
