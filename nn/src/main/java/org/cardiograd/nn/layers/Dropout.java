package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Layer;
import org.cardiograd.tensor.Rng;

/** Inverted dropout in training mode, identity in evaluation mode. Draws masks from its own seeded Rng. */
public final class Dropout extends Layer {
    private final float p;
    private final Rng rng;

    public Dropout(float p, Rng rng) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("Dropout: probability " + p + " outside [0, 1)");
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Variable forward(Variable x) {
        return isTraining() && p > 0f ? x.dropout(p, rng) : x;
    }
}
