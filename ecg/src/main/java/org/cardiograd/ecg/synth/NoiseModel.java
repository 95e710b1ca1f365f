package org.cardiograd.ecg.synth;

import java.util.SplittableRandom;

/**
 * Interference at the nine electrodes (RA, LA, LL, V1-V6), in mV; {@link LeadSystem} turns it into lead noise the
 * way a recorder does. Three sources, each scaled by the noise level (1 = a typical resting recording, 0 = none):
 * <ul>
 *   <li>baseline wander: each electrode picks up its own mix of a few slow sinusoids below 0.5 Hz (electrode
 *       motion, skin potentials) and of the breathing rhythm;</li>
 *   <li>muscle artefact: white noise band-limited to about 20-150 Hz, in bursts, strongest at the limb
 *       electrodes;</li>
 *   <li>powerline: a 50 or 60 Hz sinusoid of common phase whose amplitude differs per electrode (only the
 *       differences reach the leads); left out when the sampling rate cannot carry it.</li>
 * </ul>
 */
final class NoiseModel {

    /** Slow sinusoids shared by the electrodes' baseline wander (each electrode mixes them differently). */
    private static final int WANDER_COMPONENTS = 4;
    /** Standard deviation of the sum of four uniform 16-bit numbers, used by {@link #nearGaussian}. */
    private static final double IRWIN_HALL_SD = Math.sqrt(4 * (65536.0 * 65536.0 - 1) / 12);

    private NoiseModel() {
    }

    /** Returns 9 x N electrode potentials, or null when {@code level} is 0. */
    static double[][] electrodeNoise(int n, double fs, double level, double powerlineHz, double respirationHz,
                                     long seed) {
        if (level < 0 || Double.isNaN(level)) {
            throw new IllegalArgumentException("noise level must be >= 0, got " + level);
        }
        if (level == 0) {
            return null;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] noise = new double[LeadSystem.ELECTRODES][n];
        double breathingPhase = 2 * Math.PI * rng.nextDouble();
        double musclePhase = 2 * Math.PI * rng.nextDouble();
        double muscleBurstHz = 0.05 + 0.25 * rng.nextDouble();
        double powerlinePhase = 2 * Math.PI * rng.nextDouble();
        boolean powerline = powerlineHz > 0 && fs > 2.5 * powerlineHz;
        // Waveforms shared by all electrodes (each electrode picks them up with its own strength).
        double[] breathing = new double[n];
        Sine.add(breathing, 1, respirationHz, breathingPhase, fs);
        double[] mains = new double[n];
        if (powerline) {
            Sine.add(mains, 1, powerlineHz, powerlinePhase, fs);
        }
        double[] muscleEnvelope = burstEnvelope(n, fs, muscleBurstHz, musclePhase);
        double[][] wander = new double[WANDER_COMPONENTS][n];
        for (double[] component : wander) {
            Sine.add(component, 1, 0.03 + 0.4 * rng.nextDouble(), 2 * Math.PI * rng.nextDouble(), fs);
        }
        double[] scratch = new double[n];
        for (int e = 0; e < LeadSystem.ELECTRODES; e++) {
            double[] out = noise[e];
            addBaselineWander(out, level, breathing, wander, rng);
            boolean limb = e < LeadSystem.CHEST;
            addMuscle(out, fs, level * (limb ? 1.3 : 1.0), muscleEnvelope, scratch, rng);
            double mainsAmplitude = level * 0.012 * rng.nextDouble();
            if (powerline) {
                for (int i = 0; i < n; i++) {
                    out[i] += mainsAmplitude * mains[i];
                }
            }
        }
        return noise;
    }

    /** Muscle activity comes and goes: a slowly varying envelope between 0.4 and 1.6. */
    private static double[] burstEnvelope(int n, double fs, double hz, double phase) {
        double[] envelope = new double[n];
        Sine.add(envelope, 1, hz, phase, fs);
        for (int i = 0; i < n; i++) {
            double b = envelope[i];
            envelope[i] = 0.4 + 1.2 * b * b * b * b;
        }
        return envelope;
    }

    /**
     * An approximately standard normal number from one 64-bit draw: the sum of its four 16-bit quarters (an
     * Irwin-Hall variate, already close to Gaussian; the band-pass filtering after it makes it closer still).
     * Several times faster than {@code nextGaussian}, which dominated the generator's run time.
     */
    static double nearGaussian(long bits) {
        long sum = (bits & 0xFFFF) + ((bits >>> 16) & 0xFFFF) + ((bits >>> 32) & 0xFFFF) + (bits >>> 48);
        // Each quarter is uniform on [0, 65535]: mean 32767.5, variance (65536^2 - 1) / 12.
        return (sum - 4 * 32767.5) / IRWIN_HALL_SD;
    }

    private static void addBaselineWander(double[] out, double level, double[] breathing, double[][] wander,
                                          SplittableRandom rng) {
        double breathingAmplitude = level * 0.06 * rng.nextDouble();
        double[] weights = new double[wander.length];
        for (int k = 0; k < wander.length; k++) {
            weights[k] = level * 0.05 * (2 * rng.nextDouble() - 1);
        }
        for (int i = 0; i < out.length; i++) {
            double v = breathingAmplitude * breathing[i];
            for (int k = 0; k < wander.length; k++) {
                v += weights[k] * wander[k][i];
            }
            out[i] += v;
        }
    }

    /**
     * Muscle noise: white noise through a one-pole high-pass at 20 Hz and two one-pole low-passes at 150 Hz (or
     * 0.4 fs), scaled to a random RMS, with a slowly varying envelope that makes it come and go.
     */
    private static void addMuscle(double[] out, double fs, double level, double[] envelope, double[] x,
                                  SplittableRandom rng) {
        int n = out.length;
        double hp = Math.exp(-2 * Math.PI * 20 / fs);
        double lp = Math.exp(-2 * Math.PI * Math.min(150, 0.4 * fs) / fs);
        double prevIn = 0;
        double high = 0;
        double low1 = 0;
        double low2 = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double white = nearGaussian(rng.nextLong());
            high = hp * (high + white - prevIn);
            prevIn = white;
            low1 = lp * low1 + (1 - lp) * high;
            low2 = lp * low2 + (1 - lp) * low1;
            x[i] = low2;
            sumSquares += low2 * low2;
        }
        double rms = Math.sqrt(sumSquares / n);
        double target = level * (0.002 + 0.007 * rng.nextDouble());
        double scale = rms > 0 ? target / rms : 0;
        for (int i = 0; i < n; i++) {
            out[i] += scale * envelope[i] * x[i];
        }
    }
}
