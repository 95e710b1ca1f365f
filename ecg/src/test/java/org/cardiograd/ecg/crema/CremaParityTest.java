package org.cardiograd.ecg.crema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.SafeTensors;
import org.junit.jupiter.api.Test;

/**
 * One CREMA training objective against the PyTorch reference (bench/crema_reference.py fixture): identical
 * weights, batch and masks give the same reconstruction and contrastive losses and the same gradient for
 * every parameter. Losses agree within 1e-4 relative; each gradient tensor within 1e-4 relative to its largest
 * entry (max |ours - torch| &lt;= 1e-4 max(max|torch|, 0.01)): elementwise relative error is meaningless for
 * entries near zero, and float32 rounding in a deep graph is about 1e-6 of the tensor's scale (measured).
 */
class CremaParityTest {
    static final CremaConfig TINY = new CremaConfig(12, 400, 40, 32, 2, 4, 16, 1, 2, 2f, 0.75f, false,
            CremaConfig.Mode.HL, 1f, 0.2f, 16, CremaConfig.Pooling.CLS);

    @Test
    void lossAndGradientsMatchPyTorch() throws Exception {
        Map<String, Tensor> g = SafeTensors.readAll(
                Path.of(CremaParityTest.class.getResource("/crema/step.safetensors").toURI()));
        Crema model = new Crema(TINY, new Rng(0));
        Map<String, Tensor> weights = new LinkedHashMap<>();
        g.forEach((k, v) -> {
            if (k.startsWith("param.")) {
                weights.put(k.substring("param.".length()), v);
            }
        });
        model.loadStateDict(weights, true);
        TokenMasking m0 = new TokenMasking(g.get("mask0.keep"), g.get("mask0.restore"), g.get("mask0.mask"));
        TokenMasking m1 = new TokenMasking(g.get("mask1.keep"), g.get("mask1.restore"), g.get("mask1.mask"));
        Crema.Loss loss = model.loss(g.get("view1"), g.get("view2"), null, m0, m1);
        assertEquals(g.get("reconstruction").item(), loss.reconstruction(), 1e-4 * Math.abs(loss.reconstruction()));
        assertEquals(g.get("contrastive").item(), loss.contrastive(), 1e-4 * Math.abs(loss.contrastive()));
        assertEquals(g.get("loss").item(), loss.total().item(), 1e-4 * Math.abs(loss.total().item()));
        loss.total().backward();
        model.namedParameters().forEach((name, p) -> {
            float[] expected = g.get("grad." + name).toArray();
            float[] actual = p.grad().toArray();
            float scale = 0.01f;
            float worst = 0f;
            for (int i = 0; i < expected.length; i++) {
                scale = Math.max(scale, Math.abs(expected[i]));
                worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(worst <= 1e-4f * scale, "grad." + name + ": max |torch - cardiograd| " + worst
                    + " exceeds 1e-4 x " + scale);
        });
    }
}
