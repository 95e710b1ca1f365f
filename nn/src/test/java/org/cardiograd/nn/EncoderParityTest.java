package org.cardiograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.layers.TransformerEncoder;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.nn.optim.ParamGroup;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.SafeTensors;
import org.junit.jupiter.api.Test;

/**
 * nn against PyTorch: src/test/python/make_encoder_parity.py built a 2-block pre-LN encoder (width 64, 4 heads)
 * under the same parameter names, ran one batch with a key-padding mask, MSE loss, backward and one AdamW step.
 * The same weights loaded into cardiograd's TransformerEncoder must reproduce output, loss, gradients and the
 * updated weights within |ours - torch| &lt;= 1e-4 (1 + |torch|).
 */
class EncoderParityTest {
    private static final float TOL = 1e-4f;

    @Test
    void oneAdamWStepMatchesPyTorch() throws Exception {
        Path path = Path.of(EncoderParityTest.class.getResource("/parity/encoder.safetensors").toURI());
        Map<String, Tensor> g = SafeTensors.readAll(path);
        TransformerEncoder encoder = new TransformerEncoder(TransformerEncoder.Config.preLn(2, 64, 4), new Rng(0));
        Map<String, Tensor> weights = new LinkedHashMap<>();
        g.forEach((k, v) -> {
            if (k.startsWith("param.")) {
                weights.put(k.substring("param.".length()), v);
            }
        });
        encoder.loadStateDict(weights, true);

        Variable x = Variable.constant(g.get("input"));
        Variable out = encoder.forward(x, g.get("key_mask"));
        Variable loss = out.sub(Variable.constant(g.get("target"))).square().mean();
        assertClose("output", g.get("output"), out.value());
        assertClose("loss", g.get("loss"), loss.value().reshape(1));
        loss.backward();
        for (Map.Entry<String, Variable> e : encoder.namedParameters().entrySet()) {
            assertClose("grad." + e.getKey(), g.get("grad." + e.getKey()), e.getValue().grad());
        }
        AdamW optimizer = new AdamW(List.of(new ParamGroup(encoder.namedParameters(), 1e-3, 0.05)), 0.9, 0.95, 1e-8);
        optimizer.step();
        for (Map.Entry<String, Variable> e : encoder.namedParameters().entrySet()) {
            assertClose("after." + e.getKey(), g.get("after." + e.getKey()), e.getValue().value());
        }
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= TOL * (1 + Math.abs(e[i])),
                    what + "[" + i + "]: torch " + e[i] + ", cardiograd " + a[i]);
        }
    }
}
