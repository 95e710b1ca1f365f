package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cardiograd.ecg.io.LabelFractionSampler;
import org.cardiograd.nn.checkpoint.TrainingCheckpoint;
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
        Threads.declare(o);
        o.value("--probe-run", "DIR", null, "a probe run folder whose LP columns join this run's results.md");
        o.value("--out", "DIR", null, "run folder (default runs/finetune-<time>)");
        return o;
    }

    @Override
    public int run(String[] args) throws IOException {
        Options.Parsed p = options().parse(args);
        if (p == null) {
            return 0;
        }
        Threads.use(p.atLeast("--threads", 1));
        long seed = p.longValue("--seed");
        List<Double> fractions = ProbeCommand.fractions(p.string("--fractions"));
        int steps = p.atLeast("--steps", 1);
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
        RunFolder run = RunFolder.create(p.string("--out"), Path.of("runs"), "finetune");
        DataSpec.Split split = data.load(first.request(p, seed));

        EvaluationReport report = new EvaluationReport("fine-tuned", split.train().classes(), rounds, seed,
                "auroc-per-class.csv");
        LossCurvePlot curves = new LossCurvePlot("fine-tuning BCE on " + data.describe());
        List<String> csv = new ArrayList<>(List.of("fraction,step,loss,lr"));
        for (double fraction : fractions) {
            // every fraction starts from the same weights: the checkpoint (or the seeded init) again
            EncoderSource.Loaded source = fraction == fractions.get(0) ? first : EncoderSource.load(p, seed);
            Encoder encoder = source.model().encoder();
            FineTuning.Classifier model = new FineTuning.Classifier(encoder, split.train().classes().size(),
                    new Rng(seed + 7));
            int[] subset = LabelFractionSampler.sample(ProbeCommand.labelSets(split.train()), fraction, seed);
            String column = ResultsTable.column("FT", fraction);
            List<float[]> log = FineTuning.train(model, encoder, split.train(), subset, settings,
                    new ProgressBar("finetune " + column, steps));
            log.forEach(r -> csv.add(String.format(Locale.ROOT, "%s,%d,%.6f,%.6g", fraction, (int) r[0], r[1], r[2])));
            curves.add(column, log.stream().map(r -> (double) r[1]).toList());
            TrainingCheckpoint.builder().model(model).step(steps).metadata("command", "finetune")
                    .metadata("encoder", source.description()).metadata("fraction", Double.toString(fraction))
                    .write(run.checkpoint("ft-" + column.substring(3).replace("%", "pct")));
            report.add(column, subset.length, FineTuning.predict(model, split.test(), 64), split.test().labels());
        }
        curves.save(run.resolve("loss.png"));
        run.write("metrics.csv", String.join("\n", csv) + "\n");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "finetune");
        config.put("encoder", first.description());
        config.put("model_config", first.factory().config());
        config.put("data", data.summary(split));
        config.put("training", RecordOverrides.fields(settings));
        config.put("options", p.resolved());
        run.write("config.json", Json.write(config));
        String heading = first.description() + " fine-tuned on " + data.describe() + " (" + split.train().size()
                + " train / " + split.test().size() + " test records).";
        report.write(run, "Fine-tuning", heading, probeCsv == null ? null : ResultsTable.read(probeCsv));
        System.out.printf("%nIn %s: results.md, auroc.csv, metrics.csv (loss per step), auroc-per-class.csv, "
                + "metrics.json, loss.png, roc-<class>.png, checkpoints/%n", run.path());
        return 0;
    }
}
