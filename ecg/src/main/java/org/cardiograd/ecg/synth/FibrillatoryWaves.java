package org.cardiograd.ecg.synth;

import java.util.SplittableRandom;

/**
 * Atrial activity in atrial fibrillation: instead of P waves, continuous irregular f waves at 4-9 Hz. Modelled
 * as two atrial dipole components (one towards V1, one towards the inferior leads), each a frequency- and
 * amplitude-modulated oscillation with a harmonic for the saw-tooth-like shape. Added to the dipole, so the
 * lead identities hold for them too.
 */
final class FibrillatoryWaves {

    private FibrillatoryWaves() {
    }

    /** Adds f waves of the given severity to the dipole (3 x N, sampled at {@code fs}). */
    static void add(double[][] dipole, double fs, double severity, double gain, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double amplitude = gain * (0.03 + 0.06 * Math.min(1.4, severity)) * (0.7 + 0.6 * rng.nextDouble());
        Vec3[] directions = {new Vec3(-0.2, 0.3, 1).unit(), new Vec3(0.3, 1, 0.2).unit()};
        for (Vec3 dir : directions) {
            double f0 = 5 + 3 * rng.nextDouble();
            double sweep = 0.3 + 0.6 * rng.nextDouble(); // keeps the rate within 4-9 Hz
            double sweepHz = 0.1 + 0.3 * rng.nextDouble();
            double sweepPhase = 2 * Math.PI * rng.nextDouble();
            double envelopeHz = 0.2 + 0.5 * rng.nextDouble();
            double envelopePhase = 2 * Math.PI * rng.nextDouble();
            double harmonic = 0.2 + 0.25 * rng.nextDouble();
            double phase = 2 * Math.PI * rng.nextDouble();
            double size = amplitude * (0.6 + 0.4 * rng.nextDouble());
            int n = dipole[0].length;
            for (int i = 0; i < n; i++) {
                double t = i / fs;
                double frequency = f0 + sweep * Math.sin(2 * Math.PI * sweepHz * t + sweepPhase);
                phase += 2 * Math.PI * frequency / fs;
                double envelope = 1 + 0.35 * Math.sin(2 * Math.PI * envelopeHz * t + envelopePhase);
                double v = size * envelope * (Math.sin(phase) + harmonic * Math.sin(2 * phase + 0.8));
                dipole[0][i] += v * dir.x();
                dipole[1][i] += v * dir.y();
                dipole[2][i] += v * dir.z();
            }
        }
    }
}
