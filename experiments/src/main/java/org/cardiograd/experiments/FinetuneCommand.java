package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.cardiograd.ecg.io.LabelFractionSampler;
import org.cardiograd.tensor.Rng;

/**
 * {@code ./cardiograd finetune}: the encoder (pretrained or random) with a linear head, trained end to end
 * with BCE on 1%, 10% and 100% of the training labels, each from the same starting weights; test AUROCs in
 * the paper's table (FT columns), loss curves, ROC curves and the fine-tuned weights in the run folder.
 */
final class FinetuneCommand implements Command {
    @Override
    public String name() {
        return "finetune";
    }

    @Override
    public String summary() {
        return "fine-tune encoder + linear head end to end (BCE, label fractions, layer-wise lr decay)";
    }

    static Options options() {
        Options o = new Options("finetune", "Trains the encoder and a linear head on the labels and reports test "
                + "AUROCs (results.md, auroc.csv, metrics.csv, metrics.json, loss.png, roc-<class>.png, "
                + "checkpoints/).");
        EncoderSource.declare(o);
        DataSpec.declare(o);
        o.value("--fractions", "LIST", "0.01,0.1,1", "label fractions of the training set, comma-separated");
        o.value("--steps", "N", "200", "optimizer steps per label fraction");
        o.value("--batch", "N", "32", "ECGs per step");
        o.value("--lr", "X", "3e-4", "peak learning rate of the head (AdamW)");
        o.value("--layer-decay", "X", "1", "layer-wise learning-rate decay (1 = off, e.g. 0.75)");
        o.value("--weight-decay", "X", "0.05", "AdamW weight decay (not on biases, norms, embeddings)");
        o.value("--warmup", "N", null, "linear warm-up steps (default: a tenth of --steps)");
        o.value("--bootstrap", "N", "1000", "bootstrap rounds of the 95% intervals");
        o.value("--seed", "S", "42", "seed of head init, label sampling, batches, bootstrap, synthetic data");
        Compute.declare(o);
        o.value("--probe-run", "DIR", null, "a probe run folder whose LP columns join this run's results.md");
        o.value("--checkpoint-every", "N", "100", "write a checkpoint every N steps (and always at the end)");
        o.value("--out", "DIR", null, "run folder (default runs/finetune-<time>)");
        o.value("--resume", "RUN", null, "continue an interrupted finetune run from its checkpoints with its saved "
                + "options; only --threads and --device may be given with it");
        return o;
    }

    @Override
    public int run(String[] args) throws IOException {
        Options o = options();
        Options.Parsed p = o.parse(args);
        if (p == null) {
            return 0;
        }
        RunFolder run = null;
        if (p.has("--resume")) {
            run = new RunFolder(Path.of(p.string("--resume")));
            p = Resume.options(o, "finetune", args, p, anyCheckpoint(run));
        }
        Compute.use(p);
        long seed = p.longValue("--seed");
        List<Double> fractions = ProbeCommand.fractions(p.string("--fractions"));
        int steps = p.atLeast("--steps", 1);
        int every = p.atLeast("--checkpoint-every", 1);
        double layerDecay = p.decimal("--layer-decay");
        if (!(layerDecay > 0 && layerDecay <= 1)) {
            throw new Options.UsageException("--layer-decay must be in (0, 1], got " + layerDecay);
        }
        FineTuning.Settings settings = new FineTuning.Settings(steps, p.atLeast("--batch", 1), p.decimal("--lr"),
                p.decimal("--weight-decay"), layerDecay, p.has("--warmup") ? p.atLeast("--warmup", 0) : steps / 10,
                seed);
        int rounds = p.atLeast("--bootstrap", 10);
        Path probeCsv = null;
        if (p.has("--probe-run")) {
            probeCsv = Path.of(p.string("--probe-run")).resolve(ResultsTable.CSV);
            if (!Files.isRegularFile(probeCsv)) {
                throw new Options.UsageException("--probe-run " + p.string("--probe-run") + ": no " + ResultsTable.CSV
                        + " (expected the folder of a probe run)");
            }
        }
        EncoderSource.Loaded first = EncoderSource.load(p, seed);
        DataSpec data = DataSpec.parse(p.string("--data"));
        boolean resuming = run != null;
        if (!resuming) {
            run = RunFolder.create(p.string("--out"), Path.of("runs"), "finetune");
        }
        DataSpec.Split split = data.load(first.request(p, seed));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "finetune");
        config.put("encoder", first.description());
        config.put("model_config", first.factory().config());
        config.put("data", data.summary(split));
        config.put("training", RecordOverrides.fields(settings));
        config.put("options", p.resolved());
        run.write("config.json", Json.write(config));
        Map<String, String> metadata = Resume.metadata("finetune", p, Json.write(config));

        // where each fraction stands: steps done according to its latest checkpoint
        Map<Double, Path> latest = new LinkedHashMap<>();
        Map<Double, Long> done = new LinkedHashMap<>();
        for (double fraction : fractions) {
            Path ckpt = resuming ? latestCheckpoint(run, tag(fraction)) : null;
            latest.put(fraction, ckpt);
            String name = ckpt == null ? "" : ckpt.getFileName().toString();
            done.put(fraction, ckpt == null ? 0L : Long.parseLong(name.substring(name.lastIndexOf('-') + 1,
                    name.indexOf('.'))));
        }
        if (resuming) {
            keepMetricsUpTo(run, done);
        } else {
            run.write(METRICS, "fraction,step,loss,lr\n");
        }

        EvaluationReport report = new EvaluationReport("fine-tuned", split.train().classes(), rounds, seed,
                "auroc-per-class.csv");
        for (double fraction : fractions) {
            // every fraction starts from the same weights: the checkpoint (or the seeded init) again
            EncoderSource.Loaded source = fraction == fractions.get(0) ? first : EncoderSource.load(p, seed);
            FineTuning.Classifier model = new FineTuning.Classifier(source.model().encoder(),
                    split.train().classes().size(), new Rng(seed + 7));
            int[] subset = LabelFractionSampler.sample(ProbeCommand.labelSets(split.train()), fraction, seed);
            FineTuning training = new FineTuning(model, split.train(), subset, settings);
            int start = latest.get(fraction) == null ? 0 : (int) training.restore(latest.get(fraction));
            String column = ResultsTable.column("FT", fraction);
            ProgressBar bar = new ProgressBar("finetune " + column, Math.max(1, steps - start));
            for (int step = start; step < steps; step++) {
                float[] r = training.step(step);
                run.append(METRICS, String.format(Locale.ROOT, "%s,%d,%.6f,%.6g", fraction, (int) r[0], r[1], r[2]));
                bar.update(step + 1 - start, (long) (step + 1 - start) * settings.batch(), String.format(Locale.ROOT,
                        "step %d BCE %.4f", step + 1, r[1]));
                if ((step + 1) % every == 0 || step + 1 == steps) {
                    training.save(run.checkpoint(String.format(Locale.ROOT, "%s-step-%06d", tag(fraction), step + 1)),
                            step + 1, metadata);
                }
            }
            report.add(column, subset.length, FineTuning.predict(model, split.test(), 64), split.test().labels());
        }
        lossPlot(run, data, fractions).save(run.resolve("loss.png"));
        String heading = first.description() + " fine-tuned on " + data.describe() + " (" + split.train().size()
                + " train / " + split.test().size() + " test records).";
        report.write(run, "Fine-tuning", heading, probeCsv == null ? null : ResultsTable.read(probeCsv));
        System.out.printf("%nIn %s: results.md, auroc.csv, metrics.csv (loss per step), auroc-per-class.csv, "
                + "metrics.json, loss.png, roc-<class>.png, checkpoints/%n", run.path());
        return 0;
    }

    private static final String METRICS = "metrics.csv";

    /** Checkpoint name prefix of a label fraction: ft-1pct, ft-100pct. */
    private static String tag(double fraction) {
        return "ft-" + ResultsTable.column("", fraction).trim().replace("%", "pct");
    }

    private static Path anyCheckpoint(RunFolder run) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve(RunFolder.CHECKPOINTS))) {
            return files.filter(f -> f.getFileName().toString().matches("ft-.*-step-\\d+\\.safetensors")).sorted()
                    .findFirst().orElseThrow(() -> new Options.UsageException("--resume " + run.path()
                            + ": no finetune checkpoints in " + run.resolve(RunFolder.CHECKPOINTS)));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Options.UsageException("--resume " + run.path() + ": not a finetune run folder (no "
                    + RunFolder.CHECKPOINTS + "/)");
        }
    }

    /** The checkpoint of the highest step with the given prefix, or null. */
    private static Path latestCheckpoint(RunFolder run, String tag) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve(RunFolder.CHECKPOINTS))) {
            return files.filter(f -> f.getFileName().toString().matches(tag + "-step-\\d+\\.safetensors")).sorted()
                    .reduce((a, b) -> b).orElse(null);
        }
    }

    /** Drops the metrics rows after each fraction's resumed step (they will run again). */
    private static void keepMetricsUpTo(RunFolder run, Map<Double, Long> done) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve(METRICS));
        List<String> kept = new ArrayList<>(lines.subList(0, 1));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            if (Long.parseLong(f[1]) <= done.getOrDefault(Double.parseDouble(f[0]), 0L)) {
                kept.add(l);
            }
        }
        run.write(METRICS, String.join("\n", kept) + "\n");
    }

    /** One BCE curve per label fraction, from metrics.csv. */
    private static LossCurvePlot lossPlot(RunFolder run, DataSpec data, List<Double> fractions) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve(METRICS));
        LossCurvePlot plot = new LossCurvePlot("fine-tuning BCE on " + data.describe());
        for (double fraction : fractions) {
            plot.add(ResultsTable.column("FT", fraction), lines.subList(1, lines.size()).stream()
                    .map(l -> l.split(",")).filter(f -> Double.parseDouble(f[0]) == fraction)
                    .map(f -> Double.parseDouble(f[2])).toList());
        }
        return plot;
    }
}
