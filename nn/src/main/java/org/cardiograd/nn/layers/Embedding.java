package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Init;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/** A lookup table [count, dim], N(0, 1) initialized as in PyTorch. Indices are integer-valued floats. */
public final class Embedding extends Module {
    public final Variable weight;

    public Embedding(int count, int dim, Rng rng) {
        this.weight = param("weight", Init.normal(rng, 1f, count, dim));
    }

    /** Rows for indices of any shape: result is indices.shape + [dim]. */
    public Variable forward(Tensor indices) {
        int[] shape = java.util.Arrays.copyOf(indices.shape(), indices.rank() + 1);
        shape[indices.rank()] = weight.shape(1);
        return weight.indexSelect(0, indices.reshape(-1)).reshape(shape);
    }
}
