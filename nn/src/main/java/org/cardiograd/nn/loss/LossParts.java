package org.cardiograd.nn.loss;

import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Tensor;

/**
 * An objective to backpropagate and its parts for logging. The parts stay on the loss's device as one small
 * tensor [total, part 1, part 2, ...], so logging them costs one host read after the step instead of one read
 * per part in the middle of it (on a GPU each read waits for the queue to drain). The first {@link #value} makes
 * that read; a model's loss class names the parts.
 */
public class LossParts {
    private final Variable total;
    private final Tensor parts;
    private float[] values;

    /** A part that is null (switched off, or empty this batch) is logged as 0. */
    protected LossParts(Variable total, Variable... parts) {
        this.total = total;
        Tensor zero = Tensor.zeros(total.value().backend());
        Tensor[] stacked = new Tensor[parts.length + 1];
        stacked[0] = total.value().reshape();
        for (int i = 0; i < parts.length; i++) {
            stacked[i + 1] = parts[i] == null ? zero : parts[i].value().reshape();
        }
        this.parts = Tensor.stack(0, stacked);
    }

    /** The objective, to backpropagate. */
    public Variable total() {
        return total;
    }

    /** [total, the parts in the constructor's order] on the loss's device: read them all with one toArray(). */
    public Tensor parts() {
        return parts;
    }

    /** Entry i of {@link #parts()} (0 = the total); the first call reads them all to the host. */
    protected float value(int i) {
        if (values == null) {
            values = parts.toArray();
        }
        return values[i];
    }
}
