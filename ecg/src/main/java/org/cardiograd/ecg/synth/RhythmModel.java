package org.cardiograd.ecg.synth;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Beat times of a record. Sinus rhythms: RR intervals modulated by respiratory sinus arrhythmia (at the
 * breathing rate) and Mayer waves (about 0.1 Hz) with a small log-normal beat-to-beat jitter. Atrial
 * fibrillation: independent log-normal RR intervals whose coefficient of variation grows with severity.
 * Either way the RR intervals are rescaled so that the mean RR between beats inside the record is exactly the
 * record's heart rate, which keeps the rate labels (SB below 60, STACH above 100) true to their definition.
 */
final class RhythmModel {

    /** Shortest RR the ventricles can follow (refractory period), seconds. */
    private static final double MIN_RR = 0.27;
    private static final double MAYER_HZ = 0.1;
    /** Beats starting up to this long after the record's end still show their P wave inside it. */
    private static final double TAIL_SECONDS = 0.5;

    private RhythmModel() {
    }

    /**
     * Beats covering {@code [0, durationSeconds]}: the first starts well before 0 (so the
     * record opens mid-beat) and the last after the end, so no wave is cut short at either edge.
     */
    static Beats beats(Patient p, Findings f, double durationSeconds, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double meanRr = 60.0 / f.heartRateBpm();
        // Early enough that the T wave of the beat before the first one ends before time 0.
        double start = -0.6 - meanRr * (1 + rng.nextDouble());
        boolean afib = f.rhythm() == Rhythm.AFIB;
        double cv = afib ? afibVariation(f.afibSeverity()) : p.rrJitter();
        double[] rr = new double[16];
        int count = 0;
        double t = start;
        // Generate past the end with room for the rescaling below to shorten the intervals a little.
        while (t <= durationSeconds + TAIL_SECONDS + 2 * meanRr) {
            double jitter = Math.exp(cv * rng.nextGaussian() - cv * cv / 2);
            double modulation = afib ? 1 : 1
                + p.rsaAmplitude() * Math.sin(2 * Math.PI * p.respirationHz() * t + p.respirationPhase())
                + p.mayerAmplitude() * Math.sin(2 * Math.PI * MAYER_HZ * t + p.mayerPhase());
            if (count == rr.length) {
                rr = Arrays.copyOf(rr, 2 * count);
            }
            rr[count] = Math.max(MIN_RR, meanRr * modulation * jitter);
            t += rr[count++];
        }
        rr = Arrays.copyOf(rr, count);
        matchMeanInsideRecord(rr, start, durationSeconds, meanRr);

        double[] onsets = new double[count + 1];
        double[] before = new double[count + 1];
        int used = 0;
        t = start;
        for (int k = 0; k <= count && t <= durationSeconds + TAIL_SECONDS; k++) {
            onsets[used] = t;
            before[used] = k == 0 ? meanRr : rr[k - 1];
            used++;
            if (k < count) {
                t += rr[k];
            }
        }
        return new Beats(Arrays.copyOf(onsets, used), Arrays.copyOf(before, used));
    }

    /** Coefficient of variation of AFIB RR intervals: about 0.22 for a textbook case, 0.09 at the hardest. */
    static double afibVariation(double severity) {
        return 0.05 + 0.17 * Math.min(1.4, severity);
    }

    /**
     * Scales all intervals so that those between onsets inside {@code [0, duration]} average {@code mean}.
     * Scaling moves onsets in or out of the record, so it is repeated until the mean settles.
     */
    private static void matchMeanInsideRecord(double[] rr, double start, double duration, double mean) {
        for (int iteration = 0; iteration < 6; iteration++) {
            double sum = 0;
            int n = 0;
            double t = start;
            for (double interval : rr) {
                if (t >= 0 && t + interval <= duration) {
                    sum += interval;
                    n++;
                }
                t += interval;
            }
            if (n == 0) {
                return;
            }
            double scale = mean * n / sum;
            if (Math.abs(scale - 1) < 1e-12) {
                return;
            }
            for (int k = 0; k < rr.length; k++) {
                rr[k] *= scale;
            }
        }
    }

    /**
     * @param onsets   QRS onset times in seconds (may start before 0 and end after the record)
     * @param rrBefore the RR interval preceding each beat, seconds
     */
    record Beats(double[] onsets, double[] rrBefore) {
    }
}
