package org.cardiograd.ecg.crema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.FusedOps;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CremaTest {
    private static final CremaConfig TINY = new CremaConfig(12, 400, 40, 32, 2, 4, 16, 1, 2, 2f, 0.75f, false,
            CremaConfig.Mode.HL, 1f, 0.2f, 16, CremaConfig.Pooling.CLS);

    @Test
    void maskingKeepsTheRightCountAndRestoreInvertsTheShuffle() {
        TokenMasking m = TokenMasking.random(org.cardiograd.tensor.Backends.current(), new Rng(1), 3, 10, 3);
        assertArrayEquals(new int[] {3, 3}, m.keepIndex().shape());
        float[] mask = m.mask().toArray();
        float[] keep = m.keepIndex().toArray();
        for (int b = 0; b < 3; b++) {
            int hidden = 0;
            for (int t = 0; t < 10; t++) {
                hidden += (int) mask[b * 10 + t];
            }
            assertEquals(7, hidden);
            for (int k = 0; k < 3; k++) {
                assertEquals(0f, mask[b * 10 + (int) keep[b * 3 + k]], "a kept token is not masked");
            }
        }
    }

    @Test
    void patchifyAndUnpatchifyAreInverse() {
        Crema model = new Crema(TINY, new Rng(2));
        Tensor ecg = Tensor.randn(new Rng(3), 2, 12, 400);
        Tensor patches = model.patchify(ecg);
        assertArrayEquals(new int[] {2, 10, 12 * 40}, patches.shape());
        // token 1 holds samples 40..79 of lead 0 first
        assertEquals(ecg.get(1, 0, 45), patches.get(1, 1, 5));
        assertEquals(ecg.get(1, 3, 41), patches.get(1, 1, 3 * 40 + 1));
        assertArrayEquals(ecg.toArray(), model.unpatchify(patches).toArray(), 0f);
    }

    @Test
    void everyParameterGetsAGradientInHybridMode() {
        Crema model = new Crema(TINY, new Rng(4));
        Rng rng = new Rng(5);
        Tensor x = Tensor.randn(rng, 4, 12, 400);
        Crema.Loss loss = model.loss(x, x.add(Tensor.randn(rng, 4, 12, 400).mul(0.1f)), null, rng);
        assertTrue(Float.isFinite(loss.reconstruction()) && Float.isFinite(loss.contrastive()));
        loss.total().backward();
        model.namedParameters().forEach((name, p) -> assertNotNull(p.grad(), name + " got no gradient"));
    }

    @Test
    void modesChooseTheirParts() {
        assertTrue(new Crema(TINY.withMode(CremaConfig.Mode.CL), new Rng(6)).namedParameters().keySet().stream()
                .noneMatch(n -> n.startsWith("decoder")));
        assertTrue(new Crema(TINY.withMode(CremaConfig.Mode.GL), new Rng(6)).namedParameters().keySet().stream()
                .noneMatch(n -> n.startsWith("projection")));
    }

    @Test
    void pretrainingReducesTheLossOnAFixedBatch() {
        Crema model = new Crema(TINY, new Rng(7));
        Rng data = new Rng(8);
        Tensor x = Tensor.randn(data, 8, 12, 400).mul(0.5f);
        Tensor view2 = x.add(Tensor.randn(data, 8, 12, 400).mul(0.05f));
        List<Variable> params = model.parameters();
        Tensor[][] state = new Tensor[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            state[i] = new Tensor[] {params.get(i).value().zerosLike(), params.get(i).value().zerosLike()};
        }
        float first = 0;
        float last = 0;
        for (int step = 1; step <= 40; step++) {
            Crema.Loss loss = model.loss(x, view2, null, new Rng(100 + step % 4));
            if (step == 1) {
                first = loss.total().item();
            }
            last = loss.total().item();
            loss.total().backward();
            try (NoGrad ignored = NoGrad.enter()) {
                for (int i = 0; i < params.size(); i++) {
                    Variable p = params.get(i);
                    FusedOps.adamw(p.value(), p.grad(), state[i][0], state[i][1], 2e-3f, 0.9f, 0.95f, 1e-8f, 0f, step);
                    p.zeroGrad();
                }
            }
        }
        assertTrue(last < 0.8f * first, "loss " + first + " -> " + last);
    }
}
