package org.cardiograd.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.layers.Embedding;
import org.cardiograd.nn.layers.Linear;
import org.cardiograd.nn.layers.PositionalEmbedding;
import org.cardiograd.nn.layers.TransformerEncoder;
import org.cardiograd.tensor.FusedOps;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A tiny transformer learns to reverse a sequence: the whole stack trains, not just computes. */
class LearningTest {
    private static final int VOCAB = 8;
    private static final int LENGTH = 6;

    static final class Reverser extends Module {
        final Embedding tokens;
        final PositionalEmbedding positions;
        final TransformerEncoder encoder;
        final Linear head;

        Reverser(Rng rng) {
            tokens = module("tokens", new Embedding(VOCAB, 32, rng));
            positions = module("pos", PositionalEmbedding.sinCos(LENGTH, 32));
            encoder = module("encoder", new TransformerEncoder(TransformerEncoder.Config.preLn(2, 32, 4), rng));
            head = module("head", new Linear(32, VOCAB, true, rng));
        }

        Variable logits(Tensor sequence) {
            return head.forward(encoder.forward(positions.addTo(tokens.forward(sequence)), null));
        }
    }

    @Test
    void learnsToReverseASequence() {
        Rng rng = new Rng(11);
        Reverser model = new Reverser(rng);
        List<Variable> params = model.parameters();
        List<Tensor[]> state = new ArrayList<>();
        for (Variable p : params) {
            state.add(new Tensor[] {p.value().zerosLike(), p.value().zerosLike()});
        }
        float first = Float.NaN;
        float last = Float.NaN;
        for (int step = 1; step <= 300; step++) {
            Tensor[] batch = batch(rng, 32);
            Variable loss = model.logits(batch[0]).logSoftmax(-1).gather(2, batch[1].unsqueeze(2)).mean().neg();
            if (step == 1) {
                first = loss.item();
            }
            last = loss.item();
            loss.backward();
            try (NoGrad ignored = NoGrad.enter()) {
                for (int i = 0; i < params.size(); i++) {
                    Variable p = params.get(i);
                    FusedOps.adamw(p.value(), p.grad(), state.get(i)[0], state.get(i)[1], 3e-3f, 0.9f, 0.98f, 1e-8f,
                            0f, step);
                    p.zeroGrad();
                }
            }
        }
        System.out.printf("LearningTest: reverse task loss %.3f -> %.4f after 300 steps%n", first, last);
        // Chance level is ln 8 = 2.08; a model that learned the task is near 0.
        assertTrue(last < 0.1f, "loss after 300 steps: " + last + " (started at " + first + ")");
    }

    /** Random sequences and their reversals. */
    private static Tensor[] batch(Rng rng, int size) {
        float[] in = new float[size * LENGTH];
        float[] out = new float[size * LENGTH];
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < LENGTH; t++) {
                in[b * LENGTH + t] = rng.nextInt(VOCAB);
            }
            for (int t = 0; t < LENGTH; t++) {
                out[b * LENGTH + t] = in[b * LENGTH + LENGTH - 1 - t];
            }
        }
        return new Tensor[] {Tensor.fromArray(in, size, LENGTH), Tensor.fromArray(out, size, LENGTH)};
    }
}
