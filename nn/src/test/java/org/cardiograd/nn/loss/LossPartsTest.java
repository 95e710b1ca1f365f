package org.cardiograd.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The stacked loss parts: the total first, then the parts in order, a missing part as 0. */
class LossPartsTest {

    private static final class TwoParts extends LossParts {
        TwoParts(Variable total, Variable a, Variable b) {
            super(total, a, b);
        }

        float a() {
            return value(1);
        }
    }

    @Test
    void partsAreStackedBehindTheTotal() {
        Variable a = Variable.parameter(Tensor.fromArray(new float[] {1.5f, 2.5f})).sum();
        Variable total = a.mul(2f);
        TwoParts loss = new TwoParts(total, a, null);
        assertArrayEquals(new int[] {3}, loss.parts().shape());
        assertArrayEquals(new float[] {8f, 4f, 0f}, loss.parts().toArray());
        assertEquals(4f, loss.a());
        assertEquals(total, loss.total());
    }
}
