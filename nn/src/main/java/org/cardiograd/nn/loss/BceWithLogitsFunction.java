package org.cardiograd.nn.loss;

import java.util.Arrays;

import org.cardiograd.autograd.Function;
import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Tensor;

/**
 * Binary cross-entropy on logits, numerically stable, with an optional positive-class weight per class (last
 * axis), summed and multiplied by {@code scale} (1/numel for the mean).
 *
 * <p>Per element, as PyTorch computes it: with m = max(-x, 0) and w = 1 + (pos_weight - 1) y,
 * l = (1 - y) x + w (log(e^-m + e^(-x-m)) + m), which is -[pos_weight y log sigmoid(x) + (1-y) log(1 - sigmoid(x))]
 * without overflow. dl/dx = (1 - y) - w (1 - sigmoid(x)).
 */
final class BceWithLogitsFunction extends Function {
    private Tensor x;
    private Tensor y;
    private Tensor w;
    private float scale;

    static Variable apply(Variable logits, Tensor target, Tensor posWeight, float scale) {
        Tensor x = logits.value();
        if (!x.sameShape(target)) {
            throw new IllegalArgumentException("binaryCrossEntropyWithLogits: target shape "
                    + Arrays.toString(target.shape()) + " differs from logits shape " + Arrays.toString(x.shape()));
        }
        Tensor w = null;
        if (posWeight != null) {
            int classes = x.rank() == 0 ? 1 : x.shape(-1);
            if (posWeight.rank() != 1 || posWeight.shape(0) != classes) {
                throw new IllegalArgumentException("binaryCrossEntropyWithLogits: pos_weight shape "
                        + Arrays.toString(posWeight.shape()) + ", expected [" + classes + "] (one per class on the "
                        + "last axis of " + Arrays.toString(x.shape()) + ")");
            }
            w = posWeight.sub(1f).mul(target).add(1f);
        }
        Tensor m = x.neg().maximum(0f);
        Tensor softplusNeg = m.neg().exp().add(x.neg().sub(m).exp()).log().add(m);
        Tensor l = target.rsub(1f).mul(x).add(w == null ? softplusNeg : w.mul(softplusNeg));
        BceWithLogitsFunction fn = new BceWithLogitsFunction();
        fn.scale = scale;
        if (needsGrad(logits)) {
            fn.x = fn.save(x);
            fn.y = target;
            fn.w = w;
        }
        return record(fn, l.sum().mul(scale), logits);
    }

    @Override
    public String name() {
        return "BinaryCrossEntropyWithLogits";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor oneMinusSigmoid = x.neg().sigmoid();
        Tensor term = w == null ? oneMinusSigmoid : w.mul(oneMinusSigmoid);
        Tensor dx = y.rsub(1f).sub(term).mul(g.mul(scale));
        return new Tensor[] {dx};
    }
}
