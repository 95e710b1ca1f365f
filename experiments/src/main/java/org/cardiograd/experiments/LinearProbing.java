package org.cardiograd.experiments;

import java.util.Arrays;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.ecg.eval.Auroc;
import org.cardiograd.ecg.eval.LogisticProbe;
import org.cardiograd.tensor.Tensor;

/** Linear probing of a frozen encoder: pooled features, one logistic regression per class, AUROC on test. */
final class LinearProbing {
    /** Macro AUROC with its bootstrap interval and the per-class values. */
    record Result(double macro, Auroc.Interval interval, double[] perClass) {}

    private LinearProbing() {}

    /** Pooled features [n][width] of every record, in batches, without gradients. */
    static float[][] features(Encoder encoder, EcgArrays data, int batch, String label) {
        float[][] out = new float[data.size()][];
        encoder.module().eval();
        ProgressBar bar = label == null ? null : new ProgressBar(label, data.size());
        try (NoGrad ignored = NoGrad.enter()) {
            for (int from = 0; from < data.size(); from += batch) {
                int to = Math.min(data.size(), from + batch);
                int[] picks = EcgArrays.range(from, to);
                Tensor x = data.batch(picks, data.signals());
                Tensor pooled = encoder.represent(Variable.constant(x)).value();
                int width = pooled.shape(1);
                float[] flat = pooled.toArray();
                for (int i = 0; i < picks.length; i++) {
                    out[from + i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
                }
                if (bar != null) {
                    bar.update(to, to, "");
                }
            }
        }
        return out;
    }

    /** Test probabilities [n][classes] of per-class logistic regressions fitted on the training features. */
    static float[][] scores(float[][] trainFeatures, float[][] trainLabels, float[][] testFeatures, double lambda,
                            int iterations) {
        return LogisticProbe.fit(trainFeatures, trainLabels, lambda, iterations).predict(testFeatures);
    }

    static Result probe(Encoder encoder, EcgArrays train, EcgArrays test, long seed) {
        float[][] scores = scores(features(encoder, train, 64, null), train.labels(), features(encoder, test, 64, null),
                1.0, 30);
        return new Result(Auroc.macro(scores, test.labels()),
                Auroc.bootstrapMacro(scores, test.labels(), 200, 0.95, seed), Auroc.perClass(scores, test.labels()));
    }
}
