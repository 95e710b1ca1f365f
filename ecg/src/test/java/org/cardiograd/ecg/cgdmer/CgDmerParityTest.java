package org.cardiograd.ecg.cgdmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cardiograd.ecg.crema.TokenMasking;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.SafeTensors;
import org.junit.jupiter.api.Test;

/**
 * One CG-DMER objective against the PyTorch reference (bench/cgdmer_reference.py fixture, "tiny" config: per-lead
 * tokens with separators, 210 samples in patches of 25 so the last 10 samples are left out, a 2-layer BERT):
 * identical weights, batch, ECG masking and MLM selection give the same five loss parts and the same gradient
 * for every parameter. Losses within 1e-4 relative; each gradient tensor within 1e-4 relative to its largest
 * entry (as in CremaParityTest: elementwise relative error is meaningless near zero).
 */
class CgDmerParityTest {
    static final CgDmerConfig TINY = new CgDmerConfig(
            new CgDmerConfig.Ecg(12, 210, 25, 32, 2, 4, 16, 1, 2, 2f, CgDmerConfig.Tokenization.SPATIAL_TEMPORAL,
                    CgDmerConfig.TemporalEmbedding.SIN_COS, true, CgDmerConfig.Pooling.MEAN, 0.75f, 0.25f, 0.25f, 2),
            new CgDmerConfig.Text(50, 32, 2, 4, 64, 12),
            CgDmerConfig.Objective.full().withWeights(0.7f, 0.5f, 0.3f), 16);

    @Test
    void lossPartsAndGradientsMatchPyTorch() throws Exception {
        Map<String, Tensor> g = SafeTensors.readAll(
                Path.of(CgDmerParityTest.class.getResource("/cgdmer/step.safetensors").toURI()));
        CgDmer model = new CgDmer(TINY, new Rng(0));
        Map<String, Tensor> weights = new LinkedHashMap<>();
        g.forEach((k, v) -> {
            if (k.startsWith("param.")) {
                weights.put(k.substring("param.".length()), v);
            }
        });
        model.loadStateDict(weights, true);
        CgDmer.Masks masks = new CgDmer.Masks(
                new TokenMasking(g.get("ecg.keep"), g.get("ecg.restore"), g.get("ecg.mask")),
                g.get("text_ids"), g.get("mlm.positions"), g.get("mlm.targets"));
        CgDmerLoss loss = model.loss(g.get("ecg"), g.get("text_mask"), masks);
        close("ecg_reconstruction", g, loss.ecgReconstruction());
        close("text_reconstruction", g, loss.textReconstruction());
        close("orthogonality", g, loss.orthogonality());
        close("contrastive", g, loss.contrastive());
        close("siglip", g, loss.sigLip());
        assertEquals(g.get("loss").item(), loss.total().item(), 1e-4 * Math.abs(loss.total().item()));
        loss.total().backward();
        // Absolute floor: 1e-2 of the largest gradient entry of the model (i.e. 1e-6 of it after the 1e-4 below).
        // The batch-normalized heads make a few gradients (the ECG encoder's final norm bias) the near-zero sum of
        // terms of the model's largest gradient size, so float32 rounding sets their error, not their own size.
        float largest = (float) g.entrySet().stream().filter(e -> e.getKey().startsWith("grad."))
                .mapToDouble(e -> e.getValue().abs().max().item()).max().orElse(0);
        float floor = Math.max(0.01f, 0.01f * largest);
        model.namedParameters().forEach((name, p) -> {
            Tensor expectedGrad = g.get("grad." + name);
            assertNotNull(expectedGrad, "the fixture has no gradient for " + name);
            float[] expected = expectedGrad.toArray();
            float[] actual = p.grad().toArray();
            float scale = floor;
            float worst = 0f;
            for (int i = 0; i < expected.length; i++) {
                scale = Math.max(scale, Math.abs(expected[i]));
                worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(worst <= 1e-4f * scale, "grad." + name + ": max |torch - cardiograd| " + worst
                    + " exceeds 1e-4 x " + scale);
        });
    }

    private static void close(String part, Map<String, Tensor> g, float actual) {
        float expected = g.get("loss." + part).item();
        assertEquals(expected, actual, 1e-4 * Math.abs(expected), part);
    }
}
