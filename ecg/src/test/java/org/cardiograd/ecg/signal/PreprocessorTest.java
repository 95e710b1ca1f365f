package org.cardiograd.ecg.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PreprocessorTest {

    @Test
    void chainsCleaningResamplingFilteringNormalizationAndLength() {
        ScipyFixture f = ScipyFixture.load("resample_500_to_250.txt");
        float[] lead = f.inputMillivolts(); // 4 s at 500 Hz
        float[][] x = {lead, lead.clone(), new float[lead.length]};
        x[1][100] = Float.NaN;
        Preprocessor p = Preprocessor.defaults().withTarget(250, 1250); // 5 s at 250 Hz: pads 250 samples
        Preprocessor.Result r = p.apply(x, 500);

        assertEquals(3, r.signal().length);
        assertEquals(1250, r.signal()[0].length);
        assertArrayEquals(new int[] {2}, r.cleaning().flatLeads());
        assertEquals(1, r.cleaning().filledSamples());
        // the same chain by hand for lead 0
        float[][] one = Resampler.resample(new float[][] {lead}, 500, 250);
        one = Butterworth.bandPass(4, 250).filtfilt(one);
        one = Normalization.zScore(one);
        one = FixedLength.center(one, 1250, FixedLength.Pad.ZERO);
        assertArrayEquals(one[0], r.signal()[0]);
        assertArrayEquals(new float[1250], r.signal()[2]);
    }

    @Test
    void badSettingsFailAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> Preprocessor.defaults().withTarget(100, 1000)
                .withNotch(50)); // 50 Hz is the Nyquist frequency at 100 Hz
        assertThrows(IllegalArgumentException.class, () -> Preprocessor.defaults().withTarget(60, 600));
    }
}
