package org.cardiograd.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

/** The tape: accumulation, scopes, and clear errors on misuse. */
class BackpropTest {
    private static final Backend CPU = new CpuBackend(2);

    private static Variable param(long seed, int... shape) {
        return Variable.parameter(Tensor.random(CPU, new Rng(seed), Distribution.NORMAL, 0f, 1f, shape));
    }

    @Test
    void gradientsAccumulateOverUsesAndOverBackwardCalls() {
        Variable x = param(1, 4);
        Variable y = x.mul(3f).add(x).sum(); // dy/dx = 4
        y.backward();
        assertArrayEquals(new float[] {4, 4, 4, 4}, x.grad().toArray(), 1e-6f);
        x.mul(2f).sum().backward(); // accumulates: 4 + 2
        assertArrayEquals(new float[] {6, 6, 6, 6}, x.grad().toArray(), 1e-6f);
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void backwardWithExplicitGradientOnNonScalar() {
        Variable x = param(2, 2, 3);
        Tensor g = Tensor.fromArray(CPU, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        x.mul(2f).backward(g);
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, x.grad().toArray(), 1e-6f);
    }

    @Test
    void backwardOnNonScalarWithoutGradientIsAnError() {
        Variable y = param(3, 2, 3).exp();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("scalar") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void secondBackwardThroughAFreedGraphIsAnError() {
        Variable x = param(4, 3);
        Variable loss = x.exp().sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("already freed"), e.getMessage());
    }

    @Test
    void inPlaceChangeOfASavedTensorIsAnError() {
        Variable x = param(5, 3);
        Variable y = x.exp(); // saves its output
        Variable loss = y.sum();
        y.value().mulInPlace(2f);
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("Exp") && e.getMessage().contains("modified in place"), e.getMessage());
    }

    @Test
    void mixingBackendsIsAnError() {
        Variable a = param(6, 3);
        Variable b = Variable.parameter(Tensor.fromArray(new ReferenceBackend(), new float[] {1, 2, 3}, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("different backends"), e.getMessage());
    }

    @Test
    void noGradRecordsNothingAndRestoresTheMode() {
        Variable x = param(7, 3);
        try (NoGrad ignored = NoGrad.enter()) {
            Variable y = x.exp();
            assertFalse(y.requiresGrad());
            assertTrue(y.isLeaf());
            try (NoGrad nested = NoGrad.enter()) {
                assertFalse(NoGrad.gradEnabled());
            }
            assertFalse(NoGrad.gradEnabled());
        }
        assertTrue(NoGrad.gradEnabled());
        assertTrue(x.exp().requiresGrad());
    }

    @Test
    void detachStopsTheGradient() {
        Variable x = param(8, 3);
        Variable loss = x.mul(x.detach()).sum(); // d/dx = x (not 2x)
        loss.backward();
        assertArrayEquals(x.value().toArray(), x.grad().toArray(), 1e-6f);
    }

    @Test
    void constantsGetNoGradient() {
        Variable x = param(9, 3);
        Variable c = Variable.constant(Tensor.fromArray(CPU, new float[] {1, 2, 3}, 3));
        x.mul(c).sum().backward();
        assertNull(c.grad());
        assertArrayEquals(new float[] {1, 2, 3}, x.grad().toArray(), 1e-6f);
    }

    @Test
    void diamondGraphSumsBothPaths() {
        Variable x = param(10, 5);
        Variable a = x.tanh();
        Variable loss = a.mul(2f).add(a.square()).sum(); // d/da = 2 + 2a
        loss.backward();
        float[] xs = x.value().toArray();
        float[] g = x.grad().toArray();
        for (int i = 0; i < xs.length; i++) {
            double t = Math.tanh(xs[i]);
            assertEquals((2 + 2 * t) * (1 - t * t), g[i], 1e-5);
        }
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Variable x = param(11, 2);
        Variable y = x;
        for (int i = 0; i < 20000; i++) {
            y = y.add(0f);
        }
        y.sum().backward();
        assertArrayEquals(new float[] {1, 1}, x.grad().toArray(), 0f);
    }
}
