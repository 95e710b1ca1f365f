package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Layer;
import org.cardiograd.tensor.Rng;

/** The transformer's feed-forward part: fc1, GELU, dropout, fc2, dropout (timm's Mlp names). */
public final class Mlp extends Layer {
    private final Linear fc1;
    private final Linear fc2;
    private final Dropout drop;

    public Mlp(int dim, int hidden, float dropout, Rng rng) {
        this.fc1 = module("fc1", new Linear(dim, hidden, true, rng));
        this.fc2 = module("fc2", new Linear(hidden, dim, true, rng));
        this.drop = module("drop", new Dropout(dropout, rng.split()));
    }

    @Override
    public Variable forward(Variable x) {
        // fc1 and GELU as one op: in inference the GELU is the GEMM's epilogue.
        return drop.forward(fc2.forward(drop.forward(Functional.linearGelu(x, fc1.weight, fc1.bias))));
    }
}
