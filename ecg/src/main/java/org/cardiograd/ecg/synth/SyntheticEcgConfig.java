package org.cardiograd.ecg.synth;

/**
 * Settings of the synthetic dataset.
 *
 * @param samplingRate    samples per second (default 500)
 * @param durationSeconds record length (default 10)
 * @param noiseLevel      interference scale: 0 = clean, 1 = a typical resting recording (default), 2 = noisy
 * @param difficulty      0..1: how small the class effects are relative to the natural variation between
 *                        records (0 = textbook examples, 1 = effects about as large as that variation)
 * @param powerlineHz     mains frequency, 50 or 60, or 0 for none
 * @param priors          label frequencies
 */
public record SyntheticEcgConfig(double samplingRate, double durationSeconds, double noiseLevel, double difficulty,
                                 double powerlineHz, ClassPriors priors) {

    public SyntheticEcgConfig {
        if (!(samplingRate >= 50 && samplingRate <= 10_000)) {
            throw new IllegalArgumentException("sampling rate must be in [50, 10000] Hz, got " + samplingRate);
        }
        if (!(durationSeconds > 0 && durationSeconds <= 3600)) {
            throw new IllegalArgumentException("duration must be in (0, 3600] s, got " + durationSeconds);
        }
        if (!(noiseLevel >= 0 && noiseLevel <= 10)) {
            throw new IllegalArgumentException("noise level must be in [0, 10], got " + noiseLevel);
        }
        if (!(difficulty >= 0 && difficulty <= 1)) {
            throw new IllegalArgumentException("difficulty must be in [0, 1], got " + difficulty);
        }
        if (powerlineHz != 0 && powerlineHz != 50 && powerlineHz != 60) {
            throw new IllegalArgumentException("powerline frequency must be 0, 50 or 60 Hz, got " + powerlineHz);
        }
        if (priors == null) {
            throw new IllegalArgumentException("priors must not be null");
        }
    }

    /** 500 Hz, 10 s, noise level 1, difficulty 0.3, 50 Hz mains, {@link ClassPriors#defaults()}. */
    public static SyntheticEcgConfig defaults() {
        return new SyntheticEcgConfig(500, 10, 1.0, 0.3, 50, ClassPriors.defaults());
    }

    /** Number of samples per lead. */
    public int samples() {
        return (int) Math.round(samplingRate * durationSeconds);
    }

    public SyntheticEcgConfig withSamplingRate(double hz) {
        return new SyntheticEcgConfig(hz, durationSeconds, noiseLevel, difficulty, powerlineHz, priors);
    }

    public SyntheticEcgConfig withDuration(double seconds) {
        return new SyntheticEcgConfig(samplingRate, seconds, noiseLevel, difficulty, powerlineHz, priors);
    }

    public SyntheticEcgConfig withNoiseLevel(double level) {
        return new SyntheticEcgConfig(samplingRate, durationSeconds, level, difficulty, powerlineHz, priors);
    }

    public SyntheticEcgConfig withDifficulty(double d) {
        return new SyntheticEcgConfig(samplingRate, durationSeconds, noiseLevel, d, powerlineHz, priors);
    }

    public SyntheticEcgConfig withPowerlineHz(double hz) {
        return new SyntheticEcgConfig(samplingRate, durationSeconds, noiseLevel, difficulty, hz, priors);
    }

    public SyntheticEcgConfig withPriors(ClassPriors p) {
        return new SyntheticEcgConfig(samplingRate, durationSeconds, noiseLevel, difficulty, powerlineHz, p);
    }
}
