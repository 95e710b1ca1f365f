package org.cardiograd.ecg.text;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.layers.LayerNorm;
import org.cardiograd.nn.layers.Linear;
import org.cardiograd.tensor.Rng;

/**
 * A "dense" projection followed by an activation and, optionally, a "LayerNorm": HuggingFace's BertIntermediate
 * (dense, GELU), BertPooler (dense, tanh) and BertPredictionHeadTransform (dense, GELU, LayerNorm) all have
 * this shape and these names.
 */
final class BertDense extends Module {
    enum Activation { GELU, TANH }

    private final Linear dense;
    private final Activation activation;
    private final LayerNorm layerNorm;

    /** layerNormEps null: no layer norm. */
    BertDense(int in, int out, Activation activation, Float layerNormEps, Rng rng) {
        this.dense = module("dense", BertInit.linear(in, out, rng));
        this.activation = activation;
        this.layerNorm = layerNormEps == null ? null : module("LayerNorm", new LayerNorm(out, layerNormEps));
    }

    Variable forward(Variable x) {
        Variable h = dense.forward(x);
        h = activation == Activation.GELU ? h.gelu() : h.tanh();
        return layerNorm == null ? h : layerNorm.forward(h);
    }
}
