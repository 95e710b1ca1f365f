package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cardiograd.ecg.eval.Auroc;
import org.cardiograd.ecg.zeroshot.CategoryDescriptionSet;
import org.cardiograd.ecg.zeroshot.ZeroShotClassifier;
import org.cardiograd.tensor.Tensor;

/**
 * {@code ./cardiograd zeroshot}: zero-shot classification with a pretrained CG-DMER. The descriptions of a
 * label set's classes go through the report encoder and the shared text head, the ECGs through the ECG encoder
 * and the shared ECG head; an ECG scores a class by the cosine similarity of the two embeddings (the mean
 * direction of the class's phrasings). No label is used for anything but the evaluation: per-class and macro
 * AUROC with bootstrap intervals (results.md, zeroshot.csv) and a t-SNE picture of the ECG embeddings coloured
 * by class (tsne.png).
 */
final class ZeroshotCommand implements Command {
    static final String CSV = "zeroshot.csv";

    @Override
    public String name() {
        return "zeroshot";
    }

    @Override
    public String summary() {
        return "zero-shot classification with CG-DMER from category descriptions: AUROC per class, t-SNE picture";
    }

    static Options options() {
        Options o = new Options("zeroshot", "Scores each ECG against the descriptions of a label set's classes with "
                + "a pretrained CG-DMER (cosine similarity of the shared embeddings) and reports the test AUROCs "
                + "(results.md, zeroshot.csv, config.json) and a t-SNE picture of the ECG embeddings (tsne.png).");
        o.value("--checkpoint", "RUN|FILE", null, "CG-DMER pretrain run folder (its last checkpoint) or checkpoint "
                + "file; its vocab.txt must be in the run folder");
        o.value("--labels", "SET", "synthetic", "category descriptions: " + String.join(", ",
                CategoryDescriptionSet.names()) + ", or a .tsv file of your own (code, snomed_ct, description)");
        DataSpec.declare(o);
        o.value("--split", "WHICH", "test", "records scored: test (the held-out split) or all (train and test: "
                + "zero-shot uses no labels for training)");
        o.value("--bootstrap", "N", "1000", "bootstrap rounds of the 95% intervals");
        o.value("--tsne-points", "N", "1000", "ECGs in the t-SNE picture (the first N scored; 0: no picture)");
        o.value("--seed", "S", "42", "seed of the synthetic data, the bootstrap and t-SNE");
        Compute.declare(o);
        o.value("--out", "DIR", null, "run folder (default runs/zeroshot-<time>)");
        return o;
    }

    @Override
    public int run(String[] args) throws IOException {
        Options.Parsed p = options().parse(args);
        if (p == null) {
            return 0;
        }
        if (!p.has("--checkpoint")) {
            throw new Options.UsageException("zeroshot: --checkpoint RUN|FILE is required (a CG-DMER pretrain run)");
        }
        Compute.use(p);
        long seed = p.longValue("--seed");
        int rounds = p.atLeast("--bootstrap", 10);
        int tsnePoints = p.atLeast("--tsne-points", 0);
        CategoryDescriptionSet set = labelSet(p.string("--labels"));
        Path file = RunFolder.checkpointOf(p.string("--checkpoint"), "--checkpoint");
        PretrainCommand.Pretrained pre = PretrainCommand.load(file, "--checkpoint");
        if (!(pre.model() instanceof CgDmerModel model)) {
            throw new Options.UsageException("zeroshot: " + file + " is a " + pre.factory().name()
                    + " checkpoint; zero-shot needs CG-DMER's text encoder (pretrain --model cgdmer)");
        }
        if (model.tokenizer() == null) {
            throw new Options.UsageException("zeroshot: no " + CgDmerModel.VOCAB + " beside " + file
                    + " (the run folder's vocabulary encodes the descriptions)");
        }
        DataSpec data = DataSpec.parse(p.string("--data"));
        RunFolder run = RunFolder.create(p.string("--out"), Path.of("runs"), "zeroshot");
        DataSpec.Split split = data.load(DataSpec.request(p, pre.factory().samples(), p.has("--seconds")
                ? p.decimal("--seconds") : pre.options().decimal("--seconds"), seed));
        EcgArrays scored = switch (p.string("--split")) {
            case "test" -> split.test();
            case "all" -> concat(split.train(), split.test());
            default -> throw new Options.UsageException("--split " + p.string("--split") + ": expected test or all");
        };
        if (scored.recordLabels() == null) {
            throw new Options.UsageException("zeroshot: the data " + data.describe() + " carry no label codes");
        }
        Evaluation e = evaluate(model, set, scored, rounds, seed, "embedding ECGs");
        Result r = e.result();
        float[][] labels = e.labels();
        float[][] embeddings = e.embeddings();

        String heading = String.format(Locale.ROOT, "Zero-shot classification by %s (%d steps, %s) with the '%s' "
                + "category descriptions, %s records of %s (%d ECGs). Score: cosine similarity of the shared ECG "
                + "embedding with the class's description embedding.", "CG-DMER", pre.step(), file, set.name(),
                p.string("--split"), data.describe(), scored.size());
        String table = r.markdown(set);
        run.write("results.md", "# Zero-shot\n\n" + heading + " Test AUROC (95% bootstrap interval); macro over the "
                + "classes with positives and negatives.\n\n" + table);
        run.write(CSV, r.csv(set));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "zeroshot");
        config.put("checkpoint", file.toString());
        config.put("model_config", pre.factory().config());
        config.put("labels", set.name());
        config.put("data", data.summary(split));
        config.put("scored_records", scored.size());
        config.put("macro_auroc", r.macro());
        config.put("options", p.resolved());
        run.write("config.json", Json.write(config));
        System.out.println();
        System.out.print(table);
        if (tsnePoints > 0) {
            int n = Math.min(tsnePoints, embeddings.length);
            TsneFigure.save(Arrays.copyOf(embeddings, n), Arrays.copyOf(labels, n), set.codes(), seed,
                    "CG-DMER shared ECG embeddings, t-SNE, coloured by " + set.name() + " class",
                    run.resolve("tsne.png"));
        }
        System.out.printf("%nIn %s: results.md, %s, config.json%s%n", run.path(), CSV,
                Files.exists(run.resolve("tsne.png")) ? ", tsne.png" : "");
        return 0;
    }

    /** A zero-shot evaluation: the ECGs' shared embeddings, their labels over the set's classes, the AUROCs. */
    record Evaluation(float[][] embeddings, float[][] labels, Result result) {}

    /** Scores every ECG of {@code scored} (which must carry label codes) against the set's descriptions. */
    static Evaluation evaluate(CgDmerModel model, CategoryDescriptionSet set, EcgArrays scored, int rounds, long seed,
                               String progress) {
        float[][] labels = scored.labelsOver(set);
        float[][] embeddings = LinearProbing.features(model.sharedEncoder(), scored, 64, progress);
        ZeroShotClassifier classifier = ZeroShotClassifier.fromDescriptions(set, model::embedTexts);
        return new Evaluation(embeddings, labels, Result.of(classifier.scoreRows(matrix(embeddings)), labels, rounds,
                seed));
    }

    /** Per-class and macro AUROC with bootstrap intervals, and how many positives each class had. */
    record Result(double[] perClass, Auroc.Interval[] intervals, int[] positives, double macro,
                  Auroc.Interval macroInterval) {
        static Result of(float[][] scores, float[][] labels, int rounds, long seed) {
            int classes = labels[0].length;
            double[] perClass = Auroc.perClass(scores, labels);
            Auroc.Interval[] intervals = new Auroc.Interval[classes];
            int[] positives = new int[classes];
            for (int c = 0; c < classes; c++) {
                float[][] s = new float[scores.length][1];
                float[][] l = new float[scores.length][1];
                for (int i = 0; i < scores.length; i++) {
                    s[i][0] = scores[i][c];
                    l[i][0] = labels[i][c];
                    positives[c] += labels[i][c] > 0.5f ? 1 : 0;
                }
                intervals[c] = Double.isNaN(perClass[c]) ? null : Auroc.bootstrapMacro(s, l, rounds, 0.95, seed);
            }
            return new Result(perClass, intervals, positives, Auroc.macro(scores, labels),
                    Auroc.bootstrapMacro(scores, labels, rounds, 0.95, seed));
        }

        String markdown(CategoryDescriptionSet set) {
            StringBuilder sb = new StringBuilder("| class | description | positives | AUROC (95% CI) |\n|---|---|---|---|\n");
            for (int c = 0; c < perClass.length; c++) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s |%n", set.codes().get(c),
                        set.categories().get(c).description(), positives[c], cell(perClass[c], intervals[c])));
            }
            sb.append(String.format(Locale.ROOT, "| **macro** | | | **%s** |%n", cell(macro, macroInterval)));
            return sb.toString();
        }

        String csv(CategoryDescriptionSet set) {
            StringBuilder sb = new StringBuilder("class,positives,auroc,ci_low,ci_high\n");
            for (int c = 0; c < perClass.length; c++) {
                sb.append(row(set.codes().get(c), positives[c], perClass[c], intervals[c]));
            }
            return sb.append(row("macro", -1, macro, macroInterval)).toString();
        }

        private static String row(String name, int positives, double auroc, Auroc.Interval ci) {
            return String.format(Locale.ROOT, "%s,%s,%.6f,%.6f,%.6f%n", name, positives < 0 ? "" : positives, auroc,
                    ci == null ? Double.NaN : ci.low(), ci == null ? Double.NaN : ci.high());
        }

        private static String cell(double auroc, Auroc.Interval ci) {
            if (Double.isNaN(auroc)) {
                return "n/a (no positive or no negative)";
            }
            return ci == null || Double.isNaN(ci.low()) ? String.format(Locale.ROOT, "%.3f", auroc)
                    : String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", auroc, ci.low(), ci.high());
        }
    }

    static CategoryDescriptionSet labelSet(String name) throws IOException {
        if (CategoryDescriptionSet.names().contains(name)) {
            return CategoryDescriptionSet.load(name);
        }
        Path file = Path.of(name);
        if (!Files.isRegularFile(file)) {
            throw new Options.UsageException("--labels " + name + ": expected one of " + CategoryDescriptionSet.names()
                    + " or a .tsv file");
        }
        return CategoryDescriptionSet.read(file);
    }

    static Tensor matrix(float[][] rows) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return Tensor.fromArray(flat, rows.length, d);
    }

    /** Two sets of the same rate and classes as one. */
    static EcgArrays concat(EcgArrays a, EcgArrays b) {
        float[][][] signals = new float[a.size() + b.size()][][];
        System.arraycopy(a.signals(), 0, signals, 0, a.size());
        System.arraycopy(b.signals(), 0, signals, a.size(), b.size());
        float[][] labels = new float[signals.length][];
        System.arraycopy(a.labels(), 0, labels, 0, a.size());
        System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        List<java.util.Set<String>> codes = null;
        if (a.recordLabels() != null && b.recordLabels() != null) {
            codes = new ArrayList<>(a.recordLabels());
            codes.addAll(b.recordLabels());
        }
        return new EcgArrays(signals, labels, a.classes(), a.samplingRate(), joined(a.reports(), b.reports()),
                joined(a.patients(), b.patients()), codes);
    }

    private static String[] joined(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
