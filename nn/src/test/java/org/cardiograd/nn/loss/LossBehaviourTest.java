package org.cardiograd.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Edge cases, documented deviations from PyTorch, and the errors the losses raise. */
class LossBehaviourTest {
    private final Rng rng = new Rng(3);

    @Test
    void maskedMseEqualsTheMeanOverTheSelectedPatchesComputedByHand() {
        float[] p = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] t = {0, 0, 1, 1, 2, 2, 3, 3};
        // [B=2, L=2, P=2]; patches (b,l): squared errors per patch: (1+4)/2, (4+9)/2, (9+16)/2, (16+25)/2
        Tensor mask = Tensor.fromArray(new float[] {1, 0, 0, 1}, 2, 2);
        float loss = Losses.maskedMse(Variable.constant(Tensor.fromArray(p, 2, 2, 2)),
                Variable.constant(Tensor.fromArray(t, 2, 2, 2)), mask, false).item();
        assertEquals((2.5f + 20.5f) / 2, loss, 1e-6f);
        float unmasked = Losses.maskedMse(Variable.constant(Tensor.fromArray(p, 2, 2, 2)),
                Variable.constant(Tensor.fromArray(t, 2, 2, 2)), null, false).item();
        assertEquals((2.5f + 6.5f + 12.5f + 20.5f) / 4, unmasked, 1e-6f);
    }

    @Test
    void emptySelectionsGiveZeroLossAndZeroGradientInsteadOfNaN() {
        Variable pred = Variable.parameter(Tensor.randn(rng, 2, 3, 4));
        Variable loss = Losses.maskedMse(pred, Variable.constant(Tensor.zeros(2, 3, 4)), Tensor.zeros(2, 3), false);
        loss.backward();
        assertEquals(0f, loss.item());
        assertEquals(0f, pred.grad().abs().max().item());

        Variable logits = Variable.parameter(Tensor.randn(rng, 4, 5));
        Variable ce = Losses.crossEntropy(logits, Tensor.full(-100f, 4), 0.1f, Losses.IGNORE_INDEX);
        ce.backward();
        assertEquals(0f, ce.item());
        assertEquals(0f, logits.grad().abs().max().item());

        Variable noRows = Variable.parameter(Tensor.zeros(0, 5)); // e.g. MLM logits gathered at no position
        Variable none = Losses.crossEntropy(noRows, Tensor.zeros(0));
        none.backward();
        assertEquals(0f, none.item());
        assertArrayEquals(new int[] {0, 5}, noRows.grad().shape());
    }

    @Test
    void crossEntropyRejectsTargetsThatAreNotClassIndices() {
        Variable logits = Variable.parameter(Tensor.randn(rng, 3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(logits, Tensor.fromArray(new float[] {0, 4, 1})));
        assertTrue(e.getMessage().startsWith("crossEntropy: target") && e.getMessage().contains("element 1 is 4.0"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(logits, Tensor.fromArray(new float[] {0, 1.5f, 1})));
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, Tensor.zeros(3, 1)));
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        Variable logits = Variable.parameter(Tensor.fromArray(new float[] {1e4f, -1e4f, 0f, 0f, 5e3f, -5e3f}, 2, 3));
        Variable loss = Losses.crossEntropy(logits, Tensor.fromArray(new float[] {1, 0}));
        loss.backward();
        assertEquals((2e4f + 5e3f) / 2, loss.item(), 1f);
        assertTrue(Float.isFinite(logits.grad().abs().max().item()));
    }

    @Test
    void binaryCrossEntropyIsStableForHugeLogits() {
        Variable logits = Variable.parameter(Tensor.fromArray(new float[] {200f, -200f, 200f, -200f}));
        Tensor target = Tensor.fromArray(new float[] {1, 0, 0, 1});
        Variable loss = Losses.binaryCrossEntropyWithLogits(logits, target);
        loss.backward();
        assertEquals(100f, loss.item(), 1e-3f); // two perfect, two wrong by 200 each: (0 + 0 + 200 + 200) / 4
        float[] g = logits.grad().toArray();
        assertEquals(0f, g[0], 1e-7f);
        assertEquals(0.25f, g[2], 1e-7f);
        assertEquals(-0.25f, g[3], 1e-7f);
    }

    @Test
    void ntXentWithDistinctGroupsIsPlainNtXentAndSharedGroupsChangeIt() {
        Variable z1 = Variable.constant(Tensor.randn(rng, 4, 6));
        Variable z2 = Variable.constant(Tensor.randn(rng, 4, 6));
        float plain = Losses.ntXent(z1, z2, 0.5f).item();
        float distinct = Losses.ntXent(z1, z2, 0.5f, Tensor.fromArray(new float[] {10, 20, 30, 40})).item();
        float shared = Losses.ntXent(z1, z2, 0.5f, Tensor.fromArray(new float[] {1, 1, 2, 3})).item();
        assertEquals(plain, distinct, 1e-6f);
        assertTrue(Math.abs(plain - shared) > 1e-3f, plain + " vs " + shared);
    }

    @Test
    void ntXentIsLowWhenViewsAgreeAndHighWhenTheyDoNot() {
        Tensor a = Tensor.randn(rng, 8, 16);
        float agree = Losses.ntXent(Variable.constant(a), Variable.constant(a.add(Tensor.randn(rng, 8, 16).mul(0.01f))),
                0.1f).item();
        float random = Losses.ntXent(Variable.constant(a), Variable.constant(Tensor.randn(rng, 8, 16)), 0.1f).item();
        assertTrue(agree < 0.5f * random, agree + " vs " + random);
    }

    @Test
    void clipClampsTheScaleAtLn100() {
        Variable a = Variable.constant(Tensor.randn(rng, 3, 4));
        Variable b = Variable.constant(Tensor.randn(rng, 3, 4));
        float atLimit = Losses.clip(a, b, Variable.constant(Tensor.scalar(ClipLoss.MAX_LOG_SCALE))).item();
        float above = Losses.clip(a, b, Variable.constant(Tensor.scalar(7f))).item();
        assertEquals(atLimit, above, 1e-6f);
        ClipLoss module = new ClipLoss(6f);
        module.clampLogitScale();
        assertEquals(ClipLoss.MAX_LOG_SCALE, module.logitScale().item(), 1e-6f);
        assertEquals((float) Math.log(1 / 0.07), new ClipLoss().logitScale().item(), 1e-6f);
    }

    @Test
    void orthogonalityIsZeroForOrthogonalAndOneForParallelPairs() {
        Variable a = Variable.constant(Tensor.fromArray(new float[] {1, 0, 0, 2, 0, 0}, 2, 3));
        Variable b = Variable.constant(Tensor.fromArray(new float[] {0, 3, 0, -1, 0, 0}, 2, 3));
        assertEquals(0.5f, Losses.orthogonality(a, b).item(), 1e-6f);
    }

    @Test
    void shapeErrorsNameTheOpAndShapes() {
        Variable a = Variable.constant(Tensor.zeros(2, 3));
        Variable b = Variable.constant(Tensor.zeros(3, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.clip(a, b,
                Variable.constant(Tensor.scalar(1f))));
        assertTrue(e.getMessage().startsWith("clip:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.maskedMse(a, a, Tensor.zeros(3), false));
        assertThrows(IllegalArgumentException.class, () -> Losses.ntXent(a, a, 0f));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.binaryCrossEntropyWithLogits(a, Tensor.zeros(2, 3), Tensor.ones(2)));
    }
}
