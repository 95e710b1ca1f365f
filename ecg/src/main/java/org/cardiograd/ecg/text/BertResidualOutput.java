package org.cardiograd.ecg.text;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.nn.layers.Dropout;
import org.cardiograd.nn.layers.LayerNorm;
import org.cardiograd.nn.layers.Linear;
import org.cardiograd.tensor.Rng;

/**
 * The post-LN residual step closing each half of a BERT layer: LayerNorm(residual + dropout(dense(x))).
 * HuggingFace's BertSelfOutput (after attention) and BertOutput (after the feed-forward) are this, with these
 * names.
 */
final class BertResidualOutput extends Module {
    private final Linear dense;
    private final LayerNorm layerNorm;
    private final Dropout dropout;

    BertResidualOutput(int in, BertConfig c, Rng rng) {
        this.dense = module("dense", BertInit.linear(in, c.hidden(), rng));
        this.layerNorm = module("LayerNorm", new LayerNorm(c.hidden(), c.layerNormEps()));
        this.dropout = module("dropout", new Dropout(c.dropout(), rng.split()));
    }

    Variable forward(Variable x, Variable residual) {
        return layerNorm.forward(residual.add(dropout.forward(dense.forward(x))));
    }
}
