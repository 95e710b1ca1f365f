package org.cardiograd.nn.optim;

import java.util.ArrayList;
import java.util.List;

import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Tensor;

/**
 * Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_. The norms and the clip factor are
 * 0-d tensors on the gradients' device, applied by a broadcast multiply: clipping reads nothing back to the host,
 * so a training step on a device makes no round trip here. Read the returned norm when you log it.
 */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales every gradient by min(1, maxNorm / (total + 1e-6)), where total is the L2 norm of all gradients
     * together (parameters without a gradient are skipped), and returns total (before clipping) as a 0-d tensor:
     * {@code item()} it to watch training. A non-finite total (a NaN or infinite gradient) is returned as is and,
     * as in PyTorch without error_if_nonfinite, multiplies the gradients by NaN or 0; check the result and skip
     * the step if you need to.
     */
    public static Tensor clipGradNorm(Iterable<Variable> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: max norm must be positive, got " + maxNorm);
        }
        List<Tensor> grads = grads(params);
        Tensor total = totalNorm(grads);
        if (grads.isEmpty()) {
            return total;
        }
        // like PyTorch in float32: coef = maxNorm / (total + 1e-6), used only where it is below 1
        Tensor coefficient = Tensor.full(total.backend(), (float) maxNorm).div(total.add(1e-6f));
        Tensor factor = Tensor.where(coefficient.ge(1f), coefficient.fullLike(1f), coefficient);
        for (Tensor g : grads) {
            g.mulInPlace(factor); // x * 1 is x: an unclipped gradient keeps its bits
        }
        return total;
    }

    /** The global L2 norm of the gradients (0-d tensor), without changing them. */
    public static Tensor gradNorm(Iterable<Variable> params) {
        return totalNorm(grads(params));
    }

    private static List<Tensor> grads(Iterable<Variable> params) {
        List<Tensor> grads = new ArrayList<>();
        for (Variable p : params) {
            if (p.grad() != null) {
                grads.add(p.grad());
            }
        }
        return grads;
    }

    /** sqrt(sum of squared per-tensor norms), each norm in float, like torch.norm(torch.stack(norms)). */
    private static Tensor totalNorm(List<Tensor> grads) {
        if (grads.isEmpty()) {
            return Tensor.scalar(Backends.current(), 0f);
        }
        Tensor[] norms = new Tensor[grads.size()];
        for (int i = 0; i < norms.length; i++) {
            norms[i] = grads.get(i).square().sum().sqrt();
        }
        return Tensor.stack(0, norms).square().sum().sqrt();
    }
}
