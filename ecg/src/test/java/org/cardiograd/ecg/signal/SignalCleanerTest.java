package org.cardiograd.ecg.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignalCleanerTest {

    private static final float NAN = Float.NaN;

    @Test
    void cleanRecordIsUnchanged() {
        float[][] x = {{1, 2, 3}, {0, -1, 1}};
        SignalCleaner.Result r = new SignalCleaner().clean(x);
        assertTrue(r.report().unchanged(), r.report().toString());
        assertArrayEquals(x[0], r.signal()[0]);
        assertArrayEquals(x[1], r.signal()[1]);
    }

    @Test
    void interiorRunsAreInterpolatedAndEdgeRunsHeld() {
        float[][] x = {{NAN, 1, NAN, NAN, 4, 5, Float.POSITIVE_INFINITY, 7, NAN}};
        SignalCleaner.Result r = new SignalCleaner(1e-6, 1.0).clean(x);
        assertArrayEquals(new float[] {1, 1, 2, 3, 4, 5, 6, 7, 7}, r.signal()[0], 1e-6f);
        assertEquals(4, r.report().filledRuns());
        assertEquals(5, r.report().filledSamples());
        assertArrayEquals(new int[] {5}, r.report().filledSamplesPerLead());
        assertTrue(Float.isNaN(x[0][0]), "input untouched");
    }

    @Test
    void missingAndFlatLeadsAreZeroedAndListed() {
        float[][] x = {
            {1, 2, 3, 4},             // fine
            {NAN, NAN, NAN, NAN},     // all missing
            {2.5f, 2.5f, 2.5f, 2.5f}, // flat, non-zero DC
            {NAN, NAN, NAN, 1},       // 75% missing > 50%
            {1, NAN, 1, 1},           // filled, then flat
        };
        SignalCleaner.Result r = new SignalCleaner().clean(x);
        CleaningReport rep = r.report();
        assertArrayEquals(new int[] {1, 3}, rep.missingLeads());
        assertArrayEquals(new int[] {2, 4}, rep.flatLeads());
        assertEquals(4, rep.zeroedLeadCount());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1}, rep.filledSamplesPerLead());
        assertEquals(1, rep.filledRuns());
        for (int lead = 1; lead < 5; lead++) {
            assertArrayEquals(new float[4], r.signal()[lead], "lead " + lead);
        }
        assertArrayEquals(x[0], r.signal()[0]);
    }

    @Test
    void allowingAllMissingFractionFillsMostlyMissingLeads() {
        float[][] x = {{NAN, NAN, NAN, 1, 3}};
        SignalCleaner.Result r = new SignalCleaner(1e-6, 1.0).clean(x);
        assertArrayEquals(new float[] {1, 1, 1, 1, 3}, r.signal()[0]);
        assertEquals(0, r.report().missingLeads().length);
    }

    @Test
    void rejectsBadPolicyAndRaggedInput() {
        assertThrows(IllegalArgumentException.class, () -> new SignalCleaner(-1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new SignalCleaner(1e-6, 1.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SignalCleaner().clean(new float[][] {{1, 2}, {1, 2, 3}}));
        assertTrue(e.getMessage().contains("lead 1"), e.getMessage());
    }
}
