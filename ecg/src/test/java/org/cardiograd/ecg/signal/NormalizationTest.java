package org.cardiograd.ecg.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NormalizationTest {

    @Test
    void zScoreGivesZeroMeanUnitStdPerLead() {
        float[][] x = {{1, 2, 3, 4}, {10, 10, 30, 30}};
        float[][] y = Normalization.zScore(x);
        float s = (float) (1 / Math.sqrt(1.25));
        assertArrayEquals(new float[] {-1.5f * s, -0.5f * s, 0.5f * s, 1.5f * s}, y[0], 1e-6f);
        assertArrayEquals(new float[] {-1, -1, 1, 1}, y[1], 1e-6f);
        assertEquals(1f, x[0][0], "input untouched");
    }

    @Test
    void flatLeadsBecomeZeroOrMidRange() {
        float[][] x = {{5, 5, 5}, {0, 1, 2}};
        assertArrayEquals(new float[3], Normalization.zScore(x)[0]);
        float[][] m = Normalization.minMax(x, 0, 1);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, m[0]);
        assertArrayEquals(new float[] {0, 0.5f, 1}, m[1]);
        assertArrayEquals(new float[] {-1, 0, 1}, Normalization.minMax(x, -1, 1)[1]);
    }

    @Test
    void almostFlatLeadBelowThresholdIsTreatedAsFlat() {
        float[][] x = {{1f, Math.nextUp(1f), 1f, 1f}}; // spread ~1e-7 mV < 1e-6 mV
        assertArrayEquals(new float[4], Normalization.zScore(x)[0]);
    }

    @Test
    void singleSampleAndLargeOffsetsAreHandled() {
        assertArrayEquals(new float[1], Normalization.zScore(new float[][] {{3}})[0]);
        float[][] y = Normalization.zScore(new float[][] {{1000f, 1001f, 1000f, 1001f}});
        assertArrayEquals(new float[] {-1, 1, -1, 1}, y[0], 1e-5f);
    }

    @Test
    void enumDispatches() {
        float[][] x = {{0, 2, 4}};
        assertArrayEquals(x[0], Normalization.NONE.apply(x)[0]);
        assertArrayEquals(new float[] {0, 0.5f, 1}, Normalization.MIN_MAX.apply(x)[0]);
        assertArrayEquals(Normalization.zScore(x)[0], Normalization.Z_SCORE.apply(x)[0]);
    }

    @Test
    void rejectsNonFiniteSamplesNamingLeadAndSample() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normalization.zScore(new float[][] {{1, 2}, {3, Float.NaN}}));
        assertTrue(e.getMessage().contains("lead 1 sample 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalization.minMax(new float[][] {{1, 2}}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Normalization.zScore(new float[][] {{}}));
    }
}
