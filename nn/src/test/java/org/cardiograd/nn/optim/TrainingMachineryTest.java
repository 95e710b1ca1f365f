package org.cardiograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.loss.Losses;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Schedules, gradient accumulation and the moving average of weights. */
class TrainingMachineryTest {

    @Test
    void warmupCosineRisesLinearlyThenFollowsHalfACosineToTheMinimum() {
        LrSchedule s = LrSchedule.warmupCosine(1.0, 0.1, 10, 110);
        assertEquals(0.0, s.lr(0));
        assertEquals(0.5, s.lr(5), 1e-12);
        assertEquals(1.0, s.lr(10), 1e-12);
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.lr(35), 1e-12);
        assertEquals(0.55, s.lr(60), 1e-12);
        assertEquals(0.1, s.lr(110), 1e-12);
        assertEquals(0.1, s.lr(10_000), 1e-12);
        for (long step = 10; step < 110; step++) {
            assertTrue(s.lr(step + 1) <= s.lr(step), "decays monotonically after warm-up, step " + step);
        }
        assertEquals(s.lr(37), s.lr(37), "a pure function of the step");
        LrSchedule noWarmup = LrSchedule.warmupCosine(2.0, 0.0, 0, 4);
        assertEquals(2.0, noWarmup.lr(0), 1e-12);
        assertEquals(1.0, noWarmup.lr(2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.warmupCosine(1, 0, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> s.lr(-1));
    }

    @Test
    void stepDecayAndConstant() {
        LrSchedule s = LrSchedule.stepDecay(0.1, 30, 0.1);
        assertEquals(0.1, s.lr(0), 1e-15);
        assertEquals(0.1, s.lr(29), 1e-15);
        assertEquals(0.01, s.lr(30), 1e-15);
        assertEquals(0.001, s.lr(65), 1e-15);
        assertEquals(3e-4, LrSchedule.constant(3e-4).lr(123456));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.stepDecay(0.1, 0, 0.5));
    }

    @Test
    void accumulatingMicroBatchesGivesTheFullBatchGradient() {
        Rng rng = new Rng(4);
        Tensor x = Tensor.randn(rng, 8, 4);
        Tensor y = Tensor.randn(rng, 8, 2);
        TinyNet full = new TinyNet(3, 4, 6, 2);
        Losses.mse(full.forward(Variable.constant(x), 0, null), Variable.constant(y)).backward();

        TinyNet micro = new TinyNet(3, 4, 6, 2);
        GradientAccumulator acc = new GradientAccumulator(4);
        for (int i = 0; i < 4; i++) {
            Variable loss = Losses.mse(micro.forward(Variable.constant(x.narrow(0, 2 * i, 2)), 0, null),
                    Variable.constant(y.narrow(0, 2 * i, 2)));
            boolean step = acc.backward(loss);
            assertEquals(i == 3, step, "steps only after the 4th micro-batch");
        }
        assertEquals(0, acc.pending());
        full.namedParameters().forEach((n, v) -> {
            float[] e = v.grad().toArray();
            float[] a = micro.namedParameters().get(n).grad().toArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-6f + 1e-5f * Math.abs(e[i]), n + "[" + i + "]");
            }
        });
        assertThrows(IllegalArgumentException.class, () -> new GradientAccumulator(0));
    }

    @Test
    void emaFollowsTheFormulaWithAndWithoutWarmup() {
        Variable w = Variable.parameter(Tensor.fromArray(new float[] {0f, 10f}));
        Map<String, Variable> params = Map.of("w", w);
        ExponentialMovingAverage plain = new ExponentialMovingAverage(params, 0.9, false);
        ExponentialMovingAverage warm = new ExponentialMovingAverage(params, 0.9, true);
        assertEquals(0.1f, warm.currentDecay(), 1e-7f); // (1 + 0) / (10 + 0)
        w.value().copyFromInPlace(Tensor.fromArray(new float[] {1f, 20f}));
        plain.update();
        warm.update();
        assertArrayEquals(new float[] {0.1f, 11f}, plain.stateTensors().get("w").toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.9f, 19f}, warm.stateTensors().get("w").toArray(), 1e-5f);
        assertEquals(2f / 11f, warm.currentDecay(), 1e-7f);
        for (int i = 0; i < 100; i++) {
            warm.update();
        }
        assertEquals(0.9f, warm.currentDecay(), "warm-up ends at the configured decay");
        assertEquals(101, warm.numUpdates());
    }

    @Test
    void emaApplySwapsAveragedWeightsInAndRestoresTrainingWeights() {
        TinyNet net = new TinyNet(5, 4, 6, 2);
        ExponentialMovingAverage ema = new ExponentialMovingAverage(net, 0.5, false);
        Map<String, float[]> initial = new LinkedHashMap<>();
        net.namedParameters().forEach((n, v) -> initial.put(n, v.value().toArray()));
        AdamW opt = AdamW.of(net.namedParameters(), 0.1, 0);
        Rng rng = new Rng(1);
        for (Variable p : net.parameters()) {
            p.setGrad(Tensor.randn(rng, p.shape()));
        }
        opt.step();
        ema.update();
        Map<String, float[]> trained = new LinkedHashMap<>();
        net.namedParameters().forEach((n, v) -> trained.put(n, v.value().toArray()));
        try (ExponentialMovingAverage.Applied ignored = ema.apply()) {
            net.namedParameters().forEach((n, v) -> {
                float[] a = v.value().toArray();
                for (int i = 0; i < a.length; i++) {
                    assertEquals(0.5f * (initial.get(n)[i] + trained.get(n)[i]), a[i], 1e-6f, n);
                }
            });
            assertThrows(IllegalStateException.class, ema::update);
        }
        net.namedParameters().forEach((n, v) -> assertArrayEquals(trained.get(n), v.value().toArray(), n));
    }

    @Test
    void emaLoadChecksEverythingFirst() {
        TinyNet net = new TinyNet(5, 4, 6, 2);
        ExponentialMovingAverage ema = new ExponentialMovingAverage(net, 0.99, true);
        Map<String, float[]> before = new LinkedHashMap<>();
        ema.stateTensors().forEach((n, t) -> before.put(n, t.toArray()));
        LinkedHashMap<String, Tensor> bad = new LinkedHashMap<>();
        ema.stateTensors().forEach((n, t) -> bad.put(n, t.add(1f)));
        bad.put("fc2.bias", Tensor.zeros(7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ema.load(bad, Map.of(ExponentialMovingAverage.NUM_UPDATES, 3L)));
        assertTrue(e.getMessage().contains("shape mismatch for average 'fc2.bias'"), e.getMessage());
        ema.stateTensors().forEach((n, t) -> assertArrayEquals(before.get(n), t.toArray(), n));
        assertEquals(0, ema.numUpdates());
        bad.put("fc2.bias", Tensor.zeros(2));
        ema.load(bad, Map.of(ExponentialMovingAverage.NUM_UPDATES, 3L));
        assertEquals(3, ema.numUpdates());
        assertFalse(ema.checkState(bad, Map.of()).isEmpty());
        assertEquals(List.of(), ema.checkState(bad, ema.counters()));
    }
}
