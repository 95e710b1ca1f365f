package org.cardiograd.ecg.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    /**
     * Tolerance against SciPy, relative to the largest |output|: the Java output is float32 (rounding ~6e-8
     * relative); the filter and sums are double precision, so anything above float rounding is a design error.
     */
    static final double TOLERANCE = 1e-6; // measured: 3.8e-8 .. 4.2e-8

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"500, 250", "500, 100", "250, 500", "360, 500"})
    void matchesScipyResamplePoly(int from, int to) {
        ScipyFixture f = ScipyFixture.load("resample_" + from + "_to_" + to + ".txt");
        float[] y = Resampler.between(from, to).apply(f.inputMillivolts());
        double err = ScipyFixture.relativeMaxError(f.array("y"), y);
        assertTrue(err < TOLERANCE, "relative max error " + err + " for " + from + " -> " + to);
    }

    @ParameterizedTest(name = "up {0} down {1}")
    @CsvSource({"1, 2", "1, 5", "2, 1", "25, 18"})
    void filterTapsMatchScipyFirwin(int up, int down) {
        double[] expected = ScipyFixture.load("resample_filters.txt").array("h_up" + up + "_down" + down);
        double[] taps = Resampler.ofRatio(up, down).filterTaps();
        assertEquals(expected.length, taps.length);
        for (int i = 0; i < taps.length; i++) {
            assertEquals(expected[i] * up, taps[i], 1e-9 * up, "tap " + i);
        }
    }

    @Test
    void reducesRatioByGcdAndComputesOutputLength() {
        Resampler r = Resampler.between(360, 500);
        assertEquals(25, r.up());
        assertEquals(18, r.down());
        assertEquals(2000, r.outputLength(1440));
        assertEquals(3, Resampler.between(500, 100).outputLength(11)); // ceil(11 / 5)
        assertEquals(1, Resampler.between(500, 100).outputLength(1));
    }

    @Test
    void sameRateIsACopy() {
        float[] x = {1, 2, 3};
        float[] y = Resampler.between(500, 500).apply(x);
        assertArrayEquals(x, y);
        y[0] = 7;
        assertEquals(1, x[0]);
    }

    @Test
    void keepsDcLevelAwayFromTheEdges() {
        float[] x = new float[1000];
        java.util.Arrays.fill(x, 0.5f);
        for (int[] rates : new int[][] {{500, 100}, {250, 500}, {360, 500}, {500, 250}}) {
            Resampler r = Resampler.between(rates[0], rates[1]);
            float[] y = r.apply(x);
            int margin = y.length / 10;
            for (int i = margin; i < y.length - margin; i++) {
                assertEquals(0.5, y[i], 2e-3, rates[0] + "->" + rates[1] + " sample " + i);
            }
        }
    }

    @Test
    void removesContentAboveTheNewNyquist() {
        // a 120 Hz sine at 500 Hz must not alias into the 100 Hz output (Nyquist 50 Hz)
        float[] x = new float[5000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * 120 * i / 500.0);
        }
        float[] y = Resampler.between(500, 100).apply(x);
        for (int i = 50; i < y.length - 50; i++) {
            assertEquals(0, y[i], 0.01, "sample " + i);
        }
    }

    @Test
    void resamplesEveryLeadTheSame() {
        ScipyFixture f = ScipyFixture.load("resample_500_to_100.txt");
        float[] lead = f.inputMillivolts();
        float[] negated = new float[lead.length];
        for (int i = 0; i < lead.length; i++) {
            negated[i] = -lead[i];
        }
        float[][] y = Resampler.resample(new float[][] {lead, negated}, 500, 100);
        float[] single = Resampler.between(500, 100).apply(lead);
        assertArrayEquals(single, y[0]);
        for (int i = 0; i < single.length; i++) {
            assertEquals(-single[i], y[1][i], 0f);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Resampler.between(0, 500));
        assertThrows(IllegalArgumentException.class, () -> Resampler.ofRatio(1, -2));
        assertThrows(IllegalArgumentException.class,
                () -> Resampler.resample(new float[][] {{1, 2}, {1}}, 500, 250));
    }
}
