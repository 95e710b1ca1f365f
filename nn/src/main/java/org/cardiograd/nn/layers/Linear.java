package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Init;
import org.cardiograd.nn.Layer;
import org.cardiograd.tensor.Rng;

/** y = x W^T + b, weight [out, in] as in PyTorch. */
public final class Linear extends Layer {
    public final Variable weight;
    public final Variable bias;

    public Linear(int in, int out, boolean bias, Rng rng) {
        this.weight = param("weight", Init.pytorchDefault(rng, in, out, in));
        this.bias = bias ? param("bias", Init.pytorchDefault(rng, in, out)) : null;
    }

    @Override
    public Variable forward(Variable x) {
        return Functional.linear(x, weight, bias);
    }

    public int inFeatures() {
        return weight.shape(1);
    }

    public int outFeatures() {
        return weight.shape(0);
    }
}
