package org.cardiograd.nn;

import org.cardiograd.autograd.Variable;

/** Layers applied in order, registered as "0", "1", ... like torch.nn.Sequential. */
public final class Sequential extends Layer {
    private final Layer[] layers;

    public Sequential(Layer... layers) {
        this.layers = layers.clone();
        for (int i = 0; i < layers.length; i++) {
            module(Integer.toString(i), layers[i]);
        }
    }

    @Override
    public Variable forward(Variable x) {
        Variable h = x;
        for (Layer l : layers) {
            h = l.forward(h);
        }
        return h;
    }
}
