package org.cardiograd.ecg.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ButterworthTest {

    /** Coefficients: absolute difference per coefficient (they are O(1), except the gain-carrying first row). */
    static final double COEFFICIENT_TOLERANCE = 1e-12; // measured worst: 1.7e-15
    /** Filter output against sosfiltfilt, relative to the largest |output|. */
    static final double OUTPUT_TOLERANCE = 1e-6; // measured: 5.3e-8 (float32 output rounding)

    @Test
    void sectionsMatchScipyButterForManyOrdersRatesAndBands() {
        Pattern key = Pattern.compile("sos_fs([\\d.]+)_n(\\d+)_([\\d.]+)_([\\d.]+)");
        Map<String, double[]> cases = ScipyFixture.load("butter_bandpass_sos.txt").all();
        assertTrue(cases.size() > 50, "fixture has " + cases.size() + " cases");
        for (Map.Entry<String, double[]> c : cases.entrySet()) {
            Matcher m = key.matcher(c.getKey());
            assertTrue(m.matches(), c.getKey());
            SosFilter filter = Butterworth.bandPass(Integer.parseInt(m.group(2)), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4)), Double.parseDouble(m.group(1)));
            double[][] sos = filter.sections();
            double[] expected = c.getValue();
            assertEquals(expected.length, sos.length * 6, c.getKey() + " section count");
            for (int i = 0; i < expected.length; i++) {
                double scale = Math.max(1, Math.abs(expected[i]));
                assertEquals(expected[i], sos[i / 6][i % 6], COEFFICIENT_TOLERANCE * scale,
                        c.getKey() + " section " + i / 6 + " coefficient " + i % 6);
            }
        }
    }

    @ParameterizedTest(name = "order {0}")
    @ValueSource(ints = {2, 4})
    void filtfiltMatchesScipySosfiltfilt(int order) {
        ScipyFixture f = ScipyFixture.load("bandpass_order" + order + ".txt");
        SosFilter filter = Butterworth.bandPass(order, f.scalar("low"), f.scalar("high"), f.scalar("fs"));
        float[] y = filter.filtfilt(f.inputMillivolts());
        double err = ScipyFixture.relativeMaxError(f.array("y"), y);
        assertTrue(err < OUTPUT_TOLERANCE, "relative max error " + err);
    }

    @Test
    void padLengthIsThreeTimesTheTapCount() {
        assertEquals(3 * (2 * 4 + 1), Butterworth.bandPass(4, 500).padLength());
        assertEquals(3 * (2 * 2 + 1), Butterworth.bandPass(2, 500).padLength());
        // a first-order section (b2 = a2 = 0) has one tap fewer; order 1 band-pass is a single biquad
        assertEquals(9, Butterworth.bandPass(1, 500).padLength());
    }

    @Test
    void passesTheBandAndStopsOutsideIt() {
        SosFilter f = Butterworth.bandPass(4, 500);
        assertEquals(1.0, f.magnitudeAt(10, 500), 1e-3);
        assertEquals(Math.sqrt(0.5), f.magnitudeAt(0.67, 500), 1e-6); // -3 dB at the edges
        assertEquals(Math.sqrt(0.5), f.magnitudeAt(40, 500), 1e-6);
        assertTrue(f.magnitudeAt(0.1, 500) < 1e-3); // SciPy: 4.7e-4
        assertTrue(f.magnitudeAt(150, 500) < 2e-3); // SciPy: 1.1e-3
    }

    @Test
    void removesBaselineAndKeepsQrsBand() {
        int n = 5000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 500.0;
            x[i] = (float) (2.0 + 0.5 * Math.sin(2 * Math.PI * 0.1 * t) + Math.sin(2 * Math.PI * 10 * t));
        }
        float[] y = Butterworth.bandPass(4, 500).filtfilt(x);
        for (int i = 1000; i < n - 1000; i++) { // 2 s from either end, past the 0.67 Hz edge's transients
            double t = i / 500.0;
            assertEquals(Math.sin(2 * Math.PI * 10 * t), y[i], 5e-3, "sample " + i);
        }
    }

    @Test
    void rejectsBadDesigns() {
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandPass(4, 0.67, 60, 100));
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandPass(0, 500));
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandPass(4, 40, 0.67, 500));
        SosFilter f = Butterworth.bandPass(4, 500);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.filtfilt(new float[27]));
        assertTrue(e.getMessage().contains("27"), e.getMessage());
    }
}
