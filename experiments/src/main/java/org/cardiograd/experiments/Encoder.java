package org.cardiograd.experiments;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;

/** The part of a pretrained model that probing and fine-tuning use: ECGs in, one vector per ECG out. */
interface Encoder {
    /** The encoder's parameters, under the names they have inside {@link PretrainableModel#module()}. */
    Module module();

    /** [B, leads, samples] to [B, width]. */
    Variable represent(Variable ecg);

    int width();

    /** Transformer blocks, for layer-wise learning-rate decay. */
    int depth();

    /**
     * The layer a parameter belongs to, for layer-wise learning-rate decay: 0 for the input embeddings,
     * 1..depth for the blocks, depth + 1 for anything after the last block.
     */
    int layerOf(String parameterName);
}
