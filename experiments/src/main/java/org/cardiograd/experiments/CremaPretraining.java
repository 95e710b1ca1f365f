package org.cardiograd.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.cardiograd.ecg.crema.Crema;
import org.cardiograd.ecg.crema.CremaConfig;
import org.cardiograd.ecg.signal.Augmentation;
import org.cardiograd.ecg.signal.AugmentationComposer;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.nn.optim.LrSchedule;
import org.cardiograd.nn.optim.ParamGroups;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * The CREMA pretraining loop: each step draws a batch, makes two augmented views of every ECG, computes the
 * mode's objective and takes an AdamW step under linear warm-up + cosine decay. Everything random comes
 * from the seed.
 */
final class CremaPretraining {
    /** One logged step. */
    record StepLog(int step, float total, float reconstruction, float contrastive, double lr) {}

    /** Training settings. */
    record Settings(int steps, int batch, double lr, double weightDecay, int warmup, long seed) {}

    private CremaPretraining() {}

    static List<StepLog> run(Crema model, EcgArrays data, Settings s, String label) {
        AdamW optimizer = new AdamW(ParamGroups.decayAndNoDecay(model, s.lr(), s.weightDecay()), 0.9, 0.95, 1e-8);
        LrSchedule schedule = LrSchedule.warmupCosine(s.lr(), s.lr() * 0.01, s.warmup(), s.steps());
        Augmentation augment = AugmentationComposer.contrastiveDefaults();
        boolean twoViews = model.config().mode() != CremaConfig.Mode.GL;
        SplittableRandom sampler = new SplittableRandom(s.seed());
        Rng maskRng = new Rng(s.seed() + 1);
        List<StepLog> log = new ArrayList<>();
        ProgressBar bar = new ProgressBar(label, s.steps());
        model.train();
        for (int step = 0; step < s.steps(); step++) {
            int[] picks = new int[s.batch()];
            for (int i = 0; i < picks.length; i++) {
                picks[i] = sampler.nextInt(data.size());
            }
            float[][][] view1 = new float[picks.length][][];
            float[][][] view2 = new float[picks.length][][];
            for (int i = 0; i < picks.length; i++) {
                float[][] ecg = data.signals()[picks[i]];
                view1[i] = augment.apply(ecg, data.samplingRate(), sampler.split());
                view2[i] = twoViews ? augment.apply(ecg, data.samplingRate(), sampler.split()) : view1[i];
            }
            int[] order = identity(picks.length);
            Tensor a = data.batch(order, view1);
            Tensor b = twoViews ? data.batch(order, view2) : a;
            optimizer.setLearningRate(schedule.lr(step));
            optimizer.zeroGrad();
            Crema.Loss loss = model.loss(a, b, null, maskRng);
            loss.total().backward();
            optimizer.step();
            StepLog entry = new StepLog(step + 1, loss.total().item(), loss.reconstruction(), loss.contrastive(),
                    schedule.lr(step));
            log.add(entry);
            bar.update(step + 1, (long) (step + 1) * s.batch(), String.format(Locale.ROOT,
                    "loss %.4f (rec %.4f, con %.4f)", entry.total(), entry.reconstruction(), entry.contrastive()));
        }
        model.eval();
        return log;
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}
