package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Layer;
import org.cardiograd.tensor.Tensor;

/** Layer norm over the last axis with learnable scale ("weight") and shift ("bias"), eps 1e-5 by default. */
public final class LayerNorm extends Layer {
    public final Variable weight;
    public final Variable bias;
    private final float eps;

    public LayerNorm(int dim) {
        this(dim, 1e-5f);
    }

    public LayerNorm(int dim, float eps) {
        this.weight = param("weight", Tensor.ones(dim));
        this.bias = param("bias", Tensor.zeros(dim));
        this.eps = eps;
    }

    @Override
    public Variable forward(Variable x) {
        return Functional.layerNorm(x, weight, bias, eps);
    }
}
