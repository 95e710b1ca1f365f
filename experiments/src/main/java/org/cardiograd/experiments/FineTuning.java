package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.checkpoint.TrainingCheckpoint;
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

    private final Classifier model;
    private final EcgArrays data;
    private final int[] subset;
    private final Settings settings;
    private final AdamW optimizer;
    private final LrSchedule schedule;

    /** Training of {@code model} on the records {@code subset} of {@code data}. */
    FineTuning(Classifier model, EcgArrays data, int[] subset, Settings s) {
        this.model = model;
        this.data = data;
        this.subset = subset;
        this.settings = s;
        this.optimizer = new AdamW(groups(model, model.encoder, s), 0.9, 0.999, 1e-8);
        this.schedule = LrSchedule.warmupCosine(s.lr(), s.lr() * 0.01, s.warmup(), s.steps());
    }

    /**
     * Takes optimizer step number {@code step} (0-based); returns {step + 1, loss, lr}. The batch of step t
     * comes from a generator seeded by (seed, t), so a resumed run draws the same batches.
     */
    float[] step(int step) {
        model.train();
        SplittableRandom sampler = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + step);
        int classes = data.classes().size();
        int[] picks = new int[Math.min(settings.batch(), subset.length)];
        float[] targets = new float[picks.length * classes];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = subset[sampler.nextInt(subset.length)];
            System.arraycopy(data.labels()[picks[i]], 0, targets, i * classes, classes);
        }
        optimizer.setLearningRate(schedule.lr(step));
        optimizer.zeroGrad();
        Variable loss = Losses.binaryCrossEntropyWithLogits(model.logits(data.batch(picks, data.signals())),
                Tensor.fromArray(targets, picks.length, classes));
        loss.backward();
        optimizer.step();
        return new float[] {step + 1, loss.item(), (float) schedule.lr(step)};
    }

    /** Writes an atomic checkpoint (classifier, optimizer, step) after {@code stepsDone} steps. */
    void save(Path file, long stepsDone, Map<String, String> metadata) throws IOException {
        TrainingCheckpoint.Builder b = TrainingCheckpoint.builder().model(model).optimizer(optimizer).step(stepsDone);
        metadata.forEach(b::metadata);
        b.write(file);
    }

    /** Restores classifier and optimizer; returns the steps already done. */
    long restore(Path file) throws IOException {
        return TrainingCheckpoint.load(file, model, optimizer, null).step();
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
