package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cardiograd.nn.checkpoint.TrainingCheckpoint;
import org.cardiograd.tensor.Rng;

/**
 * {@code ./cardiograd pretrain}: self-supervised pretraining of a model (CREMA) on a dataset, into a run folder
 * with config.json, metrics.csv, checkpoints every N steps and at the end, loss.png and the model's figures.
 * {@code --resume} continues an interrupted run from a checkpoint with the options saved in it.
 */
final class PretrainCommand implements Command {
    static final String METRICS = "metrics.csv";

    @Override
    public String name() {
        return "pretrain";
    }

    @Override
    public String summary() {
        return "self-supervised pretraining (CREMA: HL, GL or CL; CG-DMER on ECG + report pairs), checkpoints, "
                + "--resume";
    }

    static Options options() {
        Options o = new Options("pretrain", "Pretrains a model on ECGs without labels. Writes config.json, "
                + "metrics.csv, checkpoints/, loss.png and reconstruction.png into the run folder.");
        ModelOptions.declare(o);
        DataSpec.declare(o);
        o.value("--steps", "N", "300", "optimizer steps");
        o.value("--batch", "N", "32", "ECGs per step");
        o.value("--lr", "X", "1e-3", "peak learning rate (AdamW)");
        o.value("--min-lr", "X", "1e-5", "learning rate at the end of the cosine decay");
        o.value("--warmup", "N", null, "linear warm-up steps (default: a tenth of --steps)");
        o.value("--weight-decay", "X", "0.05", "AdamW weight decay (not on biases, norms, embeddings)");
        o.value("--seed", "S", "42", "seed of initialization, batches, augmentations and masks");
        Compute.declare(o);
        o.value("--checkpoint-every", "N", "100", "write a checkpoint every N steps (and always at the end)");
        o.value("--out", "DIR", null, "run folder (default runs/pretrain-<time>)");
        o.value("--resume", "RUN|FILE", null, "continue a run from its last checkpoint (or the given one) with "
                + "its saved options; only --threads and --device may be given with it");
        return o;
    }

    @Override
    public int run(String[] args) throws IOException {
        Options o = options();
        Options.Parsed p = o.parse(args);
        if (p == null) {
            return 0;
        }
        Path resumeFrom = null;
        RunFolder run;
        if (p.has("--resume")) {
            resumeFrom = RunFolder.checkpointOf(p.string("--resume"), "--resume");
            p = Resume.options(o, "pretrain", args, p, resumeFrom);
            run = RunFolder.ofCheckpoint(resumeFrom);
        } else {
            run = RunFolder.create(p.string("--out"), Path.of("runs"), "pretrain");
        }
        // saved with the run: no build's defaults
        p = o.parse(ModelOptions.explicit(p).toArray(String[]::new), p.defaultsInEffect());
        Compute.use(p);
        PretrainableModel.Factory factory = ModelOptions.factory(p);
        long seed = p.longValue("--seed");
        int steps = p.atLeast("--steps", 1);
        Pretraining.Settings settings = new Pretraining.Settings(steps, p.atLeast("--batch", 1), p.decimal("--lr"),
                p.decimal("--min-lr"), p.decimal("--weight-decay"),
                p.has("--warmup") ? p.atLeast("--warmup", 0) : steps / 10, seed);
        int every = p.atLeast("--checkpoint-every", 1);
        DataSpec data = DataSpec.parse(p.string("--data"));
        DataSpec.Split split = data.load(DataSpec.request(p, factory.samples(), seed));

        factory.prepare(split.train(), run.path());
        PretrainableModel model = factory.create(new Rng(seed));
        Pretraining training = new Pretraining(model, split.train(), settings);
        int start = 0;
        List<String> columns = new ArrayList<>(List.of("step", "loss"));
        columns.addAll(model.lossParts());
        columns.add("lr");
        if (resumeFrom != null) {
            start = (int) training.restore(resumeFrom);
            keepMetricsUpTo(run, start);
            System.out.printf("resuming %s at step %d of %d from %s%n", run.path(), start, steps, resumeFrom);
        } else {
            run.write(METRICS, String.join(",", columns) + "\n");
        }
        Map<String, Object> config = config(p, factory, data, split, settings, resumeFrom, start);
        run.write("config.json", Json.write(config));
        Map<String, String> metadata = Resume.metadata("pretrain", p, Json.write(config));

        ProgressBar bar = new ProgressBar("pretrain " + factory.name(), steps - start);
        for (int step = start; step < steps; step++) {
            Pretraining.StepLog s = training.step(step);
            StringBuilder line = new StringBuilder(Integer.toString(s.step()));
            line.append(String.format(Locale.ROOT, ",%.6f", s.total()));
            s.parts().values().forEach(v -> line.append(String.format(Locale.ROOT, ",%.6f", v)));
            run.append(METRICS, line.append(String.format(Locale.ROOT, ",%.6g", s.lr())).toString());
            bar.update(step + 1 - start, (long) (step + 1 - start) * settings.batch(), "step " + s.step() + " "
                    + Pretraining.describe(s));
            if (s.step() % every == 0 || s.step() == steps) {
                training.save(run.checkpoint(s.step()), s.step(), metadata);
            }
        }
        model.module().eval();
        LossCurvePlot.fromCsv(run.resolve(METRICS), "pretraining " + factory.name() + " on " + data.describe(),
                model.lossParts()).save(run.resolve("loss.png"));
        model.saveFigures(split.test(), seed, run.path());
        System.out.printf("pretrained %d steps. In %s: config.json, metrics.csv, checkpoints/, loss.png%s%s%n", steps,
                run.path(), Files.exists(run.resolve("reconstruction.png")) ? ", reconstruction.png" : "",
                Files.exists(run.resolve(CgDmerModel.VOCAB)) ? ", " + CgDmerModel.VOCAB : "");
        return 0;
    }

    private static Map<String, Object> config(Options.Parsed p, PretrainableModel.Factory factory, DataSpec data,
                                              DataSpec.Split split, Pretraining.Settings settings, Path resumeFrom,
                                              int start) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", "pretrain");
        c.put("model", factory.name());
        c.put("model_config", factory.config());
        c.put("data", data.summary(split));
        c.put("training", RecordOverrides.fields(settings));
        c.put("seed", settings.seed());
        c.put("threads", p.integer("--threads"));
        c.put("options", p.resolved());
        if (resumeFrom != null) {
            c.put("resumed_from", Map.of("checkpoint", resumeFrom.toString(), "step", start));
        }
        return c;
    }

    /** Drops metrics rows after the resumed step (steps that ran after the checkpoint and will run again). */
    private static void keepMetricsUpTo(RunFolder run, int step) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve(METRICS));
        List<String> kept = new ArrayList<>(lines.subList(0, 1));
        for (String l : lines.subList(1, lines.size())) {
            if (Integer.parseInt(l.substring(0, l.indexOf(','))) <= step) {
                kept.add(l);
            }
        }
        run.write(METRICS, String.join("\n", kept) + "\n");
    }

    /** A pretrained model restored from a pretrain checkpoint, with the options it was trained with. */
    record Pretrained(PretrainableModel model, PretrainableModel.Factory factory, Options.Parsed options, long step) {}

    static Pretrained load(Path checkpoint, String option) throws IOException {
        Options.Parsed p = Resume.saved(options(), checkpoint, "pretrain", option);
        PretrainableModel.Factory factory = ModelOptions.factory(p);
        factory.prepare(null, RunFolder.ofCheckpoint(checkpoint).path());
        PretrainableModel model = factory.create(new Rng(0));
        long step = TrainingCheckpoint.load(checkpoint, model.module(), null, null).step();
        model.module().eval();
        return new Pretrained(model, factory, p, step);
    }
}
