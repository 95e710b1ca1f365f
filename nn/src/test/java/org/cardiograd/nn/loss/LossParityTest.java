package org.cardiograd.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.SafeTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every loss against PyTorch on the inputs of src/test/python/make_loss_fixtures.py: the loss and the gradient of
 * every differentiable input must match with |ours - torch| &lt;= 1e-6 + 1e-5 |torch|.
 */
class LossParityTest {
    private static final float RTOL = 1e-5f;
    private static final float ATOL = 1e-6f;
    private static Map<String, Tensor> f;

    @BeforeAll
    static void load() throws Exception {
        f = SafeTensors.readAll(Path.of(LossParityTest.class.getResource("/loss/losses.safetensors").toURI()));
    }

    private static Tensor t(String name) {
        Tensor v = f.get(name);
        assertNotNull(v, "fixture has no tensor " + name);
        return v;
    }

    private static Variable p(String name) {
        return Variable.parameter(t(name));
    }

    static void assertClose(String what, Tensor expected, Tensor actual) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + " shape");
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            float tol = ATOL + RTOL * Math.abs(e[i]);
            assertTrue(Math.abs(e[i] - a[i]) <= tol,
                    what + "[" + i + "]: torch " + e[i] + ", cardiograd " + a[i] + " (tolerance " + tol + ")");
        }
    }

    /** Backpropagates the loss and compares it and the gradients of the named inputs with the fixture. */
    private static void check(String prefix, Variable loss, Map<String, Variable> inputs) {
        assertEquals(0, loss.rank(), prefix + ": a loss is a scalar");
        loss.backward();
        assertClose(prefix + ".loss", t(prefix + ".loss"), loss.value());
        inputs.forEach((k, v) -> {
            assertNotNull(v.grad(), prefix + ": no gradient reached " + k);
            assertClose(prefix + ".grad." + k, t(prefix + ".grad." + k), v.grad());
        });
    }

    @Test
    void mse() {
        Variable pred = p("mse.pred");
        check("mse", Losses.mse(pred, Variable.constant(t("mse.target"))), Map.of("pred", pred));
    }

    @Test
    void maskedMse() {
        Variable pred = p("mae.pred");
        check("mae", Losses.maskedMse(pred, Variable.constant(t("mae.target")), t("mae.mask"), false),
                Map.of("pred", pred));
    }

    @Test
    void maskedMseWithNormPixTarget() {
        Variable pred = p("mae_norm.pred");
        check("mae_norm", Losses.maskedMse(pred, Variable.constant(t("mae_norm.target")), t("mae_norm.mask"), true),
                Map.of("pred", pred));
    }

    @Test
    void crossEntropy() {
        Variable logits = p("ce.logits");
        check("ce", Losses.crossEntropy(logits, t("ce.target")), Map.of("logits", logits));
    }

    @Test
    void crossEntropyWithSmoothingAndIgnoreIndexOverSequences() {
        Variable logits = p("ce_smooth.logits");
        check("ce_smooth", Losses.crossEntropy(logits, t("ce_smooth.target"), 0.1f, Losses.IGNORE_INDEX),
                Map.of("logits", logits));
    }

    @Test
    void binaryCrossEntropyWithLogits() {
        Variable logits = p("bce.logits");
        check("bce", Losses.binaryCrossEntropyWithLogits(logits, t("bce.target")), Map.of("logits", logits));
    }

    @Test
    void binaryCrossEntropyWithPosWeight() {
        Variable logits = p("bce_pw.logits");
        check("bce_pw", Losses.binaryCrossEntropyWithLogits(logits, t("bce_pw.target"), t("bce_pw.pos_weight")),
                Map.of("logits", logits));
    }

    @Test
    void ntXent() {
        Variable z1 = p("ntxent.z1");
        Variable z2 = p("ntxent.z2");
        check("ntxent", Losses.ntXent(z1, z2, 0.5f), Map.of("z1", z1, "z2", z2));
    }

    @Test
    void ntXentWithPositiveGroups() {
        Variable z1 = p("ntxent_groups.z1");
        Variable z2 = p("ntxent_groups.z2");
        check("ntxent_groups", Losses.ntXent(z1, z2, 0.2f, t("ntxent_groups.groups")), Map.of("z1", z1, "z2", z2));
    }

    @Test
    void infoNce() {
        Variable q = p("infonce.q");
        Variable k = p("infonce.k");
        check("infonce", Losses.infoNce(q, k, 0.1f), Map.of("q", q, "k", k));
    }

    @Test
    void clip() {
        for (String name : new String[] {"clip", "clip_clamped"}) {
            Variable a = p(name + ".a");
            Variable b = p(name + ".b");
            Variable s = p(name + ".logit_scale");
            check(name, Losses.clip(a, b, s), Map.of("a", a, "b", b, "logit_scale", s));
        }
        assertEquals(0f, t("clip_clamped.grad.logit_scale").item(), "the fixture's clamped scale has no gradient");
    }

    @Test
    void clipModuleMatchesTheFunction() {
        ClipLoss loss = new ClipLoss();
        loss.logitScale().value().copyFromInPlace(t("clip.logit_scale"));
        Variable a = p("clip.a");
        Variable b = p("clip.b");
        Variable out = loss.forward(a, b);
        out.backward();
        assertClose("clip module loss", t("clip.loss"), out.value());
        assertClose("clip module grad", t("clip.grad.logit_scale"), loss.logitScale().grad());
    }

    @Test
    void sigLip() {
        for (String name : new String[] {"siglip", "siglip_trained"}) {
            Variable x = p(name + ".x");
            Variable y = p(name + ".y");
            Variable s = p(name + ".logit_scale");
            Variable b = p(name + ".logit_bias");
            check(name, Losses.sigLip(x, y, s, b), Map.of("x", x, "y", y, "logit_scale", s, "logit_bias", b));
        }
    }

    @Test
    void sigLipModuleStartsAtThePapersInitialization() {
        SigLipLoss loss = new SigLipLoss();
        assertClose("t'", t("siglip.logit_scale"), loss.logitScale().value());
        assertClose("b", t("siglip.logit_bias"), loss.logitBias().value());
        Variable x = p("siglip.x");
        Variable y = p("siglip.y");
        Variable out = loss.forward(x, y);
        out.backward();
        assertClose("siglip module loss", t("siglip.loss"), out.value());
        assertClose("siglip module grad b", t("siglip.grad.logit_bias"), loss.logitBias().grad());
        assertEquals(java.util.List.of("logit_scale", "logit_bias"),
                new java.util.ArrayList<>(loss.namedParameters().keySet()));
    }

    @Test
    void orthogonality() {
        Variable a = p("orth.a");
        Variable b = p("orth.b");
        check("orth", Losses.orthogonality(a, b), Map.of("a", a, "b", b));
    }
}
