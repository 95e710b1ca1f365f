package org.cardiograd.nn.loss;

import org.cardiograd.autograd.Function;
import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Tensor;

/**
 * Cross-entropy with a fused log-softmax, class indices as float targets, label smoothing and an ignore index.
 *
 * <p>Every row's loss is a dot product with a target distribution: with q = (1 - eps) onehot(y) + eps / C,
 * scaled by valid / count (valid = target != ignoreIndex, count = number of valid rows),
 * loss = -sum(q * log_softmax(x)). That is PyTorch's {@code (1 - eps) nll + eps / C * sum_c(-log p_c)} averaged
 * over the non-ignored rows. Backward is then one expression: dx = g (softmax(x) * rowsum(q) - q).
 */
final class CrossEntropyFunction extends Function {
    private Tensor logp;
    private Tensor q;
    private Tensor rowWeight;
    private int[] shape;

    static Variable apply(Variable logits, Tensor target, float smoothing, int ignoreIndex) {
        Tensor x = logits.value();
        if (x.rank() < 1) {
            throw new IllegalArgumentException("crossEntropy: logits need a class axis, got a scalar");
        }
        int classes = x.shape(-1);
        int[] rowShape = java.util.Arrays.copyOf(x.shape(), x.rank() - 1);
        if (!java.util.Arrays.equals(rowShape, target.shape())) {
            throw new IllegalArgumentException("crossEntropy: target shape " + java.util.Arrays.toString(target.shape())
                    + " must be the logits shape " + java.util.Arrays.toString(x.shape()) + " without its last "
                    + "(class) axis");
        }
        if (!(smoothing >= 0f && smoothing <= 1f)) {
            throw new IllegalArgumentException("crossEntropy: label smoothing " + smoothing + " outside [0, 1]");
        }
        int rows = Math.toIntExact(target.numel());
        Tensor x2 = x.reshape(rows, classes);
        Tensor logp = x2.logSoftmax(-1);
        Tensor target2 = target.reshape(rows);
        Tensor valid = target2.ne((float) ignoreIndex);
        // ignored rows become class 0, so a class id outside [0, C) that is not the ignore index is an error;
        // checked and counted where the targets live (on a device: no host round trip inside the step)
        Tensor safe = Tensor.where(valid, target2, target2.zerosLike())
                .checkIndices("crossEntropy: target (or the ignore index " + ignoreIndex + ")", classes);
        // With no valid row the loss is 0 (PyTorch gives NaN): an MLM batch without masked tokens is no error.
        Tensor rowWeight = valid.mul(Losses.reciprocalOrZero(valid.sum())).reshape(rows, 1);
        Tensor q = safe.oneHot(classes).mul(1f - smoothing).add(smoothing / classes).mul(rowWeight);
        Tensor loss = q.mul(logp).sum().rsub(0f); // 0 - s: an empty selection gives +0, not -0
        CrossEntropyFunction fn = new CrossEntropyFunction();
        fn.shape = x.shape();
        if (needsGrad(logits)) {
            fn.logp = fn.save(logp);
            fn.q = q;
            fn.rowWeight = rowWeight;
        }
        return record(fn, loss, logits);
    }

    @Override
    public String name() {
        return "CrossEntropy";
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor dx = logp.exp().mul(rowWeight).sub(q).mul(g);
        return new Tensor[] {dx.reshape(shape)};
    }
}
