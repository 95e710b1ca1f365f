package org.cardiograd.autograd;

import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * Inverted dropout: keeps each element with probability 1-p and scales it by 1/(1-p), so evaluation needs
 * no rescaling. The mask comes from the given seeded generator and is saved for backward.
 */
final class Dropout extends Function {
    private Tensor scaledMask;

    static Variable apply(Variable x, float p, Rng rng) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout: probability " + p + " outside [0, 1)");
        }
        if (p == 0f) {
            return x;
        }
        Dropout fn = new Dropout();
        Tensor u = Tensor.random(x.value().backend(), rng, org.cardiograd.tensor.Distribution.UNIFORM, 0f, 1f,
                x.shape());
        Tensor scaledMask = u.ge(p).mul(1f / (1f - p));
        fn.scaledMask = scaledMask;
        return record(fn, x.value().mul(scaledMask), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.mul(scaledMask)};
    }
}
