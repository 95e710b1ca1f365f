package org.cardiograd.ecg.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AugmentationTest {

    static final double FS = 500;
    static final int N = 2000;

    /** A 12-lead test signal: each lead a different mix of a 1.2 Hz "beat" and 7 Hz component. */
    static float[][] ecg() {
        float[][] x = new float[12][N];
        for (int lead = 0; lead < 12; lead++) {
            for (int i = 0; i < N; i++) {
                double t = i / FS;
                x[lead][i] = (float) ((lead + 1) * 0.1 * Math.sin(2 * Math.PI * 1.2 * t)
                        + 0.05 * Math.cos(2 * Math.PI * 7 * t + lead));
            }
        }
        return x;
    }

    static Stream<Augmentation> all() {
        return Stream.of(new RandomCrop(1500), new AmplitudeScaling(), new AmplitudeScaling(0.5, 2, true),
                new GaussianNoise(), new BaselineWander(), new PowerlineNoise(50), new PowerlineNoise(60),
                new TimeMasking(), new LeadDropout(0.5), new TimeWarp(), AugmentationComposer.contrastiveDefaults(),
                AugmentationComposer.randomSubset(2, AugmentationComposer.contrastiveDefaults().steps()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void sameSeedSameViewAndInputUntouched(Augmentation aug) {
        float[][] x = ecg();
        float[][] before = Signals.copy(x);
        float[][] a = aug.apply(x, FS, 42L);
        float[][] b = aug.apply(x, FS, 42L);
        assertEquals(12, a.length);
        for (int lead = 0; lead < 12; lead++) {
            assertArrayEquals(a[lead], b[lead], "lead " + lead);
            assertArrayEquals(before[lead], x[lead], "input lead " + lead + " modified");
        }
        boolean anyDifferent = false;
        for (long seed = 1; seed < 6 && !anyDifferent; seed++) {
            anyDifferent = !Arrays.deepEquals(a, aug.apply(x, FS, seed));
        }
        assertTrue(anyDifferent, "other seeds should give other views");
    }

    @Test
    void randomCropIsAContiguousWindow() {
        float[][] x = ecg();
        float[][] y = new RandomCrop(1500).apply(x, FS, 3L);
        assertEquals(1500, y[0].length);
        int offset = indexOf(x[11], y[11][0], y[11][1]);
        for (int lead = 0; lead < 12; lead++) {
            assertArrayEquals(Arrays.copyOfRange(x[lead], offset, offset + 1500), y[lead]);
        }
    }

    @Test
    void amplitudeScalingStaysInRange() {
        float[][] x = ecg();
        for (long seed = 0; seed < 50; seed++) {
            float[][] shared = new AmplitudeScaling(0.8, 1.2, false).apply(x, FS, seed);
            float[][] perLead = new AmplitudeScaling(0.8, 1.2, true).apply(x, FS, seed);
            double f0 = shared[11][100] / (double) x[11][100];
            for (int lead = 0; lead < 12; lead++) {
                double f = shared[lead][100] / (double) x[lead][100];
                assertEquals(f0, f, 1e-5, "one factor for all leads");
                double g = perLead[lead][100] / (double) x[lead][100];
                assertTrue(g >= 0.8 - 1e-6 && g <= 1.2 + 1e-6, "factor " + g);
            }
            assertTrue(f0 >= 0.8 - 1e-6 && f0 <= 1.2 + 1e-6, "factor " + f0);
        }
        assertThrows(IllegalArgumentException.class, () -> new AmplitudeScaling(0.1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new AmplitudeScaling(1.2, 0.8, false));
    }

    @Test
    void gaussianNoiseHasBoundedStd() {
        float[][] x = new float[12][N];
        for (long seed = 0; seed < 20; seed++) {
            float[][] y = new GaussianNoise(0.05).apply(x, FS, seed);
            double sumSq = 0;
            for (float[] lead : y) {
                for (float v : lead) {
                    sumSq += v * v;
                }
            }
            double std = Math.sqrt(sumSq / (12.0 * N));
            assertTrue(std < 0.05 * 1.05, "std " + std); // sigma <= 0.05, 24000 samples: +-1% sampling error
        }
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(1.0));
    }

    @Test
    void baselineWanderIsSlowAndBounded() {
        float[][] x = new float[12][N];
        for (long seed = 0; seed < 20; seed++) {
            float[][] y = new BaselineWander(0.3, 0.5, 3).apply(x, FS, seed);
            for (float[] lead : y) {
                double maxStep = 0;
                for (int i = 0; i < N; i++) {
                    assertTrue(Math.abs(lead[i]) <= 0.3 + 1e-6, "amplitude " + lead[i]);
                    if (i > 0) {
                        maxStep = Math.max(maxStep, Math.abs(lead[i] - lead[i - 1]));
                    }
                }
                // slope of a sum of sines: at most sum(a_c 2 pi f_c) / fs <= 0.3 * 2 pi * 0.5 / 500
                assertTrue(maxStep <= 0.3 * 2 * Math.PI * 0.5 / FS + 1e-6, "step " + maxStep);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new BaselineWander(0.3, 1.0, 3));
    }

    @Test
    void powerlineNoiseSitsAtTheMainsFrequency() {
        float[][] x = new float[12][N];
        float[][] y = new PowerlineNoise(50, 0.1).apply(x, FS, 9L);
        SosFilter notch = Notch.design(50, 5, FS);
        for (int lead = 0; lead < 12; lead++) {
            double peak = 0;
            for (float v : y[lead]) {
                peak = Math.max(peak, Math.abs(v));
            }
            assertTrue(peak <= 0.1 + 1e-6, "amplitude " + peak);
            float[] residual = notch.filtfilt(y[lead]);
            for (int i = 500; i < N - 500; i++) {
                assertEquals(0, residual[i], 1e-3 * Math.max(peak, 1e-3) + 1e-6, "lead " + lead + " sample " + i);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new PowerlineNoise(50).apply(ecg(), 100, 1L));
        assertThrows(IllegalArgumentException.class, () -> new PowerlineNoise(100));
    }

    @Test
    void timeMaskingZeroesAtMostTheFractionInAllLeads() {
        float[][] x = ecg();
        for (long seed = 0; seed < 50; seed++) {
            float[][] y = new TimeMasking(0.2, 3).apply(x, FS, seed);
            int masked = 0;
            for (int i = 0; i < N; i++) {
                boolean zero = y[0][i] == 0 && x[0][i] != 0;
                if (zero) {
                    masked++;
                    for (int lead = 0; lead < 12; lead++) {
                        assertEquals(0f, y[lead][i], "all leads masked at sample " + i);
                    }
                } else {
                    assertEquals(x[5][i], y[5][i]);
                }
            }
            assertTrue(masked >= 1 && masked <= 0.2 * N, "masked " + masked);
        }
    }

    @Test
    void leadDropoutZeroesWholeLeadsAndKeepsOne() {
        float[][] x = ecg();
        int droppedTotal = 0;
        for (long seed = 0; seed < 200; seed++) {
            float[][] y = new LeadDropout(0.9).apply(x, FS, seed);
            int kept = 0;
            for (int lead = 0; lead < 12; lead++) {
                if (Arrays.equals(y[lead], new float[N])) {
                    droppedTotal++;
                } else {
                    assertArrayEquals(x[lead], y[lead]);
                    kept++;
                }
            }
            assertTrue(kept >= 1);
        }
        double rate = droppedTotal / (200.0 * 12);
        assertTrue(rate > 0.85 && rate < 0.92, "drop rate " + rate); // 0.9, minus the keep-one rule
    }

    @Test
    void timeWarpKeepsLengthEndsAndLocalSpeedBounds() {
        TimeWarp warp = new TimeWarp(0.1, 4);
        for (long seed = 0; seed < 50; seed++) {
            double[] source = warp.sourcePositions(N, new SplittableRandom(seed));
            assertEquals(N, source.length);
            assertEquals(0, source[0], 1e-9);
            assertEquals(N - 1, source[N - 1], 1e-9);
            for (int j = 1; j < N; j++) {
                double speed = source[j] - source[j - 1];
                assertTrue(speed >= 0.9 - 1e-9 && speed <= 1.1 + 1e-9, "speed " + speed + " at " + j);
            }
            double[] speeds = warp.segmentSpeeds(new SplittableRandom(seed));
            assertEquals(1.0, Arrays.stream(speeds).average().orElseThrow(), 1e-12);
        }
        float[][] x = ecg();
        float[][] y = warp.apply(x, FS, 5L);
        assertEquals(N, y[0].length);
        assertEquals(x[3][0], y[3][0]);
        assertEquals(x[3][N - 1], y[3][N - 1], 1e-6);
        // a linear ramp stays within the warp's displacement bound
        float[][] ramp = new float[1][N];
        for (int i = 0; i < N; i++) {
            ramp[0][i] = i;
        }
        float[] warped = warp.apply(ramp, FS, 5L)[0];
        for (int j = 0; j < N; j++) {
            assertTrue(Math.abs(warped[j] - j) <= 0.1 * N / 2 + 1, "displacement at " + j);
        }
        assertThrows(IllegalArgumentException.class, () -> new TimeWarp(0.3, 4));
    }

    @Test
    void zeroStretchTimeWarpIsIdentity() {
        float[][] x = ecg();
        float[][] y = new TimeWarp(0, 3).apply(x, FS, 1L);
        for (int lead = 0; lead < 12; lead++) {
            assertArrayEquals(x[lead], y[lead], 1e-6f);
        }
    }

    @Test
    void composerRespectsProbabilitiesAndSubsetSize() {
        float[][] x = ecg();
        AugmentationComposer never = AugmentationComposer.sequence(
                List.of(new AugmentationComposer.Step(new GaussianNoise(), 0)));
        assertTrue(Arrays.deepEquals(x, never.apply(x, FS, 1L)));

        CountingAugmentation a = new CountingAugmentation();
        CountingAugmentation b = new CountingAugmentation();
        CountingAugmentation c = new CountingAugmentation();
        AugmentationComposer pickOne = AugmentationComposer.randomSubset(1, List.of(
                new AugmentationComposer.Step(a, 1), new AugmentationComposer.Step(b, 1),
                new AugmentationComposer.Step(c, 1)));
        for (long seed = 0; seed < 300; seed++) {
            pickOne.apply(x, FS, seed);
        }
        assertEquals(300, a.calls + b.calls + c.calls);
        for (CountingAugmentation count : List.of(a, b, c)) {
            assertTrue(count.calls > 70 && count.calls < 130, "calls " + count.calls);
        }
        assertThrows(IllegalArgumentException.class, () -> AugmentationComposer.randomSubset(4, pickOne.steps()));
    }

    @Test
    void twoViewsFromSplitGeneratorsDiffer() {
        SplittableRandom rng = new SplittableRandom(7);
        AugmentationComposer views = AugmentationComposer.contrastiveDefaults();
        float[][] x = ecg();
        assertFalse(Arrays.deepEquals(views.apply(x, FS, rng.split()), views.apply(x, FS, rng.split())));
    }

    private static int indexOf(float[] x, float first, float second) {
        for (int i = 0; i + 1 < x.length; i++) {
            if (x[i] == first && x[i + 1] == second) {
                return i;
            }
        }
        throw new AssertionError("window not found");
    }

    private static final class CountingAugmentation implements Augmentation {
        int calls;

        @Override
        public float[][] apply(float[][] leads, double fs, SplittableRandom rng) {
            calls++;
            return leads;
        }
    }
}
