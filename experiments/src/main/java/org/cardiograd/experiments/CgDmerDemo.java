package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cardiograd.ecg.cgdmer.CgDmerConfig;
import org.cardiograd.ecg.crema.Crema;
import org.cardiograd.ecg.crema.CremaConfig;
import org.cardiograd.ecg.zeroshot.CategoryDescriptionSet;
import org.cardiograd.tensor.Rng;

/**
 * {@code ./cardiograd demo --model cgdmer}: on synthetic ECG + report pairs, pretrains CG-DMER's CPU preset,
 * probes its frozen ECG encoder against the same encoder at random initialization and against CREMA pretrained
 * for the same steps on the same ECGs, and classifies the test ECGs zero-shot from the synthetic classes'
 * descriptions. Writes results.md, metrics.csv, loss.png, reconstruction.png, tsne.png and vocab.txt.
 */
final class CgDmerDemo {
    static final int STEPS = 500;
    static final String SUMMARY = "pretrain CG-DMER on synthetic ECG + report pairs; linear probe vs random init "
            + "vs CREMA (same steps), zero-shot AUROC, t-SNE";

    private CgDmerDemo() {}

    static int run(int steps, int train, int test, long seed, Path runs) throws IOException {
        long t0 = System.nanoTime();
        CgDmerConfig config = CgDmerConfig.cpu();
        double fs = config.ecg().samples() / 10.0;
        System.out.printf("generating %d + %d synthetic 12-lead ECGs with reports (10 s at %.0f Hz)...%n", train,
                test, fs);
        EcgArrays trainSet = SyntheticData.generate(seed, 0, train, fs, 2);
        EcgArrays testSet = SyntheticData.generate(seed, train, test, fs, 2);
        Path run = runs.resolve("demo-cgdmer-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(run);

        PretrainableModel.Factory factory = CgDmerModel.factory("cpu", config, null,
                Math.min(config.text().maxTokens(), 64), List.of());
        factory.prepare(trainSet, run);
        Map<String, LinearProbing.Result> probes = new LinkedHashMap<>();
        probes.put("CG-DMER, random init", LinearProbing.probe(factory.create(new Rng(seed)).encoder(), trainSet,
                testSet, seed));

        Pretraining.Settings settings = new Pretraining.Settings(steps, 32, 1e-3, 1e-5, 0.05, steps / 10, seed);
        CgDmerModel cgdmer = (CgDmerModel) factory.create(new Rng(seed));
        List<Pretraining.StepLog> log = Pretraining.run(cgdmer, trainSet, settings, "pretrain CG-DMER");
        probes.put("CG-DMER (encoder output)", LinearProbing.probe(cgdmer.encoder(), trainSet, testSet, seed));
        probes.put("CG-DMER (shared embedding)", LinearProbing.probe(cgdmer.sharedEncoder(), trainSet, testSet,
                seed));

        CremaModel crema = new CremaModel(new Crema(CremaConfig.cpu(), new Rng(seed)));
        List<Pretraining.StepLog> cremaLog = Pretraining.run(crema, trainSet, settings, "pretrain CREMA");
        probes.put("CREMA (HL, same steps)", LinearProbing.probe(crema.encoder(), trainSet, testSet, seed));

        CategoryDescriptionSet set = CategoryDescriptionSet.load("synthetic");
        ZeroshotCommand.Evaluation zs = ZeroshotCommand.evaluate(cgdmer, set, testSet, 200, seed, null);

        writeMetrics(run, log, cremaLog);
        LossCurvePlot curves = new LossCurvePlot("CG-DMER and CREMA pretraining on synthetic ECG + report pairs");
        for (String part : cgdmer.lossParts()) {
            curves.add("CG-DMER " + part, log.stream().map(s -> (double) s.part(part)).toList());
        }
        curves.add("CREMA reconstruction", cremaLog.stream().map(s -> (double) s.part("reconstruction")).toList());
        curves.save(run.resolve("loss.png"));
        cgdmer.saveFigures(testSet, seed, run);
        TsneFigure.save(zs.embeddings(), testSet.labels(), testSet.classes(), seed,
                "CG-DMER shared ECG embeddings of the synthetic test set, t-SNE", run.resolve("tsne.png"));

        String probeTable = DemoCommand.table(probes, trainSet.classes());
        String zeroShot = String.format(Locale.ROOT, "Zero-shot on the synthetic test set (descriptions of the "
                + "'synthetic' set: five diagnostic classes and four rhythms; cosine similarity of the shared "
                + "embeddings), macro AUROC %.3f (95%% CI %.3f-%.3f)%n%n", zs.result().macro(),
                zs.result().macroInterval().low(), zs.result().macroInterval().high()) + zs.result().markdown(set);
        String text = probeTable + "\n" + zeroShot;
        Files.writeString(run.resolve("results.md"), "# cardiograd demo: CG-DMER\n\n" + String.format(Locale.ROOT,
                "%d synthetic training and %d test ECG + report pairs, %d steps of batch 32 for each model.%n%n",
                train, test, steps) + text);
        System.out.println();
        System.out.print(text);
        System.out.printf("%nfinished in %.1f min. In %s: results.md (these tables), metrics.csv (every step),%n"
                + "loss.png (loss curves), reconstruction.png (an ECG, its spatial-temporal mask, CG-DMER's "
                + "reconstruction),%ntsne.png (t-SNE of the shared ECG embeddings), vocab.txt (the WordPiece "
                + "vocabulary of the reports)%n", (System.nanoTime() - t0) / 6e10, run);
        return 0;
    }

    private static void writeMetrics(Path run, List<Pretraining.StepLog> cgdmer, List<Pretraining.StepLog> crema)
            throws IOException {
        List<String> csv = new ArrayList<>();
        csv.add("model,step,loss," + String.join(",", CgDmerModel.LOSS_PARTS) + ",reconstruction,lr");
        for (Pretraining.StepLog s : cgdmer) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "cgdmer,%d,%.6f", s.step(), s.total()));
            CgDmerModel.LOSS_PARTS.forEach(p -> line.append(String.format(Locale.ROOT, ",%.6f", s.part(p))));
            csv.add(line.append(String.format(Locale.ROOT, ",,%.6g", s.lr())).toString());
        }
        for (Pretraining.StepLog s : crema) {
            csv.add(String.format(Locale.ROOT, "crema,%d,%.6f,,%.6f,,,,%.6f,%.6g", s.step(), s.total(),
                    s.part("contrastive"), s.part("reconstruction"), s.lr()));
        }
        Files.write(run.resolve("metrics.csv"), csv);
    }
}
