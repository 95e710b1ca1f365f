package org.cardiograd.ecg.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassPriorsTest {

    @Test
    void classFrequenciesFollowThePriorsAndNormMeansNothingElse() {
        ClassPriors priors = ClassPriors.defaults();
        SyntheticEcgGenerator gen = new SyntheticEcgGenerator(SyntheticEcgConfig.defaults(), 12);
        int n = 3000;
        int[] counts = new int[DiagnosticClass.values().length];
        int combinations = 0;
        for (int index = 0; index < n; index++) {
            RecordPlan plan = gen.plan(index);
            for (DiagnosticClass c : plan.classes()) {
                counts[c.ordinal()]++;
            }
            assertTrue(plan.classes().contains(DiagnosticClass.NORM) == (plan.classes().size() == 1
                && plan.classes().iterator().next() == DiagnosticClass.NORM), plan.classes().toString());
            if (plan.classes().size() > 1) {
                combinations++;
            }
        }
        double pNorm = 1;
        for (DiagnosticClass c : DiagnosticClass.values()) {
            if (c != DiagnosticClass.NORM) {
                double p = priors.probability(c);
                pNorm *= 1 - p;
                assertEquals(p, counts[c.ordinal()] / (double) n, 4 * Math.sqrt(p * (1 - p) / n), c.name());
            }
        }
        assertEquals(pNorm, counts[DiagnosticClass.NORM.ordinal()] / (double) n, 0.04, "NORM");
        assertTrue(combinations > n / 20, "multi-label records occur: " + combinations);
    }

    @Test
    void customPriorsForceAClass() {
        ClassPriors onlyMi = new ClassPriors(Map.of(DiagnosticClass.MI, 1.0), Map.of(Rhythm.AFIB, 1.0));
        SyntheticEcgGenerator gen = new SyntheticEcgGenerator(SyntheticEcgConfig.defaults().withPriors(onlyMi), 1);
        for (int index = 0; index < 20; index++) {
            assertEquals(java.util.List.of("MI", "AFIB"), java.util.List.copyOf(gen.plan(index).labels()));
        }
    }

    @Test
    void invalidPriorsAndSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class,
            () -> new ClassPriors(Map.of(DiagnosticClass.MI, 1.5), Map.of()));
        assertThrows(IllegalArgumentException.class,
            () -> new ClassPriors(Map.of(DiagnosticClass.NORM, 0.5), Map.of()));
        assertThrows(IllegalArgumentException.class,
            () -> new ClassPriors(Map.of(), Map.of(Rhythm.AFIB, 0.6, Rhythm.SB, 0.6)));
        assertThrows(IllegalArgumentException.class, () -> SyntheticEcgConfig.defaults().withDifficulty(1.2));
        assertThrows(IllegalArgumentException.class, () -> SyntheticEcgConfig.defaults().withPowerlineHz(55));
        assertThrows(IllegalArgumentException.class,
            () -> new SyntheticEcgGenerator(SyntheticEcgConfig.defaults(), 1).generate(-1));
    }
}
