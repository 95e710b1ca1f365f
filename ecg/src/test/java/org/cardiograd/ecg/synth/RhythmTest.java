package org.cardiograd.ecg.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RhythmTest {

    private static final double FS = 500;
    private static final int LEAD_II = 1;

    private final SyntheticEcgGenerator gen = new SyntheticEcgGenerator(SyntheticEcgConfig.defaults(), 77);

    @Test
    void heartRateFromDetectedRPeaksMatchesTheTruth() {
        for (Rhythm rhythm : new Rhythm[] {Rhythm.SR, Rhythm.SB, Rhythm.STACH}) {
            for (int index = 0; index < 8; index++) {
                SyntheticEcg ecg = SyntheticEcgGenerator.render(gen.plan(index).withClasses().withRhythm(rhythm));
                double[] rr = SignalMeasures.rrSeconds(SignalMeasures.rPeaks(ecg.signal()[LEAD_II], FS), FS);
                double measured = 60 / SignalMeasures.mean(rr);
                double truth = ecg.truth().heartRateBpm();
                assertEquals(truth, measured, 3, rhythm + " record " + index);
                switch (rhythm) {
                    case SB -> assertTrue(truth < 60, "bradycardia below 60 bpm, got " + truth);
                    case STACH -> assertTrue(truth > 100, "tachycardia above 100 bpm, got " + truth);
                    default -> assertTrue(truth >= 60 && truth <= 100, "sinus rate 60-100 bpm, got " + truth);
                }
            }
        }
    }

    @Test
    void atrialFibrillationIsIrregularWithoutPWaves() {
        double normalCv = 0;
        double afibCv = 0;
        int records = 8;
        for (int index = 0; index < records; index++) {
            RecordPlan plan = gen.plan(index).withClasses();
            SyntheticEcg normal = SyntheticEcgGenerator.render(plan.withRhythm(Rhythm.SR));
            SyntheticEcg afib = SyntheticEcgGenerator.render(plan.withRhythm(Rhythm.AFIB));
            double cvNormal = rrVariation(normal);
            double cvAfib = rrVariation(afib);
            assertTrue(cvNormal < 0.09, "sinus RR variation " + cvNormal + " in record " + index);
            assertTrue(cvAfib > 0.08, "AFIB RR variation " + cvAfib + " in record " + index);
            normalCv += cvNormal / records;
            afibCv += cvAfib / records;

            double pNormal = pWaveConsistency(normal);
            double pAfib = pWaveConsistency(afib);
            assertTrue(pNormal > 0.7, "sinus beats share a P wave, consistency " + pNormal + " in " + index);
            assertTrue(pAfib < 0.4, "AFIB has no P wave locked to the QRS, consistency " + pAfib + " in " + index);
        }
        assertTrue(afibCv > 3 * normalCv, "mean RR variation AFIB " + afibCv + " vs sinus " + normalCv);
    }

    @Test
    void rhythmLabelsFollowThePriors() {
        ClassPriors priors = ClassPriors.defaults();
        SyntheticEcgGenerator many = new SyntheticEcgGenerator(SyntheticEcgConfig.defaults(), 3);
        int n = 3000;
        int[] counts = new int[Rhythm.values().length];
        for (int index = 0; index < n; index++) {
            counts[many.plan(index).rhythm().ordinal()]++;
        }
        for (Rhythm r : Rhythm.values()) {
            double p = priors.probability(r);
            double tolerance = 4 * Math.sqrt(p * (1 - p) / n);
            assertEquals(p, counts[r.ordinal()] / (double) n, tolerance, r.name());
        }
    }

    private static double rrVariation(SyntheticEcg ecg) {
        int[] peaks = SignalMeasures.rPeaks(ecg.signal()[LEAD_II], FS);
        return SignalMeasures.coefficientOfVariation(SignalMeasures.rrSeconds(peaks, FS));
    }

    private static double pWaveConsistency(SyntheticEcg ecg) {
        List<Integer> beats = SignalMeasures.beatsInside(ecg.truth().qrsOnsets(), FS, ecg.samples(), 0.3, 0.1);
        return SignalMeasures.preQrsConsistency(ecg.signal()[LEAD_II], beats, FS, -0.22, -0.03);
    }
}
