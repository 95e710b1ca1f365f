package org.cardiograd.ecg.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    private final SyntheticEcgGenerator gen = new SyntheticEcgGenerator(SyntheticEcgConfig.defaults(), 2024);

    @Test
    void recordIsAPureFunctionOfSeedAndIndex() {
        SyntheticEcg a = gen.generate(17);
        SyntheticEcg b = new SyntheticEcgGenerator(SyntheticEcgConfig.defaults(), 2024).generate(17);
        assertSame(a, b);
    }

    @Test
    void orderAndThreadCountDoNotMatter() {
        List<SyntheticEcg> oneThread = gen.generate(3, 24, 1);
        List<SyntheticEcg> threeThreads = gen.generate(3, 24, 3);
        for (int k = 23; k >= 0; k--) {
            SyntheticEcg alone = gen.generate(3 + k);
            assertSame(alone, oneThread.get(k));
            assertSame(alone, threeThreads.get(k));
            assertEquals(3 + k, threeThreads.get(k).index());
        }
    }

    @Test
    void differentIndicesAndSeedsGiveDifferentRecords() {
        SyntheticEcg a = gen.generate(0);
        SyntheticEcg b = gen.generate(1);
        SyntheticEcg c = new SyntheticEcgGenerator(SyntheticEcgConfig.defaults(), 2025).generate(0);
        assertFalse(Arrays.equals(a.signal()[1], b.signal()[1]));
        assertFalse(Arrays.equals(a.signal()[1], c.signal()[1]));
    }

    @Test
    void editingAPlanChangesOnlyWhatWasEdited() {
        RecordPlan plan = gen.plan(9).withClasses(DiagnosticClass.MI);
        SyntheticEcg withMi = SyntheticEcgGenerator.render(plan);
        SyntheticEcg without = SyntheticEcgGenerator.render(plan.without(DiagnosticClass.MI));
        // Same beats and the same noise; only the morphology differs.
        assertArrayEquals(withMi.truth().qrsOnsets(), without.truth().qrsOnsets());
        assertEquals(withMi.truth().heartRateBpm(), without.truth().heartRateBpm());
        assertEquals(List.copyOf(without.labels()), List.of("NORM", plan.rhythm().code()));
        assertFalse(Arrays.equals(withMi.signal()[1], without.signal()[1]));
    }

    private static void assertSame(SyntheticEcg a, SyntheticEcg b) {
        assertEquals(a.labels(), b.labels());
        assertEquals(a.report(), b.report());
        for (int lead = 0; lead < 12; lead++) {
            assertArrayEquals(a.signal()[lead], b.signal()[lead], "lead " + lead + " of record " + a.index());
        }
    }
}
