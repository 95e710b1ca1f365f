package org.cardiograd.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.io.SafeTensors;
import org.cardiograd.tensor.reference.ReferenceBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole stack held against PyTorch, in the manner of llm.c: src/test/python/make_golden.py computed a small
 * MLP and one pre-LN transformer block (with a key-padding mask) in float32 and stored inputs, weights,
 * activations, the loss and every gradient. Here the same computation runs on cardiograd and must match with
 * |ours - torch| &lt;= ATOL + RTOL |torch|, RTOL = 1e-4 and ATOL = 1e-5 (float32 summation-order differences
 * between GEMM implementations stay below that for these sizes).
 */
class GoldenTest {
    private static final float RTOL = 1e-4f;
    private static final float ATOL = 1e-5f;

    static Stream<Backend> backends() {
        return Stream.of(new CpuBackend(2), new CpuBackend(1), new ReferenceBackend());
    }

    private static Map<String, Tensor> load(String name, Backend backend) throws Exception {
        Path path = Path.of(GoldenTest.class.getResource("/golden/" + name).toURI());
        return SafeTensors.readAll(path, backend);
    }

    private static Map<String, Variable> parameters(Map<String, Tensor> golden, String... names) {
        Map<String, Variable> p = new LinkedHashMap<>();
        for (String n : names) {
            p.put(n, Variable.parameter(golden.get(n)).named(n));
        }
        return p;
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            float tol = ATOL + RTOL * Math.abs(e[i]);
            assertTrue(Math.abs(e[i] - a[i]) <= tol,
                    what + "[" + i + "]: torch " + e[i] + ", cardiograd " + a[i] + " (tolerance " + tol + ")");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void mlpMatchesPyTorch(Backend backend) throws Exception {
        Map<String, Tensor> g = load("mlp.safetensors", backend);
        Map<String, Variable> p = parameters(g, "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
        Variable x = Variable.constant(g.get("input"));
        Variable hidden = Functional.linear(x, p.get("fc1.weight"), p.get("fc1.bias")).gelu();
        Variable logits = Functional.linear(hidden, p.get("fc2.weight"), p.get("fc2.bias"));
        Tensor target = g.get("target").reshape(-1, 1);
        Variable loss = logits.logSoftmax(-1).gather(1, target).mean().neg(); // cross-entropy
        assertClose("hidden", g.get("hidden"), hidden.value());
        assertClose("logits", g.get("logits"), logits.value());
        assertClose("loss", g.get("loss"), loss.value().reshape(1));
        loss.backward();
        for (Map.Entry<String, Variable> e : p.entrySet()) {
            assertClose("grad." + e.getKey(), g.get("grad." + e.getKey()), e.getValue().grad());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void preLnTransformerBlockMatchesPyTorch(Backend backend) throws Exception {
        Map<String, Tensor> g = load("block.safetensors", backend);
        Map<String, Variable> p = parameters(g, "ln1.weight", "ln1.bias", "attn.qkv.weight", "attn.qkv.bias",
                "attn.proj.weight", "attn.proj.bias", "ln2.weight", "ln2.bias", "mlp.fc1.weight", "mlp.fc1.bias",
                "mlp.fc2.weight", "mlp.fc2.bias");
        Variable x = Variable.parameter(g.get("input"));
        int b = x.shape(0), t = x.shape(1), c = x.shape(2), heads = 4, d = c / heads;

        // h = x + proj(attention(ln1(x)))
        Variable attnIn = Functional.layerNorm(x, p.get("ln1.weight"), p.get("ln1.bias"), 1e-5f);
        Variable qkv = Functional.linear(attnIn, p.get("attn.qkv.weight"), p.get("attn.qkv.bias"))
                .reshape(b, t, 3, heads, d).permute(2, 0, 3, 1, 4);
        Variable attn = Functional.attention(qkv.select(0, 0), qkv.select(0, 1), qkv.select(0, 2),
                g.get("key_mask"), null, (float) (1 / Math.sqrt(d)), false).transpose(1, 2).reshape(b, t, c);
        Variable h = x.add(Functional.linear(attn, p.get("attn.proj.weight"), p.get("attn.proj.bias")));
        // out = h + fc2(gelu(fc1(ln2(h))))
        Variable mlpIn = Functional.layerNorm(h, p.get("ln2.weight"), p.get("ln2.bias"), 1e-5f);
        Variable hidden = Functional.linear(mlpIn, p.get("mlp.fc1.weight"), p.get("mlp.fc1.bias")).gelu();
        Variable out = h.add(Functional.linear(hidden, p.get("mlp.fc2.weight"), p.get("mlp.fc2.bias")));
        Variable loss = out.mul(Variable.constant(g.get("loss_weights"))).sum();

        assertClose("attn", g.get("attn"), attn.value());
        assertClose("residual", g.get("residual"), h.value());
        assertClose("output", g.get("output"), out.value());
        assertClose("loss", g.get("loss"), loss.value().reshape(1));
        loss.backward();
        assertClose("grad.input", g.get("grad.input"), x.grad());
        for (Map.Entry<String, Variable> e : p.entrySet()) {
            assertClose("grad." + e.getKey(), g.get("grad." + e.getKey()), e.getValue().grad());
        }
    }
}
