package org.cardiograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.layers.Dropout;
import org.cardiograd.nn.layers.Linear;
import org.cardiograd.nn.layers.PositionalEmbedding;
import org.cardiograd.nn.layers.ProjectionHead;
import org.cardiograd.nn.layers.TransformerEncoder;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModuleTest {

    @Test
    void namesFollowPyTorchsStateDictConvention() {
        TransformerEncoder enc = new TransformerEncoder(TransformerEncoder.Config.preLn(2, 8, 2), new Rng(1));
        List<String> names = new ArrayList<>(enc.namedParameters().keySet());
        assertEquals(List.of("blocks.0.norm1.weight", "blocks.0.norm1.bias", "blocks.0.attn.qkv.weight",
                "blocks.0.attn.qkv.bias", "blocks.0.attn.proj.weight", "blocks.0.attn.proj.bias",
                "blocks.0.norm2.weight", "blocks.0.norm2.bias", "blocks.0.mlp.fc1.weight", "blocks.0.mlp.fc1.bias",
                "blocks.0.mlp.fc2.weight", "blocks.0.mlp.fc2.bias"), names.subList(0, 12));
        assertEquals("norm.bias", names.get(names.size() - 1));
        // per block: 2*8 + 24*8+24 + 8*8+8 + 2*8 + 32*8+32 + 8*32+8 = 872; plus the final norm 16
        assertEquals(2 * 872 + 16, enc.parameterCount());
        assertTrue(enc.summary().contains("qkv"), enc.summary());
    }

    @Test
    void strictLoadListsEveryProblemAndChangesNothing() {
        Linear a = new Linear(3, 2, true, new Rng(1));
        float[] before = a.weight.value().toArray();
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("weight", Tensor.zeros(2, 4)); // wrong shape
        bad.put("extra", Tensor.zeros(1)); // unexpected; "bias" missing
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.loadStateDict(bad, true));
        assertTrue(e.getMessage().contains("missing keys [bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys [extra]"), e.getMessage());
        assertTrue(e.getMessage().contains("'weight'") && e.getMessage().contains("[2, 4]"), e.getMessage());
        assertArrayEquals(before, a.weight.value().toArray(), 0f);
    }

    @Test
    void nonStrictLoadTakesWhatMatches() {
        Linear a = new Linear(3, 2, true, new Rng(1));
        Linear b = new Linear(3, 2, true, new Rng(2));
        Map<String, Tensor> onlyWeight = new LinkedHashMap<>();
        onlyWeight.put("weight", b.weight.value());
        a.loadStateDict(onlyWeight, false);
        assertArrayEquals(b.weight.value().toArray(), a.weight.value().toArray(), 0f);
        assertFalse(java.util.Arrays.equals(b.bias.value().toArray(), a.bias.value().toArray()));
    }

    @Test
    void registeringANameTwiceIsAnError() {
        class Twice extends Module {
            Twice() {
                param("w", Tensor.zeros(1));
                param("w", Tensor.zeros(1));
            }
        }
        assertThrows(IllegalArgumentException.class, Twice::new);
    }

    @Test
    void evalReachesNestedDropout() {
        class Net extends Layer {
            final Dropout drop = module("drop", new Dropout(0.5f, new Rng(3)));

            @Override
            public Variable forward(Variable x) {
                return drop.forward(x);
            }
        }
        Net net = new Net();
        Variable x = Variable.constant(Tensor.ones(1000));
        float trainSum = net.forward(x).value().sum().item();
        assertNotEquals(1000f, trainSum); // some zeroed, the rest scaled by 2
        net.eval();
        assertEquals(1000f, net.forward(x).value().sum().item());
        assertFalse(net.drop.isTraining());
    }

    @Test
    void sameSeedSameWeights() {
        ProjectionHead a = new ProjectionHead(8, 16, 4, ProjectionHead.Kind.BATCHNORM_RELU, new Rng(9));
        ProjectionHead b = new ProjectionHead(8, 16, 4, ProjectionHead.Kind.BATCHNORM_RELU, new Rng(9));
        a.stateDict().forEach((k, v) -> assertArrayEquals(v.toArray(), b.stateDict().get(k).toArray(), 0f, k));
    }

    @Test
    void sineCosineTableFollowsTheFormula() {
        Tensor t = PositionalEmbedding.sinCosTable(7, 6);
        for (int pos = 0; pos < 7; pos++) {
            for (int i = 0; i < 6; i++) {
                double angle = pos / Math.pow(10000, (i - i % 2) / 6.0);
                assertEquals(i % 2 == 0 ? Math.sin(angle) : Math.cos(angle), t.get(pos, i), 1e-6);
            }
        }
        assertTrue(PositionalEmbedding.sinCos(7, 6).namedParameters().isEmpty(), "sine-cosine is not trained");
    }
}
