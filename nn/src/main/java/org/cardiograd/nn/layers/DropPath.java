package org.cardiograd.nn.layers;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Layer;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * Stochastic depth: in training, drops a residual branch for a whole sample with probability p and scales the
 * kept samples by 1/(1-p); identity in evaluation.
 */
public final class DropPath extends Layer {
    private final float p;
    private final Rng rng;

    public DropPath(float p, Rng rng) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("DropPath: probability " + p + " outside [0, 1)");
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Variable forward(Variable x) {
        if (!isTraining() || p == 0f) {
            return x;
        }
        int[] maskShape = new int[x.rank()];
        java.util.Arrays.fill(maskShape, 1);
        maskShape[0] = x.shape(0);
        Tensor keep = Tensor.random(x.value().backend(), rng, org.cardiograd.tensor.Distribution.UNIFORM, 0f, 1f,
                maskShape).ge(p).mul(1f / (1f - p));
        return x.mul(Variable.constant(keep));
    }
}
