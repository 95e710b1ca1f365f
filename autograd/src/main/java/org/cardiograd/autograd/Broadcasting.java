package org.cardiograd.autograd;

import java.util.Arrays;

import org.cardiograd.tensor.Tensor;

/** Gradients of broadcast operands: sum the gradient back over the axes that broadcasting stretched. */
final class Broadcasting {
    private Broadcasting() {}

    static Tensor sumToShape(Tensor g, int[] shape) {
        if (Arrays.equals(g.shape(), shape)) {
            return g;
        }
        int lead = g.rank() - shape.length;
        int[] axes = new int[g.rank()];
        int n = 0;
        for (int i = 0; i < g.rank(); i++) {
            if (i < lead || (shape[i - lead] == 1 && g.shape(i) != 1)) {
                axes[n++] = i;
            }
        }
        Tensor summed = n == 0 ? g : g.sum(Arrays.copyOf(axes, n), true);
        return summed.reshape(shape);
    }
}
