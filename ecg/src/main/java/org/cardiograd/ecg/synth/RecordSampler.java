package org.cardiograd.ecg.synth;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws the plan of record {@code index} of the dataset with seed {@code seed}. The record's generator is
 * derived from (seed, index) alone, so records can be drawn in any order and on any number of threads. The
 * draws happen in a fixed order from separate sub-generators for the patient, the findings and each later
 * stage, so that adding a draw to one of them does not shift the others.
 */
final class RecordSampler {

    private RecordSampler() {
    }

    static RecordPlan sample(SyntheticEcgConfig config, long seed, long index) {
        SplittableRandom record = new SplittableRandom(mix(seed, index));
        SplittableRandom patientRng = record.split();
        SplittableRandom findingsRng = record.split();
        Patient patient = samplePatient(patientRng);
        Findings findings = sampleFindings(findingsRng, config);
        return new RecordPlan(seed, index, config.samplingRate(), config.samples(), config.noiseLevel(),
            config.powerlineHz(), patient, findings, record.nextLong(), record.nextLong(), record.nextLong(),
            record.nextLong());
    }

    /** SplitMix64 finalizer over seed and index: nearby (seed, index) pairs give unrelated generators. */
    static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Natural variation of normal adult resting ECGs (ranges from standard normal values). */
    private static Patient samplePatient(SplittableRandom r) {
        return new Patient(
            clippedNormal(r, 0.155, 0.020, 0.115, 0.200),   // PR
            clippedNormal(r, 0.090, 0.008, 0.072, 0.108),   // QRS
            clippedNormal(r, 0.405, 0.018, 0.360, 0.450),   // QTc
            logNormal(r, 0.13, 0.25),                       // P amplitude
            clippedNormal(r, 55, 12, 20, 80),               // P axis
            logNormal(r, 0.13, 0.35),                       // septal force
            logNormal(r, 1.25, 0.22),                       // R
            logNormal(r, 0.55, 0.30),                       // S
            logNormal(r, 0.32, 0.28),                       // T
            clippedNormal(r, 45, 22, -25, 95),              // QRS axis
            clippedNormal(r, 0, 12, -30, 30),               // transition rotation
            clippedNormal(r, -5, 12, -40, 30),              // T axis relative to QRS
            Math.max(0, r.nextGaussian() * 0.04),           // early repolarization (often none)
            logNormal(r, 1.0, 0.15),                        // body habitus gain
            0.15 + 0.2 * r.nextDouble(),                    // breathing rate
            2 * Math.PI * r.nextDouble(),                   // breathing phase
            0.02 + 0.06 * r.nextDouble(),                   // respiratory QRS modulation
            0.01 + 0.04 * r.nextDouble(),                   // respiratory sinus arrhythmia
            0.005 + 0.02 * r.nextDouble(),                  // Mayer waves
            2 * Math.PI * r.nextDouble(),                   // Mayer phase
            0.005 + 0.015 * r.nextDouble());                // beat-to-beat jitter
    }

    private static Findings sampleFindings(SplittableRandom r, SyntheticEcgConfig config) {
        ClassPriors priors = config.priors();
        Set<DiagnosticClass> classes = EnumSet.noneOf(DiagnosticClass.class);
        for (DiagnosticClass c : DiagnosticClass.values()) {
            if (c != DiagnosticClass.NORM && r.nextDouble() < priors.probability(c)) {
                classes.add(c);
            }
        }
        double u = r.nextDouble();
        Rhythm rhythm = Rhythm.SR;
        for (Rhythm candidate : new Rhythm[] {Rhythm.AFIB, Rhythm.SB, Rhythm.STACH}) {
            double p = priors.probability(candidate);
            if (u < p) {
                rhythm = candidate;
                break;
            }
            u -= p;
        }
        // Effects shrink towards the natural variation as the difficulty grows.
        double scale = 1 - 0.75 * config.difficulty();
        MiTerritory[] territories = MiTerritory.values();
        StTChange[] stT = StTChange.values();
        return new Findings(
            classes,
            rhythm,
            r.nextDouble(),
            scale,
            territories[r.nextInt(territories.length)],
            r.nextDouble() < 0.4,
            severity(r, scale),
            stT[r.nextInt(stT.length)],
            severity(r, scale),
            r.nextDouble() < 0.55 ? BundleBranchBlock.RBBB : BundleBranchBlock.LBBB,
            severity(r, scale),
            severity(r, scale),
            severity(r, scale));
    }

    private static double severity(SplittableRandom r, double scale) {
        return (0.75 + 0.5 * r.nextDouble()) * scale;
    }

    private static double clippedNormal(SplittableRandom r, double mean, double sd, double min, double max) {
        return Math.max(min, Math.min(max, mean + sd * r.nextGaussian()));
    }

    private static double logNormal(SplittableRandom r, double median, double sigma) {
        return median * Math.exp(sigma * r.nextGaussian());
    }
}
