package org.cardiograd.ecg.text;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.nn.Init;
import org.cardiograd.nn.layers.Embedding;
import org.cardiograd.nn.layers.Linear;
import org.cardiograd.tensor.Rng;

/** HuggingFace's BertPreTrainedModel._init_weights: weights N(0, 0.02), biases 0, layer norms (1, 0). */
final class BertInit {
    private BertInit() {}

    static Linear linear(int in, int out, Rng rng) {
        Linear layer = new Linear(in, out, true, rng);
        try (NoGrad ignored = NoGrad.enter()) {
            layer.weight.value().copyFromInPlace(Init.normal(rng, BertConfig.INITIALIZER_RANGE, out, in));
            layer.bias.value().fillInPlace(0f);
        }
        return layer;
    }

    static Embedding embedding(int count, int dim, Rng rng) {
        Embedding table = new Embedding(count, dim, rng);
        try (NoGrad ignored = NoGrad.enter()) {
            table.weight.value().copyFromInPlace(Init.normal(rng, BertConfig.INITIALIZER_RANGE, count, dim));
        }
        return table;
    }
}
