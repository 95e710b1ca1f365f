package org.cardiograd.nn.optim;

import org.cardiograd.autograd.Variable;

/**
 * Gradient accumulation over k micro-batches: gradients add up in {@code Variable.grad} across backward calls,
 * so scaling each micro-batch loss by 1/k and stepping every k micro-batches gives the gradient of the mean loss
 * over the k micro-batches (the same as one batch k times larger when each loss is a mean over an equal-sized
 * micro-batch).
 * <pre>{@code
 * GradientAccumulator acc = new GradientAccumulator(4);
 * for (Batch b : microBatches) {
 *     if (acc.backward(model.loss(b))) {          // scaled by 1/4; true on every 4th call
 *         GradClip.clipGradNorm(model.parameters(), 1.0);
 *         optimizer.step();
 *         optimizer.zeroGrad();
 *     }
 * }
 * }</pre>
 * Step counts for schedules then count optimizer steps, not micro-batches.
 */
public final class GradientAccumulator {
    private final int steps;
    private int pending;

    public GradientAccumulator(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("GradientAccumulator: needs at least 1 micro-batch per step, got "
                    + steps);
        }
        this.steps = steps;
    }

    /** Backpropagates loss / k; returns true when k micro-batches have accumulated (time to step). */
    public boolean backward(Variable loss) {
        (steps == 1 ? loss : loss.mul(1f / steps)).backward();
        pending++;
        if (pending == steps) {
            pending = 0;
            return true;
        }
        return false;
    }

    /** Micro-batches accumulated since the last step. */
    public int pending() {
        return pending;
    }

    public int steps() {
        return steps;
    }

    /** Forgets accumulated micro-batches (call together with zeroGrad, e.g. when an epoch ends mid-way). */
    public void reset() {
        pending = 0;
    }
}
