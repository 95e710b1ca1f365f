package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Layer;
import org.cardiograd.tensor.Rng;

/**
 * The projection head of contrastive learning: Linear-BN-ReLU-Linear (SimCLR) or Linear-GELU-Linear
 * ("fc1", optional "bn", "fc2").
 */
public final class ProjectionHead extends Layer {
    /** Which nonlinearity sits between the two linear layers. */
    public enum Kind { BATCHNORM_RELU, GELU }

    private final Linear fc1;
    private final BatchNorm1d bn;
    private final Linear fc2;
    private final Kind kind;

    public ProjectionHead(int in, int hidden, int out, Kind kind, Rng rng) {
        this.kind = kind;
        this.fc1 = module("fc1", new Linear(in, hidden, kind == Kind.GELU, rng));
        this.bn = kind == Kind.BATCHNORM_RELU ? module("bn", new BatchNorm1d(hidden)) : null;
        this.fc2 = module("fc2", new Linear(hidden, out, true, rng));
    }

    @Override
    public Variable forward(Variable x) {
        Variable h = fc1.forward(x);
        h = kind == Kind.BATCHNORM_RELU ? bn.forward(h).relu() : h.gelu();
        return fc2.forward(h);
    }
}
