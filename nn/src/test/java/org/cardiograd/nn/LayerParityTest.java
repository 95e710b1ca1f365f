package org.cardiograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.layers.BatchNorm1d;
import org.cardiograd.nn.layers.Conv1d;
import org.cardiograd.nn.layers.CrossAttention;
import org.cardiograd.nn.layers.TransformerBlock;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.SafeTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layers against PyTorch (src/test/python/make_layer_fixtures.py): same weights through the module's state dict,
 * same input; output, input gradient and parameter gradients of sum(out * r) must match within
 * |ours - torch| &lt;= 1e-4 (1 + |torch|).
 */
class LayerParityTest {
    private static final float TOL = 1e-4f;
    private static Map<String, Tensor> g;

    @BeforeAll
    static void load() throws Exception {
        g = SafeTensors.readAll(Path.of(LayerParityTest.class.getResource("/parity/layers.safetensors").toURI()));
    }

    private static Map<String, Tensor> state(String prefix) {
        Map<String, Tensor> s = new LinkedHashMap<>();
        String p = prefix + ".state.";
        g.forEach((k, v) -> {
            if (k.startsWith(p)) {
                s.put(k.substring(p.length()), v);
            }
        });
        return s;
    }

    /** Loads the module, runs forward on the fixture inputs, backward of sum(out * r), and compares. */
    private static void check(String prefix, Module module, int inputs, Function<Variable[], Variable> forward) {
        module.loadStateDict(state(prefix), true);
        Variable[] in = new Variable[inputs];
        for (int i = 0; i < inputs; i++) {
            in[i] = Variable.parameter(g.get(prefix + ".input" + i));
        }
        Variable out = forward.apply(in);
        assertClose(prefix + ".output", g.get(prefix + ".output"), out.value());
        out.mul(Variable.constant(g.get(prefix + ".r"))).sum().backward();
        for (int i = 0; i < inputs; i++) {
            assertClose(prefix + ".grad_input" + i, g.get(prefix + ".grad_input" + i), in[i].grad());
        }
        module.namedParameters().forEach((name, p) ->
                assertClose(prefix + ".grad." + name, g.get(prefix + ".grad." + name), p.grad()));
    }

    @Test
    void conv1dWithStridePaddingDilationGroups() {
        Conv1d conv = new Conv1d(6, 4, 3, 2, 2, 2, 2, true, new Rng(1));
        check("conv", conv, 1, v -> conv.forward(v[0]));
    }

    @Test
    void conv1dAsPatchEmbedding() {
        Conv1d patch = Conv1d.patchEmbedding(12, 8, 5, new Rng(1));
        check("patch", patch, 1, v -> patch.forward(v[0]));
    }

    @Test
    void batchNormTrainingUpdatesRunningStatistics() {
        BatchNorm1d bn = new BatchNorm1d(5);
        Map<String, Tensor> before = new LinkedHashMap<>();
        g.forEach((k, v) -> {
            if (k.startsWith("bn.before.")) {
                before.put(k.substring("bn.before.".length()), v);
            }
        });
        bn.loadStateDict(before, true);
        Variable x = Variable.parameter(g.get("bn.input0"));
        Variable out = bn.forward(x);
        assertClose("bn.output", g.get("bn.output"), out.value());
        out.mul(Variable.constant(g.get("bn.r"))).sum().backward();
        assertClose("bn.grad_input0", g.get("bn.grad_input0"), x.grad());
        assertClose("bn.grad.weight", g.get("bn.grad.weight"), bn.weight.grad());
        assertClose("bn.grad.bias", g.get("bn.grad.bias"), bn.bias.grad());
        for (String buffer : new String[] {"running_mean", "running_var", "num_batches_tracked"}) {
            assertClose("bn." + buffer, g.get("bn.state." + buffer), bn.stateDict().get(buffer));
        }
    }

    @Test
    void batchNormEvaluationUsesRunningStatistics() {
        BatchNorm1d bn = new BatchNorm1d(5);
        bn.eval();
        check("bn_eval", bn, 1, v -> bn.forward(v[0]));
    }

    @Test
    void postLnBlockAsInBert() {
        TransformerBlock block = new TransformerBlock(16, 2, 2f, false, 0f, 0f, 1e-12f, new Rng(1));
        check("post", block, 1, v -> block.forward(v[0], null));
    }

    @Test
    void crossAttention() {
        CrossAttention cross = new CrossAttention(16, 12, 4, new Rng(1));
        check("cross", cross, 2, v -> cross.forward(v[0], v[1], null));
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
