package org.cardiograd.ecg.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LeadIdentityTest {

    private static final int I = 0, II = 1, III = 2, AVR = 3, AVL = 4, AVF = 5;

    @Test
    void einthovenAndGoldbergerHoldOnEveryGeneratedSample() {
        SyntheticEcgGenerator gen = new SyntheticEcgGenerator(SyntheticEcgConfig.defaults().withNoiseLevel(2), 5);
        for (int index = 0; index < 25; index++) {
            SyntheticEcg ecg = gen.generate(index);
            float[][] s = ecg.signal();
            assertEquals(12, s.length);
            for (int t = 0; t < ecg.samples(); t++) {
                double scale = 1e-6 * (1 + Math.abs(s[I][t]) + Math.abs(s[II][t]));
                String where = "record " + index + " sample " + t;
                assertEquals(s[II][t] - s[I][t], s[III][t], scale, "III = II - I at " + where);
                assertEquals(-(s[I][t] + s[II][t]) / 2, s[AVR][t], scale, "aVR = -(I + II) / 2 at " + where);
                assertEquals(s[I][t] - s[II][t] / 2, s[AVL][t], scale, "aVL = I - II / 2 at " + where);
                assertEquals(s[II][t] - s[I][t] / 2, s[AVF][t], scale, "aVF = II - I / 2 at " + where);
                // The augmented leads sum to zero (Goldberger), a consequence worth checking on its own.
                assertEquals(0, s[AVR][t] + s[AVL][t] + s[AVF][t], 2 * scale, "aVR + aVL + aVF = 0 at " + where);
            }
        }
    }

    @Test
    void signalsHaveTheConfiguredShapeAndPhysiologicalAmplitudes() {
        SyntheticEcgConfig config = SyntheticEcgConfig.defaults().withNoiseLevel(0).withSamplingRate(250)
            .withDuration(8);
        SyntheticEcgGenerator gen = new SyntheticEcgGenerator(config, 1);
        for (int index = 0; index < 20; index++) {
            SyntheticEcg ecg = gen.generate(index);
            assertEquals(2000, ecg.samples());
            assertEquals(250, ecg.samplingRate());
            double peakToPeak = 0;
            for (float[] lead : ecg.signal()) {
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (float v : lead) {
                    assertTrue(Float.isFinite(v), "finite samples in record " + index);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                peakToPeak = Math.max(peakToPeak, max - min);
            }
            // The largest QRS of a 12-lead ECG is typically 1-4 mV, and never 0 or tens of mV.
            assertTrue(peakToPeak > 0.7 && peakToPeak < 8, "record " + index + " peak-to-peak " + peakToPeak);
        }
    }
}
