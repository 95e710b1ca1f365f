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

class NotchTest {

    static final double COEFFICIENT_TOLERANCE = 1e-12;
    /** Output against filtfilt(b, a), relative to the largest |output|. */
    static final double OUTPUT_TOLERANCE = 1e-6; // measured: 4.3e-8 (float32 output rounding)

    @Test
    void coefficientsMatchScipyIirnotch() {
        Pattern key = Pattern.compile("ba_fs([\\d.]+)_f([\\d.]+)_q([\\d.]+)");
        Map<String, double[]> cases = ScipyFixture.load("notch_coefficients.txt").all();
        assertEquals(24, cases.size());
        for (Map.Entry<String, double[]> c : cases.entrySet()) {
            Matcher m = key.matcher(c.getKey());
            assertTrue(m.matches(), c.getKey());
            double[] row = Notch.design(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(1))).sections()[0];
            for (int i = 0; i < 6; i++) {
                assertEquals(c.getValue()[i], row[i], COEFFICIENT_TOLERANCE, c.getKey() + " coefficient " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {50, 60})
    void filtfiltMatchesScipy(int f0) {
        ScipyFixture f = ScipyFixture.load("notch_" + f0 + "hz.txt");
        SosFilter notch = Notch.design(f.scalar("f0"), f.scalar("q"), f.scalar("fs"));
        float[] y = notch.filtfilt(f.inputMillivolts());
        double err = ScipyFixture.relativeMaxError(f.array("y"), y);
        assertTrue(err < OUTPUT_TOLERANCE, "relative max error " + err);
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {50, 60})
    void removesMainsAndKeepsNeighbours(int f0) {
        SosFilter notch = Notch.design(f0, Notch.DEFAULT_Q, 500);
        assertTrue(notch.magnitudeAt(f0, 500) < 1e-9);
        assertEquals(1.0, notch.magnitudeAt(f0 - 10, 500), 0.01);
        assertEquals(1.0, notch.magnitudeAt(10, 500), 1e-3);
        int n = 5000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (Math.sin(2 * Math.PI * 5 * i / 500.0) + 0.3 * Math.sin(2 * Math.PI * f0 * i / 500.0));
        }
        float[] y = notch.filtfilt(x);
        for (int i = 1000; i < n - 1000; i++) {
            assertEquals(Math.sin(2 * Math.PI * 5 * i / 500.0), y[i], 5e-3, "sample " + i);
        }
    }

    @Test
    void rejectsFrequenciesAtOrAboveNyquist() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Notch.design(50, 30, 100));
        assertTrue(e.getMessage().contains("fs/2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Notch.design(50, 0, 500));
    }
}
