package org.cardiograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.SafeTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SGD, Adam and AdamW against torch.optim (src/test/python/make_loss_fixtures.py): four steps on fixed parameters
 * and gradients, two groups (the second with its own lr and no weight decay), the second parameter without a
 * gradient at step 2 (skipped, as PyTorch does). Parameters must match after every step to 1e-6 relative.
 */
class OptimizerParityTest {
    private static final float RTOL = 1e-6f;
    private static final float ATOL = 1e-8f;
    private static Map<String, Tensor> f;

    @BeforeAll
    static void load() throws Exception {
        f = SafeTensors.readAll(Path.of(OptimizerParityTest.class.getResource("/loss/optim.safetensors").toURI()));
    }

    private static Tensor t(String name) {
        Tensor v = f.get(name);
        assertNotNull(v, "fixture has no tensor " + name);
        return v;
    }

    static void assertClose(String what, Tensor expected, Tensor actual, float rtol, float atol) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + " shape");
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            float tol = atol + rtol * Math.abs(e[i]);
            assertTrue(Math.abs(e[i] - a[i]) <= tol,
                    what + "[" + i + "]: torch " + e[i] + ", cardiograd " + a[i] + " (tolerance " + tol + ")");
        }
    }

    private void run(String name, Function<List<ParamGroup>, Optimizer> make) {
        Variable p0 = Variable.parameter(t("init.p0").copy());
        Variable p1 = Variable.parameter(t("init.p1").copy());
        // group 0 has the script's optimizer-wide lr and weight decay, group 1 lr 0.02 and no decay
        double lr0 = name.startsWith("sgd") ? 0.1 : 0.01;
        double wd0 = switch (name) {
            case "sgd" -> 0.0;
            case "adamw" -> 0.05;
            default -> 0.01;
        };
        Optimizer opt = make.apply(List.of(new ParamGroup(Map.of("p0", p0), lr0, wd0),
                new ParamGroup(Map.of("p1", p1), 0.02, 0.0)));
        for (int step = 0; step < 4; step++) {
            p0.setGrad(t("grad." + step + ".p0").copy());
            p1.setGrad(f.containsKey("grad." + step + ".p1") ? t("grad." + step + ".p1").copy() : null);
            opt.step();
            assertClose(name + " step " + step + " p0", t(name + "." + step + ".p0"), p0.value(), RTOL, ATOL);
            assertClose(name + " step " + step + " p1", t(name + "." + step + ".p1"), p1.value(), RTOL, ATOL);
        }
        assertEquals(4, opt.stepCount("p0"));
        assertEquals(3, opt.stepCount("p1"), "p1 had no gradient at one step");
    }

    @Test
    void sgd() {
        run("sgd", Sgd::new);
    }

    @Test
    void sgdWithMomentumAndWeightDecay() {
        run("sgd_momentum", groups -> new Sgd(groups, 0.9, 0, false));
    }

    @Test
    void sgdNesterov() {
        run("sgd_nesterov", groups -> new Sgd(groups, 0.9, 0, true));
    }

    @Test
    void adamWithCoupledWeightDecay() {
        run("adam", groups -> new Adam(groups, 0.9, 0.99, 1e-8));
    }

    @Test
    void adamWWithDecoupledWeightDecay() {
        run("adamw", groups -> new AdamW(groups, 0.9, 0.95, 1e-8));
    }

    @Test
    void clipGradNormMatchesTorch() {
        Variable p0 = Variable.parameter(t("init.p0"));
        Variable p1 = Variable.parameter(t("init.p1"));
        p0.setGrad(t("clip.in.p0").copy());
        p1.setGrad(t("clip.in.p1").copy());
        Variable unused = Variable.parameter(Tensor.zeros(3)); // no gradient: skipped
        float norm = GradClip.clipGradNorm(List.of(p0, unused, p1), 1.5).item();
        assertClose("norm", t("clip.norm"), Tensor.scalar(norm), 1e-6f, 0f);
        assertTrue(norm > 1.5f, "the fixture's gradients are large enough to be clipped");
        assertClose("clipped p0", t("clip.out.p0"), p0.grad(), 1e-6f, 1e-8f);
        assertClose("clipped p1", t("clip.out.p1"), p1.grad(), 1e-6f, 1e-8f);
        assertEquals(1.5f, GradClip.gradNorm(List.of(p0, p1)).item(), 1e-5f);
        LinkedHashMap<String, Variable> none = new LinkedHashMap<>();
        assertEquals(0f, GradClip.clipGradNorm(none.values(), 1.0).item());
    }
}
