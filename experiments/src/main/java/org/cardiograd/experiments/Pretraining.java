package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.cardiograd.ecg.signal.Augmentation;
import org.cardiograd.ecg.signal.AugmentationComposer;
import org.cardiograd.nn.checkpoint.TrainingCheckpoint;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.nn.optim.LrSchedule;
import org.cardiograd.nn.optim.ParamGroups;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * The pretraining loop of a {@link PretrainableModel}: each step draws a batch, makes two augmented views of
 * every ECG, computes the model's objective and takes an AdamW step under linear warm-up + cosine decay.
 *
 * <p>Resuming is exact: the batch and augmentations of step t come from a generator seeded by (seed, t), the
 * masks from a generator whose state is checkpointed, and the learning rate is a function of t; a checkpoint
 * holds model, optimizer, that state and t. Same seed and thread count, same numbers, interrupted or not.
 */
final class Pretraining {
    /** One logged step. */
    record StepLog(int step, float total, Map<String, Float> parts, double lr) {
        float part(String name) {
            return parts.getOrDefault(name, 0f);
        }
    }

    /** Training settings. */
    record Settings(int steps, int batch, double lr, double minLr, double weightDecay, int warmup, long seed) {
        Settings {
            if (warmup > steps) {
                throw new Options.UsageException("warm-up steps " + warmup + " exceed the " + steps + " steps");
            }
        }
    }

    private static final String MASK_RNG = "mask";

    private final PretrainableModel model;
    private final EcgArrays data;
    private final Settings settings;
    private final AdamW optimizer;
    private final LrSchedule schedule;
    private final Augmentation augment = AugmentationComposer.contrastiveDefaults();
    private Rng maskRng;

    Pretraining(PretrainableModel model, EcgArrays data, Settings s) {
        if (model.needsReports() && java.util.Arrays.stream(data.reports()).anyMatch(r -> r == null || r.isBlank())) {
            long missing = java.util.Arrays.stream(data.reports()).filter(r -> r == null || r.isBlank()).count();
            throw new Options.UsageException("this model pairs ECGs with reports, and " + missing + " of "
                    + data.size() + " training records have none (synthetic, cinc:/path and ptbxl:/path data have "
                    + "reports)");
        }
        this.model = model;
        this.data = data;
        this.settings = s;
        this.optimizer = new AdamW(ParamGroups.decayAndNoDecay(model.module(), s.lr(), s.weightDecay()), 0.9, 0.95,
                1e-8);
        this.schedule = LrSchedule.warmupCosine(s.lr(), s.minLr(), s.warmup(), s.steps());
        this.maskRng = new Rng(s.seed() + 1);
    }

    /** All steps with a progress bar (the demo's use). */
    static List<StepLog> run(PretrainableModel model, EcgArrays data, Settings s, String label) {
        Pretraining p = new Pretraining(model, data, s);
        List<StepLog> log = new ArrayList<>();
        ProgressBar bar = new ProgressBar(label, s.steps());
        for (int step = 0; step < s.steps(); step++) {
            log.add(p.step(step));
            bar.update(step + 1, (long) (step + 1) * s.batch(), describe(log.get(step)));
        }
        model.module().eval();
        return log;
    }

    static String describe(StepLog s) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.4f (", s.total()));
        s.parts().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s%s %.4f",
                sb.charAt(sb.length() - 1) == '(' ? "" : ", ", k.substring(0, 3), v)));
        return sb.append(')').toString();
    }

    /** Takes optimizer step number {@code step} (0-based). */
    StepLog step(int step) {
        model.module().train();
        SplittableRandom sampler = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + step);
        int[] picks = new int[settings.batch()];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = sampler.nextInt(data.size());
        }
        float[][][] view1 = new float[picks.length][][];
        float[][][] view2 = new float[picks.length][][];
        for (int i = 0; i < picks.length; i++) {
            float[][] ecg = data.signals()[picks[i]];
            view1[i] = augment.apply(ecg, data.samplingRate(), sampler.split());
            view2[i] = model.twoViews() ? augment.apply(ecg, data.samplingRate(), sampler.split()) : view1[i];
        }
        int[] order = EcgArrays.range(0, picks.length);
        Tensor a = data.batch(order, view1);
        Tensor b = model.twoViews() ? data.batch(order, view2) : a;
        optimizer.setLearningRate(schedule.lr(step));
        optimizer.zeroGrad();
        List<String> reports = new ArrayList<>();
        for (int pick : picks) {
            reports.add(data.reports()[pick]);
        }
        PretrainableModel.Objective loss = model.loss(new PretrainableModel.Batch(a, b, reports, picks,
                groups(picks)), maskRng);
        loss.total().backward();
        optimizer.step();
        model.afterOptimizerStep();
        // the one host read of the step: total and parts together
        float[] values = loss.values().toArray();
        Map<String, Float> parts = new LinkedHashMap<>();
        List<String> names = model.lossParts();
        for (int i = 0; i < names.size(); i++) {
            parts.put(names.get(i), values[i + 1]);
        }
        return new StepLog(step + 1, values[0], parts, schedule.lr(step));
    }

    /**
     * Patient-level positives: one id per distinct patient in the batch (a record without a patient id is its
     * own patient); null when the data have no patient ids (plain sample-level NT-Xent).
     */
    private Tensor groups(int[] picks) {
        if (!data.hasPatients()) {
            return null;
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        float[] groups = new float[picks.length];
        for (int i = 0; i < picks.length; i++) {
            String patient = data.patients()[picks[i]];
            String key = patient != null ? "patient " + patient : "record " + picks[i];
            groups[i] = ids.computeIfAbsent(key, k -> ids.size());
        }
        return Tensor.fromArray(groups, picks.length);
    }

    /** Writes an atomic checkpoint after {@code stepsDone} steps. */
    void save(Path file, long stepsDone, Map<String, String> metadata) throws IOException {
        TrainingCheckpoint.Builder b = TrainingCheckpoint.builder().model(model.module()).optimizer(optimizer)
                .step(stepsDone).rng(MASK_RNG, maskRng);
        metadata.forEach(b::metadata);
        b.write(file);
    }

    /** Restores model, optimizer and mask generator; returns the steps already done. */
    long restore(Path file) throws IOException {
        TrainingCheckpoint.Restored r = TrainingCheckpoint.load(file, model.module(), optimizer, null);
        maskRng = r.rng(MASK_RNG);
        return r.step();
    }
}
