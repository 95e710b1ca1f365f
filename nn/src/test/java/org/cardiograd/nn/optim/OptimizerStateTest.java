package org.cardiograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Optimizer state as named tensors: names, exact restore into a fresh optimizer, and rejected loads. */
class OptimizerStateTest {

    private static void fakeBackward(TinyNet net, Rng rng) {
        for (Variable p : net.parameters()) {
            p.setGrad(Tensor.randn(rng, p.shape()));
        }
    }

    private static Map<String, float[]> snapshot(TinyNet net) {
        Map<String, float[]> out = new LinkedHashMap<>();
        net.namedParameters().forEach((n, v) -> out.put(n, v.value().toArray()));
        return out;
    }

    private static void assertSameWeights(Map<String, float[]> expected, TinyNet net) {
        net.namedParameters().forEach((n, v) -> assertArrayEquals(expected.get(n), v.value().toArray(), n));
    }

    @Test
    void stateIsExposedUnderParameterNames() {
        TinyNet net = new TinyNet(1, 4, 6, 2);
        AdamW opt = new AdamW(ParamGroups.decayAndNoDecay(net, 1e-3, 0.05));
        fakeBackward(net, new Rng(2));
        net.fc1.weight.zeroGrad(); // not stepped: no state
        opt.step();
        OptimizerState s = opt.stateDict();
        assertTrue(s.tensors().containsKey("fc2.weight.exp_avg"), s.tensors().keySet().toString());
        assertTrue(s.tensors().containsKey("embed.weight.exp_avg_sq"));
        assertEquals(1L, s.counters().get("fc2.bias.step"));
        assertTrue(!s.tensors().containsKey("fc1.weight.exp_avg") && !s.counters().containsKey("fc1.weight.step"));
        assertEquals(8, s.tensors().size());
        assertEquals(4, s.counters().size());

        Sgd sgd = Sgd.of(net.namedParameters(), 0.1, 0.9, false, 0);
        fakeBackward(net, new Rng(3));
        sgd.step();
        assertEquals(5, sgd.stateDict().tensors().size());
        assertTrue(sgd.stateDict().tensors().containsKey("fc1.bias.momentum_buffer"));
    }

    private void resumesBitwise(Function<TinyNet, Optimizer> make) {
        TinyNet straight = new TinyNet(7, 4, 6, 2);
        Optimizer a = make.apply(straight);
        Rng gradsA = new Rng(9);
        for (int i = 0; i < 5; i++) {
            fakeBackward(straight, gradsA);
            a.step();
        }

        TinyNet first = new TinyNet(7, 4, 6, 2);
        Optimizer b = make.apply(first);
        Rng gradsB = new Rng(9);
        for (int i = 0; i < 2; i++) {
            fakeBackward(first, gradsB);
            b.step();
        }
        TinyNet resumed = new TinyNet(123, 4, 6, 2); // different initial weights, overwritten below
        resumed.loadStateDict(first.stateDict(), true);
        Optimizer c = make.apply(resumed);
        c.loadStateDict(b.stateDict());
        for (int i = 0; i < 3; i++) {
            fakeBackward(resumed, gradsB);
            c.step();
        }
        assertSameWeights(snapshot(straight), resumed);
        a.stateDict().tensors().forEach((k, v) -> assertArrayEquals(v.toArray(),
                c.stateDict().tensors().get(k).toArray(), k));
        assertEquals(a.stateDict().counters(), c.stateDict().counters());
    }

    @Test
    void adamWResumesBitwiseFromItsState() {
        resumesBitwise(net -> new AdamW(ParamGroups.decayAndNoDecay(net, 1e-2, 0.1)));
    }

    @Test
    void adamResumesBitwiseFromItsState() {
        resumesBitwise(net -> new Adam(ParamGroups.decayAndNoDecay(net, 1e-2, 0.1)));
    }

    @Test
    void sgdResumesBitwiseFromItsState() {
        resumesBitwise(net -> new Sgd(ParamGroups.decayAndNoDecay(net, 1e-1, 0.01), 0.9, 0, true));
    }

    @Test
    void loadedStateIsCopiedNotShared() {
        TinyNet net = new TinyNet(1, 4, 6, 2);
        AdamW a = AdamW.of(net.namedParameters(), 1e-3, 0);
        fakeBackward(net, new Rng(2));
        a.step();
        AdamW b = AdamW.of(new TinyNet(1, 4, 6, 2).namedParameters(), 1e-3, 0);
        b.loadStateDict(a.stateDict());
        float before = b.stateDict().tensors().get("fc1.bias.exp_avg").toArray()[0];
        fakeBackward(net, new Rng(5));
        a.step();
        assertEquals(before, b.stateDict().tensors().get("fc1.bias.exp_avg").toArray()[0]);
    }

    @Test
    void aFailedLoadListsEveryProblemAndChangesNothing() {
        TinyNet net = new TinyNet(1, 4, 6, 2);
        AdamW opt = AdamW.of(net.namedParameters(), 1e-3, 0.01);
        fakeBackward(net, new Rng(2));
        opt.step();
        OptimizerState good = opt.stateDict();
        Map<String, float[]> before = new LinkedHashMap<>();
        good.tensors().forEach((k, v) -> before.put(k, v.toArray()));

        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        good.tensors().forEach((k, v) -> tensors.put(k, v.add(1f)));
        tensors.put("fc1.weight.exp_avg", Tensor.zeros(5, 5));         // wrong shape
        tensors.put("nope.exp_avg", Tensor.zeros(2));                  // unknown parameter
        tensors.put("fc1.bias.momentum_buffer", Tensor.zeros(6));      // not an Adam buffer
        tensors.remove("fc2.bias.exp_avg_sq");                         // incomplete
        LinkedHashMap<String, Long> counters = new LinkedHashMap<>(good.counters());
        counters.put("embed.weight.step", 0L);                         // impossible count
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> opt.loadStateDict(new OptimizerState(tensors, counters)));
        String m = e.getMessage();
        for (String expected : new String[] {"shape mismatch for 'fc1.weight.exp_avg'", "unexpected tensor 'nope.exp_avg'",
                "unexpected tensor 'fc1.bias.momentum_buffer'", "'fc2.bias': incomplete state",
                "counter 'embed.weight.step' is 0", "left unchanged"}) {
            assertTrue(m.contains(expected), "missing '" + expected + "' in: " + m);
        }
        opt.stateDict().tensors().forEach((k, v) -> assertArrayEquals(before.get(k), v.toArray(), k));
        assertEquals(good.counters(), opt.stateDict().counters());
    }

    @Test
    void duplicateParametersAndNonLeavesAreRejected() {
        Variable w = Variable.parameter(Tensor.zeros(2, 2));
        assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(new ParamGroup(Map.of("a", w), 1, 0),
                new ParamGroup(Map.of("b", w), 1, 0))));
        assertThrows(IllegalArgumentException.class, () -> AdamW.of(Map.of("c", Variable.constant(Tensor.zeros(2))),
                1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(new ParamGroup(Map.of("a", w), 1, 0)),
                0, 0, true));
    }

    @Test
    void parameterGroupsFollowTheDocumentedRule() {
        TinyNet net = new TinyNet(1, 4, 6, 2);
        List<ParamGroup> groups = ParamGroups.decayAndNoDecay(net, 1e-3, 0.05);
        assertEquals(List.of("fc1.weight", "fc2.weight"), List.copyOf(groups.get(0).params().keySet()));
        assertEquals(List.of("embed.weight", "fc1.bias", "fc2.bias"), List.copyOf(groups.get(1).params().keySet()));
        assertEquals(0.05, groups.get(0).weightDecay());
        assertEquals(0.0, groups.get(1).weightDecay());
        Map<String, Variable> named = new LinkedHashMap<>();
        for (String n : new String[] {"encoder.pos_embed", "cls_token", "decoder.mask_token", "bert.token_type.weight",
                "blocks.0.norm1.weight", "blocks.0.attn.qkv.weight", "patch_embed.proj.weight"}) {
            named.put(n, Variable.parameter(Tensor.zeros(n.endsWith("norm1.weight") ? new int[] {4} : new int[] {2, 4})));
        }
        List<ParamGroup> g = ParamGroups.decayAndNoDecay(named, 1, 0.1, ParamGroups.NO_DECAY_KEYWORDS);
        assertEquals(List.of("blocks.0.attn.qkv.weight"), List.copyOf(g.get(0).params().keySet()));
        List<ParamGroup> mae = ParamGroups.decayAndNoDecay(named, 1, 0.1,
                List.of("pos_embed", "cls_token", "mask_token", "token_type"));
        assertEquals(List.of("blocks.0.attn.qkv.weight", "patch_embed.proj.weight"),
                List.copyOf(mae.get(0).params().keySet()));
    }

    @Test
    void scheduleSetsEachGroupsRateTimesItsScale() {
        TinyNet net = new TinyNet(1, 4, 6, 2);
        List<ParamGroup> groups = ParamGroups.decayAndNoDecay(net, 1e-3, 0.05);
        groups.get(1).setLrScale(0.5);
        AdamW opt = new AdamW(groups);
        LrSchedule s = LrSchedule.warmupCosine(1e-2, 1e-4, 10, 100);
        opt.setLearningRate(s.lr(5));
        assertEquals(5e-3, groups.get(0).lr(), 1e-12);
        assertEquals(2.5e-3, groups.get(1).lr(), 1e-12);
        // a zero learning rate leaves decoupled-decay parameters unchanged
        opt.setLearningRate(s.lr(0));
        float[] w = net.fc1.weight.value().toArray();
        fakeBackward(net, new Rng(1));
        opt.step();
        assertArrayEquals(w, net.fc1.weight.value().toArray());
    }
}
