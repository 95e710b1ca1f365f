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

import org.cardiograd.ecg.crema.Crema;
import org.cardiograd.ecg.crema.CremaConfig;
import org.cardiograd.tensor.Rng;

/**
 * The README's first command. Generates the synthetic 12-lead dataset, pretrains CREMA's CPU preset in its
 * three learning modes (HL = CREMA, GL = reconstruction only, CL = contrastive only), probes each frozen
 * encoder and the same encoder at random initialization with logistic regression, and prints the macro AUROCs.
 */
final class DemoCommand implements Command {
    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "pretrain CREMA on synthetic ECGs (HL, GL, CL), compare linear probes with a random encoder "
                + "(--model cgdmer: CG-DMER on ECG + report pairs, zero-shot)";
    }

    @Override
    public int run(String[] args) throws IOException {
        int steps = 300;
        int train = 1024;
        int test = 512;
        long seed = 42;
        Path runs = Path.of("runs");
        String modelName = "crema";
        boolean stepsGiven = false;
        String device = "cpu";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps": steps = Integer.parseInt(args[++i]); stepsGiven = true; break;
                case "--train": train = Integer.parseInt(args[++i]); break;
                case "--test": test = Integer.parseInt(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                case "--runs": runs = Path.of(args[++i]); break;
                case "--model": modelName = args[++i]; break;
                case "--device": device = args[++i]; break;
                case "--help":
                    System.out.println("usage: ./cardiograd demo [--model crema|cgdmer] [--steps N] [--train N] "
                            + "[--test N] [--seed S] [--runs DIR] [--device cpu|opencl[:N]]\n\n" + summary() + "\n--model cgdmer: "
                            + CgDmerDemo.SUMMARY + "\ndefaults: --model crema --steps 300 (cgdmer: "
                            + CgDmerDemo.STEPS + ") --train 1024 --test 512 --seed 42 --runs runs");
                    return 0;
                default:
                    System.err.println("demo: unknown option '" + args[i] + "' (see --help)");
                    return 2;
            }
        }
        Compute.use(device, Runtime.getRuntime().availableProcessors());
        if (modelName.equals("cgdmer")) {
            return CgDmerDemo.run(stepsGiven ? steps : CgDmerDemo.STEPS, train, test, seed, runs);
        }
        if (!modelName.equals("crema")) {
            System.err.println("demo: --model " + modelName + ": expected crema or cgdmer");
            return 2;
        }
        long t0 = System.nanoTime();
        CremaConfig base = CremaConfig.cpu();
        double fs = base.samples() / 10.0;
        System.out.printf("generating %d + %d synthetic 12-lead ECGs (10 s at %.0f Hz)...%n", train, test, fs);
        EcgArrays trainSet = SyntheticData.generate(seed, 0, train, fs, 2);
        EcgArrays testSet = SyntheticData.generate(seed, train, test, fs, 2);
        Path run = runs.resolve("demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(run);

        Map<String, LinearProbing.Result> results = new LinkedHashMap<>();
        results.put("random init", LinearProbing.probe(new CremaModel(new Crema(base, new Rng(seed))).encoder(), trainSet,
                testSet, seed));
        List<String> csv = new ArrayList<>();
        csv.add("mode,step,loss,reconstruction,contrastive,lr");
        Pretraining.Settings settings = new Pretraining.Settings(steps, 32, 1e-3, 1e-5, 0.05, steps / 10, seed);
        LossCurvePlot curves = new LossCurvePlot("CREMA pretraining on synthetic ECGs");
        for (CremaConfig.Mode mode : new CremaConfig.Mode[] {CremaConfig.Mode.HL, CremaConfig.Mode.GL,
                CremaConfig.Mode.CL}) {
            CremaModel model = new CremaModel(new Crema(base.withMode(mode), new Rng(seed)));
            List<Pretraining.StepLog> log = Pretraining.run(model, trainSet, settings, "pretrain " + mode);
            for (Pretraining.StepLog s : log) {
                csv.add(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f,%.6f,%.6g", mode, s.step(), s.total(),
                        s.part("reconstruction"), s.part("contrastive"), s.lr()));
            }
            if (mode != CremaConfig.Mode.CL) {
                curves.add(mode + " reconstruction", log.stream().map(s -> (double) s.part("reconstruction")).toList());
            }
            if (mode != CremaConfig.Mode.GL) {
                curves.add(mode + " contrastive", log.stream().map(s -> (double) s.part("contrastive")).toList());
            }
            if (mode == CremaConfig.Mode.HL) {
                model.saveFigures(testSet, seed, run);
            }
            results.put(mode + (mode == CremaConfig.Mode.HL ? " (CREMA)" : ""),
                    LinearProbing.probe(model.encoder(), trainSet, testSet, seed));
        }
        Files.write(run.resolve("metrics.csv"), csv);
        curves.save(run.resolve("loss.png"));
        String table = table(results, trainSet.classes());
        Files.writeString(run.resolve("results.md"), "# cardiograd demo\n\n" + table);
        System.out.println();
        System.out.print(table);
        System.out.printf("%nfinished in %.1f min. In %s: results.md (this table), metrics.csv (every step),%n"
                + "loss.png (loss curves), reconstruction.png (an ECG, its masked patches, CREMA's reconstruction)%n",
                (System.nanoTime() - t0) / 6e10, run);
        return 0;
    }

    static String table(Map<String, LinearProbing.Result> results, List<String> classes) {
        StringBuilder sb = new StringBuilder();
        sb.append("Linear probe on frozen encoders, synthetic test set, macro AUROC (95% bootstrap interval)\n\n");
        sb.append("| encoder | macro AUROC | 95% CI |");
        classes.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append('\n').append("|---|---|---|").append("---|".repeat(classes.size())).append('\n');
        results.forEach((name, r) -> {
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f-%.3f |", name, r.macro(), r.interval().low(),
                    r.interval().high()));
            for (double v : r.perClass()) {
                sb.append(String.format(Locale.ROOT, " %.3f |", v));
            }
            sb.append('\n');
        });
        return sb.toString();
    }
}
