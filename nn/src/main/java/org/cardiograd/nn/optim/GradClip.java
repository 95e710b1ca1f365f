package org.cardiograd.nn.optim;

import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Tensor;

/** Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_. */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales every gradient by min(1, maxNorm / (total + 1e-6)), where total is the L2 norm of all gradients
     * together (parameters without a gradient are skipped), and returns total (before clipping): log it to watch
     * training. A non-finite total (a NaN or infinite gradient) is returned as is and, as in PyTorch without
     * error_if_nonfinite, multiplies the gradients by NaN or 0; check the result and skip the step if you need to.
     */
    public static float clipGradNorm(Iterable<Variable> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: max norm must be positive, got " + maxNorm);
        }
        double sumSquares = 0;
        for (Variable p : params) {
            Tensor g = p.grad();
            if (g != null) {
                double norm = g.square().sum().sqrt().item(); // per-tensor norms in float, like PyTorch
                sumSquares += norm * norm;
            }
        }
        float total = (float) Math.sqrt(sumSquares);
        float coefficient = (float) (maxNorm / ((double) total + 1e-6));
        if (!(coefficient >= 1f)) {
            for (Variable p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    g.mulInPlace(coefficient);
                }
            }
        }
        return total;
    }

    /** The global L2 norm of the gradients, without changing them. */
    public static float gradNorm(Iterable<Variable> params) {
        double sumSquares = 0;
        for (Variable p : params) {
            Tensor g = p.grad();
            if (g != null) {
                double norm = g.square().sum().sqrt().item();
                sumSquares += norm * norm;
            }
        }
        return (float) Math.sqrt(sumSquares);
    }
}
