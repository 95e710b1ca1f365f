package org.cardiograd.nn.optim;

import org.cardiograd.autograd.Functional;
import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * A small model for the optimizer and checkpoint tests (independent of the layers package): an embedding-like
 * table, two linear maps with a GELU and dropout between them, and one buffer. Parameter names follow PyTorch's
 * state_dict: {@code embed.weight, fc1.weight, fc1.bias, fc2.weight, fc2.bias}, buffer {@code fc2.scale}.
 */
public final class TinyNet extends Module {
    /** A linear map y = x W^T + b with PyTorch's layout and names. */
    public static final class Lin extends Module {
        public final Variable weight;
        public final Variable bias;

        Lin(Rng rng, int in, int out, boolean withBuffer) {
            float bound = (float) (1 / Math.sqrt(in));
            weight = param("weight", Tensor.uniform(rng, -bound, bound, out, in));
            bias = param("bias", Tensor.uniform(rng, -bound, bound, out));
            if (withBuffer) {
                buffer("scale", Tensor.full(1f, out));
            }
        }

        public Variable forward(Variable x) {
            return Functional.linear(x, weight, bias);
        }
    }

    public final Variable embed;
    public final Lin fc1;
    public final Lin fc2;

    public TinyNet(long seed, int in, int hidden, int out) {
        Rng rng = new Rng(seed);
        embed = module("embed", new Holder(Tensor.randn(rng, 5, in).mul(0.1f))).weight;
        fc1 = module("fc1", new Lin(rng, in, hidden, false));
        fc2 = module("fc2", new Lin(rng, hidden, out, true));
    }

    /** fc2(dropout(gelu(fc1(x + embed[0])))), dropout drawn from rng when p &gt; 0. */
    public Variable forward(Variable x, float dropout, Rng rng) {
        Variable h = fc1.forward(x.add(embed.select(0, 0))).gelu();
        if (dropout > 0) {
            h = h.dropout(dropout, rng);
        }
        return fc2.forward(h);
    }

    /** A module holding a single parameter called weight. */
    static final class Holder extends Module {
        public final Variable weight;

        Holder(Tensor value) {
            weight = param("weight", value);
        }
    }
}
