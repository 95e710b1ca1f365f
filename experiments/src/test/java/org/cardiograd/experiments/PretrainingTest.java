package org.cardiograd.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;

import org.cardiograd.nn.loss.ClipLoss;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the pretraining loop does around the optimizer step. */
class PretrainingTest {

    /**
     * CG-DMER's InfoNCE log-scale ends every step inside [0, ln 100], as CLIP clamps it after each optimizer step.
     * Above ln 100 the loss gives it no gradient, so AdamW alone would leave it there.
     */
    @Test
    void everyStepClampsTheInfoNceLogScale(@TempDir Path run) throws IOException {
        PretrainableModel.Factory factory = ModelOptions.factory(PretrainCommand.options()
                .parse(CgDmerEndToEndTest.TINY));
        EcgArrays train = DataSpec.parse("synthetic").load(new DataSpec.Request(factory.samples(), 10, 16, 8, 0.2,
                42)).train();
        factory.prepare(train, run);
        CgDmerModel model = (CgDmerModel) factory.create(new Rng(1));
        Pretraining training = new Pretraining(model, train, new Pretraining.Settings(2, 4, 1e-4, 1e-5, 0.05, 0, 7));
        Tensor logScale = model.module().namedParameters().get("contrastive.logit_scale").value();

        logScale.fillInPlace(6f);
        training.step(0);
        assertEquals(ClipLoss.MAX_LOG_SCALE, logScale.item(), 0f, "a log-scale above ln 100 after the step");

        logScale.fillInPlace(-0.5f); // a step of lr 1e-4 cannot bring it back to 0 by itself
        training.step(1);
        assertEquals(0f, logScale.item(), 0f, "a negative log-scale after the step");
    }
}
