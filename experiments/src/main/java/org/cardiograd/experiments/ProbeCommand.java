package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.ecg.io.LabelFractionSampler;
import org.cardiograd.ecg.zeroshot.CategoryDescriptionSet;

/**
 * {@code ./cardiograd probe}: linear probing of a frozen encoder. Pooled features of the train and test
 * records, one L2-regularized logistic regression per class on 1%, 10% and 100% of the training labels
 * (stratified), test AUROC per class with bootstrap intervals; results.md, auroc.csv, metrics.csv,
 * metrics.json and roc-&lt;class&gt;.png in the run folder.
 */
final class ProbeCommand implements Command {
    @Override
    public String name() {
        return "probe";
    }

    @Override
    public String summary() {
        return "linear probe of a frozen encoder at 1/10/100% labels: AUROC per task, bootstrap CI, ROC curves";
    }

    static Options options() {
        Options o = new Options("probe", "Fits logistic regressions on the frozen encoder's pooled features and "
                + "reports test AUROCs (results.md, auroc.csv, metrics.csv, metrics.json, roc-<class>.png).");
        EncoderSource.declare(o);
        DataSpec.declare(o);
        o.value("--features", "KIND", "encoder", "CG-DMER features: encoder (the ECG encoder's pooled output, the "
                + "whole representation) or shared (the shared embedding after the shared head)");
        o.value("--labels", "SET", "superclasses", "the tasks: superclasses (MI, STTC, CD, HYP and NORM, the "
                + "paper's), or a category set whose classes become the tasks: " + String.join(", ",
                CategoryDescriptionSet.names()) + ", or a .tsv of your own (records match a class by its code or "
                + "SNOMED-CT code)");
        o.value("--fractions", "LIST", "0.01,0.1,1", "label fractions of the training set, comma-separated");
        o.value("--lambda", "X", "1.0", "L2 strength of the logistic regressions (on standardized features)");
        o.value("--iterations", "N", "30", "maximum Newton iterations per class");
        o.value("--bootstrap", "N", "1000", "bootstrap rounds of the 95% intervals");
        o.value("--seed", "S", "42", "seed of label sampling, bootstrap, random init and synthetic data");
        Compute.declare(o);
        o.value("--out", "DIR", null, "run folder (default runs/probe-<time>)");
        return o;
    }

    @Override
    public int run(String[] args) throws IOException {
        Options.Parsed p = options().parse(args);
        if (p == null) {
            return 0;
        }
        Compute.use(p);
        long seed = p.longValue("--seed");
        List<Double> fractions = fractions(p.string("--fractions"));
        double lambda = p.decimal("--lambda");
        int iterations = p.atLeast("--iterations", 1);
        int rounds = p.atLeast("--bootstrap", 10);
        EncoderSource.Loaded source = EncoderSource.load(p, seed);
        DataSpec data = DataSpec.parse(p.string("--data"));
        RunFolder run = RunFolder.create(p.string("--out"), Path.of("runs"), "probe");
        DataSpec.Split split = relabel(data.load(source.request(p, seed)), p.string("--labels"), data);
        Encoder encoder = encoder(source, p.string("--features"));
        float[][] trainFeatures = LinearProbing.features(encoder, split.train(), 64, "features (train)");
        float[][] testFeatures = LinearProbing.features(encoder, split.test(), 64, "features (test)");

        EvaluationReport report = new EvaluationReport("linear probe", split.train().classes(), rounds, seed,
                "metrics.csv");
        for (double fraction : fractions) {
            int[] subset = LabelFractionSampler.sample(labelSets(split.train()), fraction, seed);
            float[][] scores = LinearProbing.scores(rows(trainFeatures, subset), rows(split.train().labels(), subset),
                    testFeatures, lambda, iterations);
            report.add(ResultsTable.column("LP", fraction), subset.length, scores, split.test().labels());
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "probe");
        config.put("encoder", source.description());
        config.put("model_config", source.factory().config());
        config.put("data", data.summary(split));
        config.put("options", p.resolved());
        run.write("config.json", Json.write(config));
        report.write(run, "Linear probe", source.description() + ", features: " + featureText(source,
                p.string("--features")) + ", data " + data.describe() + " ("
                + split.train().size() + " train / " + split.test().size() + " test records).", null);
        System.out.printf("%nIn %s: results.md, auroc.csv, metrics.csv, metrics.json, roc-<class>.png%n", run.path());
        return 0;
    }

    /** The split with its labels over the classes of a category set instead of the superclasses. */
    static DataSpec.Split relabel(DataSpec.Split split, String labels, DataSpec data) throws IOException {
        if (labels.equals("superclasses")) {
            return split;
        }
        CategoryDescriptionSet set = ZeroshotCommand.labelSet(labels);
        return new DataSpec.Split(relabel(split.train(), set, data), relabel(split.test(), set, data));
    }

    private static EcgArrays relabel(EcgArrays a, CategoryDescriptionSet set, DataSpec data) {
        if (a.recordLabels() == null) {
            throw new Options.UsageException("--labels " + set.name() + ": the data " + data.describe()
                    + " carry no label codes");
        }
        return new EcgArrays(a.signals(), a.labelsOver(set), set.codes(), a.samplingRate(), a.reports(), a.patients(),
                a.recordLabels());
    }

    /** The encoder whose features are probed: CG-DMER's encoder output or its shared embedding. */
    static Encoder encoder(EncoderSource.Loaded source, String features) {
        boolean cgdmer = source.model() instanceof CgDmerModel;
        switch (features) {
            case "encoder":
                return source.model().encoder();
            case "shared":
                if (!cgdmer) {
                    throw new Options.UsageException("--features shared: only CG-DMER has a shared embedding");
                }
                return ((CgDmerModel) source.model()).sharedEncoder();
            default:
                throw new Options.UsageException("--features " + features + ": expected encoder or shared");
        }
    }

    private static String featureText(EncoderSource.Loaded source, String features) {
        if (!(source.model() instanceof CgDmerModel)) {
            return "the encoder's pooled output";
        }
        return features.equals("shared") ? "CG-DMER's shared ECG embedding (after the shared head)"
                : "CG-DMER's ECG encoder output, pooled (the whole representation, before the heads)";
    }

    static List<Double> fractions(String list) {
        List<Double> out = new ArrayList<>();
        for (String f : list.split(",")) {
            double v;
            try {
                v = Double.parseDouble(f.trim());
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!(v > 0 && v <= 1)) {
                throw new Options.UsageException("--fractions " + list + ": each fraction must be in (0, 1], got '"
                        + f + "'");
            }
            out.add(v);
        }
        return out;
    }

    /** The class names of each record, as LabelFractionSampler takes them. */
    static List<List<String>> labelSets(EcgArrays data) {
        List<List<String>> out = new ArrayList<>();
        for (float[] row : data.labels()) {
            List<String> l = new ArrayList<>();
            for (int c = 0; c < row.length; c++) {
                if (row[c] > 0.5f) {
                    l.add(data.classes().get(c));
                }
            }
            out.add(l);
        }
        return out;
    }

    static float[][] rows(float[][] m, int[] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = m[rows[i]];
        }
        return out;
    }
}
