package org.cardiograd.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.layers.Linear;
import org.cardiograd.nn.loss.Losses;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.nn.optim.LrSchedule;
import org.cardiograd.nn.optim.ParamGroup;
import org.cardiograd.nn.optim.ParamGroups;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * Fine-tuning: the encoder and a linear head on its pooled representation, trained end to end with binary
 * cross-entropy on the multi-label targets, AdamW under warm-up + cosine. With layer-wise learning-rate decay
 * d, a parameter in layer l of an encoder with L blocks learns at lr * d^(L + 1 - l) (embeddings l = 0, the
 * head at the full rate), so the early layers move least (BEiT's recipe).
 */
final class FineTuning {
    /** Settings of one fine-tuning run. */
    record Settings(int steps, int batch, double lr, double weightDecay, double layerDecay, int warmup, long seed) {}

    /** The encoder with its classification head. */
    static final class Classifier extends Module {
        private final Encoder encoder;
        private final Linear head;

        Classifier(Encoder encoder, int classes, Rng rng) {
            this.encoder = encoder;
            module("encoder", encoder.module());
            this.head = module("head", new Linear(encoder.width(), classes, true, rng));
        }

        Variable logits(Tensor ecg) {
            return head.forward(encoder.represent(Variable.constant(ecg)));
        }
    }

    private FineTuning() {}

    /** Parameter groups with layer-wise learning-rate scales, each split into decayed and undecayed. */
    static List<ParamGroup> groups(Classifier model, Encoder encoder, Settings s) {
        Map<Integer, Map<String, Variable>> byLayer = new LinkedHashMap<>();
        int top = encoder.depth() + 1;
        model.namedParameters().forEach((name, v) -> {
            int layer = name.startsWith("encoder.") ? encoder.layerOf(name.substring("encoder.".length())) : top;
            byLayer.computeIfAbsent(layer, k -> new LinkedHashMap<>()).put(name, v);
        });
        List<ParamGroup> groups = new ArrayList<>();
        byLayer.forEach((layer, params) -> {
            for (ParamGroup g : ParamGroups.decayAndNoDecay(params, s.lr(), s.weightDecay(),
                    ParamGroups.NO_DECAY_KEYWORDS)) {
                groups.add(g.setLrScale(Math.pow(s.layerDecay(), top - layer)));
            }
        });
        return groups;
    }

    /** Trains on the given training records; returns the loss of every step. */
    static List<float[]> train(Classifier model, Encoder encoder, EcgArrays data, int[] subset, Settings s,
                               ProgressBar bar) {
        AdamW optimizer = new AdamW(groups(model, encoder, s), 0.9, 0.999, 1e-8);
        LrSchedule schedule = LrSchedule.warmupCosine(s.lr(), s.lr() * 0.01, s.warmup(), s.steps());
        List<float[]> log = new ArrayList<>();
        model.train();
        for (int step = 0; step < s.steps(); step++) {
            SplittableRandom sampler = new SplittableRandom(s.seed() * 0x9E3779B97F4A7C15L + step);
            int[] picks = new int[Math.min(s.batch(), subset.length)];
            float[] targets = new float[picks.length * data.classes().size()];
            for (int i = 0; i < picks.length; i++) {
                picks[i] = subset[sampler.nextInt(subset.length)];
                System.arraycopy(data.labels()[picks[i]], 0, targets, i * data.classes().size(),
                        data.classes().size());
            }
            optimizer.setLearningRate(schedule.lr(step));
            optimizer.zeroGrad();
            Variable loss = Losses.binaryCrossEntropyWithLogits(model.logits(data.batch(picks, data.signals())),
                    Tensor.fromArray(targets, picks.length, data.classes().size()));
            loss.backward();
            optimizer.step();
            log.add(new float[] {step + 1, loss.item(), (float) schedule.lr(step)});
            bar.update(step + 1, (long) (step + 1) * picks.length, String.format(java.util.Locale.ROOT,
                    "BCE %.4f", loss.item()));
        }
        model.eval();
        return log;
    }

    /** Probabilities [n][classes] on a test set. */
    static float[][] predict(Classifier model, EcgArrays data, int batch) {
        model.eval();
        int classes = data.classes().size();
        float[][] out = new float[data.size()][];
        try (NoGrad ignored = NoGrad.enter()) {
            for (int from = 0; from < data.size(); from += batch) {
                int to = Math.min(data.size(), from + batch);
                int[] picks = EcgArrays.range(from, to);
                float[] p = model.logits(data.batch(picks, data.signals())).sigmoid().value().toArray();
                for (int i = 0; i < picks.length; i++) {
                    out[from + i] = java.util.Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
                }
            }
        }
        return out;
    }
}
