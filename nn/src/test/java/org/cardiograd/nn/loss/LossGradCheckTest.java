package org.cardiograd.nn.loss;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cardiograd.autograd.GradCheck;
import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Finite-difference gradient checks of every loss, with respect to every differentiable input. */
class LossGradCheckTest {
    private final Rng rng = new Rng(42);
    private final GradCheck check = GradCheck.float32();

    private Variable randn(float scale, int... shape) {
        return Variable.parameter(Tensor.randn(rng, shape).mul(scale));
    }

    @Test
    void mse() {
        Variable target = randn(1f, 3, 4);
        check.check(v -> Losses.mse(v[0], v[1]), randn(1f, 3, 4), target);
    }

    @Test
    void maskedMseWithPatchMask() {
        Tensor mask = Tensor.fromArray(new float[] {1, 0, 1, 1, 0, 0}, 2, 3);
        check.check(v -> Losses.maskedMse(v[0], v[1], mask, false), randn(1f, 2, 3, 4), randn(1f, 2, 3, 4));
    }

    @Test
    void maskedMseWithNormPixTargetDifferentiatesThroughTheTargetToo() {
        Tensor mask = Tensor.fromArray(new float[] {1, 0, 1, 1, 0, 1}, 2, 3);
        check.check(v -> Losses.maskedMse(v[0], v[1], mask, true), randn(1f, 2, 3, 4), randn(1f, 2, 3, 4));
    }

    @Test
    void maskedMseWithElementMaskAndBroadcastMask() {
        Tensor elementMask = Tensor.rand(rng, 2, 3, 4).lt(0.5f); // a mask of the full shape: element selection
        check.check(v -> Losses.maskedMse(v[0], v[1], elementMask, false), randn(1f, 2, 3, 4), randn(1f, 2, 3, 4));
        Tensor perSample = Tensor.fromArray(new float[] {0, 1}, 2, 1); // broadcast over L
        check.check(v -> Losses.maskedMse(v[0], v[1], perSample, false), randn(1f, 2, 3, 4), randn(1f, 2, 3, 4));
    }

    @Test
    void crossEntropyWithSmoothingAndIgnoredRows() {
        Tensor target = Tensor.fromArray(new float[] {2, -100, 0, 4, 1, -100}, 2, 3);
        check.check(v -> Losses.crossEntropy(v[0], target, 0.2f, Losses.IGNORE_INDEX), randn(2f, 2, 3, 5));
        check.check(v -> Losses.crossEntropy(v[0], target.reshape(6).maximum(0f)), randn(2f, 6, 5));
    }

    @Test
    void binaryCrossEntropyWithLogits() {
        Tensor target = Tensor.fromArray(new float[] {1, 0, 0.3f, 1, 1, 0, 0, 0.5f}, 2, 4);
        Tensor posWeight = Tensor.fromArray(new float[] {1f, 2f, 0.5f, 4f});
        check.check(v -> Losses.binaryCrossEntropyWithLogits(v[0], target), randn(3f, 2, 4));
        check.check(v -> Losses.binaryCrossEntropyWithLogits(v[0], target, posWeight), randn(3f, 2, 4));
    }

    @Test
    void ntXentPlainAndGrouped() {
        check.check(v -> Losses.ntXent(v[0], v[1], 0.5f), randn(1f, 3, 5), randn(1f, 3, 5));
        Tensor groups = Tensor.fromArray(new float[] {9, 9, 2, 5});
        check.check(v -> Losses.ntXent(v[0], v[1], 0.3f, groups), randn(1f, 4, 5), randn(1f, 4, 5));
    }

    @Test
    void infoNce() {
        check.check(v -> Losses.infoNce(v[0], v[1], 0.5f), randn(1f, 4, 5), randn(1f, 4, 5));
    }

    @Test
    void clipIncludingTheLogitScale() {
        Variable scale = Variable.parameter(Tensor.scalar(1.2f));
        check.check(v -> Losses.clip(v[0], v[1], v[2]), randn(1f, 4, 5), randn(1f, 4, 5), scale);
    }

    @Test
    void sigLipIncludingScaleAndBias() {
        Variable scale = Variable.parameter(Tensor.scalar(0.8f));
        Variable bias = Variable.parameter(Tensor.scalar(-1.5f));
        check.check(v -> Losses.sigLip(v[0], v[1], v[2], v[3]), randn(1f, 4, 5), randn(1f, 4, 5), scale, bias);
    }

    @Test
    void orthogonality() {
        check.check(v -> Losses.orthogonality(v[0], v[1]), randn(1f, 4, 6), randn(1f, 4, 6));
    }

    @Test
    void theCheckCatchesAWrongGradient() {
        // A loss whose value is mse but whose graph differs by a factor: the gradient check must notice.
        assertThrows(AssertionError.class, () -> check.check(
                v -> Losses.mse(v[0], v[1]).add(Losses.mse(v[0].detach(), v[1].detach())), randn(1f, 3), randn(1f, 3)));
    }
}
