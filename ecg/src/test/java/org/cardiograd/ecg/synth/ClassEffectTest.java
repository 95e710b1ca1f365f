package org.cardiograd.ecg.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each class changes the leads it should, measured on noise-free renders of the same record with and without
 * the class (everything else identical).
 */
class ClassEffectTest {

    private static final double FS = 500;
    private static final int I = 0, II = 1, III = 2, AVL = 4, AVF = 5, V1 = 6, V5 = 10, V6 = 11;

    private final SyntheticEcgGenerator textbook =
        new SyntheticEcgGenerator(SyntheticEcgConfig.defaults().withDifficulty(0).withNoiseLevel(0), 31);

    @Test
    void inferiorInfarctDeepensQAndRaisesStInTheInferiorLeads() {
        for (int index = 0; index < 6; index++) {
            RecordPlan mi = textbook.plan(index).withRhythm(Rhythm.SR).withClasses(DiagnosticClass.MI)
                .withMi(MiTerritory.INFERIOR, false);
            SyntheticEcg with = SyntheticEcgGenerator.render(mi);
            SyntheticEcg without = SyntheticEcgGenerator.render(mi.without(DiagnosticClass.MI));
            List<Integer> beats = beats(with);
            double j = with.truth().qrsMs() / 1000;
            for (int lead : new int[] {II, III, AVF}) {
                // The pathological Q is an early negative force: the first 35 ms of the QRS move down.
                double qWith = SignalMeasures.meanOver(with.signal()[lead], beats, FS, 0.005, 0.035);
                double qWithout = SignalMeasures.meanOver(without.signal()[lead], beats, FS, 0.005, 0.035);
                assertTrue(qWith < qWithout - 0.1, "deeper Q in lead " + lead + " of record " + index + ": "
                    + qWith + " vs " + qWithout);
                double stWith = SignalMeasures.meanAt(with.signal()[lead], beats, FS, j + 0.06);
                double stWithout = SignalMeasures.meanAt(without.signal()[lead], beats, FS, j + 0.06);
                assertTrue(stWith > stWithout + 0.1, "ST elevation in lead " + lead + " of record " + index + ": "
                    + stWith + " vs " + stWithout);
            }
            // Reciprocal ST depression in aVL, the lead opposite the inferior wall.
            double avlWith = SignalMeasures.meanAt(with.signal()[AVL], beats, FS, j + 0.06);
            double avlWithout = SignalMeasures.meanAt(without.signal()[AVL], beats, FS, j + 0.06);
            assertTrue(avlWith < avlWithout - 0.05, "reciprocal depression in aVL of record " + index);
            assertEquals(MiTerritory.INFERIOR, with.truth().miTerritory());
        }
    }

    @Test
    void bundleBranchBlocksWidenTheQrs() {
        for (int index = 0; index < 6; index++) {
            RecordPlan plan = textbook.plan(index).withRhythm(Rhythm.SR);
            SyntheticEcg normal = SyntheticEcgGenerator.render(plan.withClasses());
            double normalQrs = SignalMeasures.qrsDurationMs(normal.signal(), beats(normal), FS);
            assertEquals(normal.truth().qrsMs(), normalQrs, 20, "normal QRS of record " + index);
            assertTrue(normalQrs < 115, "normal QRS " + normalQrs);
            for (BundleBranchBlock block : BundleBranchBlock.values()) {
                SyntheticEcg cd = SyntheticEcgGenerator.render(plan.withClasses(DiagnosticClass.CD).withBlock(block));
                double qrs = SignalMeasures.qrsDurationMs(cd.signal(), beats(cd), FS);
                assertTrue(qrs >= 115 && qrs > normalQrs + 30, block + " QRS " + qrs + " ms vs normal " + normalQrs
                    + " in record " + index);
                assertTrue(cd.truth().qrsMs() >= 120, "textbook " + block + " is a complete block");
            }
        }
    }

    @Test
    void rightBundleBranchBlockShowsTerminalRInV1AndWideSInLeadsIAndV6() {
        RecordPlan plan = textbook.plan(2).withRhythm(Rhythm.SR);
        SyntheticEcg normal = SyntheticEcgGenerator.render(plan.withClasses());
        SyntheticEcg rbbb = SyntheticEcgGenerator.render(plan.withClasses(DiagnosticClass.CD)
            .withBlock(BundleBranchBlock.RBBB));
        List<Integer> beats = beats(rbbb);
        double late = rbbb.truth().qrsMs() / 1000 - 0.025;
        assertTrue(SignalMeasures.meanAt(rbbb.signal()[V1], beats, FS, late)
            > SignalMeasures.meanAt(normal.signal()[V1], beats, FS, late) + 0.3, "R' in V1");
        for (int lead : new int[] {I, V6}) {
            assertTrue(SignalMeasures.meanAt(rbbb.signal()[lead], beats, FS, late)
                < SignalMeasures.meanAt(normal.signal()[lead], beats, FS, late) - 0.15, "late S in lead " + lead);
        }
    }

    @Test
    void hypertrophyRaisesSokolowLyonVoltage() {
        for (int index = 0; index < 6; index++) {
            RecordPlan plan = textbook.plan(index).withRhythm(Rhythm.SR);
            double normal = sokolowLyon(SyntheticEcgGenerator.render(plan.withClasses()));
            double lvh = sokolowLyon(SyntheticEcgGenerator.render(plan.withClasses(DiagnosticClass.HYP)));
            assertTrue(lvh > normal + 1.0, "Sokolow-Lyon " + lvh + " mV vs " + normal + " in record " + index);
        }
    }

    @Test
    void stTChangeLowersStAndT() {
        for (int index = 0; index < 6; index++) {
            RecordPlan plan = textbook.plan(index).withRhythm(Rhythm.SR);
            SyntheticEcg normal = SyntheticEcgGenerator.render(plan.withClasses());
            SyntheticEcg sttc = SyntheticEcgGenerator.render(plan.withClasses(DiagnosticClass.STTC)
                .withStTChange(StTChange.ST_DEPRESSION_AND_T_INVERSION));
            List<Integer> beats = beats(normal);
            double j = normal.truth().qrsMs() / 1000;
            double tPeak = normal.truth().qtMs() / 1000 - 0.09;
            // Lead II or V5, whichever has the taller normal T, shows the change best.
            int lead = SignalMeasures.meanAt(normal.signal()[II], beats, FS, tPeak)
                > SignalMeasures.meanAt(normal.signal()[V5], beats, FS, tPeak) ? II : V5;
            assertTrue(SignalMeasures.meanAt(sttc.signal()[lead], beats, FS, j + 0.04)
                < SignalMeasures.meanAt(normal.signal()[lead], beats, FS, j + 0.04) - 0.05, "ST depression");
            assertTrue(SignalMeasures.meanAt(sttc.signal()[lead], beats, FS, tPeak) < 0, "inverted T in lead "
                + lead + " of record " + index);
        }
    }

    @Test
    void difficultyShrinksTheClassEffects() {
        SyntheticEcgConfig hard = SyntheticEcgConfig.defaults().withDifficulty(1).withNoiseLevel(0);
        SyntheticEcgGenerator hardGen = new SyntheticEcgGenerator(hard, 31);
        for (int index = 0; index < 6; index++) {
            double easy = stShift(textbook.plan(index));
            double difficult = stShift(hardGen.plan(index));
            assertTrue(difficult < 0.5 * easy, "ST elevation " + difficult + " at difficulty 1 vs " + easy);
            assertTrue(difficult > 0, "the effect never vanishes, record " + index);
        }
    }

    private static double stShift(RecordPlan plan) {
        RecordPlan mi = plan.withRhythm(Rhythm.SR).withClasses(DiagnosticClass.MI).withMi(MiTerritory.INFERIOR,
            false);
        SyntheticEcg with = SyntheticEcgGenerator.render(mi);
        SyntheticEcg without = SyntheticEcgGenerator.render(mi.without(DiagnosticClass.MI));
        List<Integer> beats = beats(with);
        double at = with.truth().qrsMs() / 1000 + 0.06;
        return SignalMeasures.meanAt(with.signal()[III], beats, FS, at)
            - SignalMeasures.meanAt(without.signal()[III], beats, FS, at);
    }

    /** S in V1 plus the larger R of V5 and V6, in mV, averaged over beats. */
    private static double sokolowLyon(SyntheticEcg ecg) {
        List<Integer> beats = beats(ecg);
        double qrsEnd = ecg.truth().qrsMs() / 1000;
        double s = -SignalMeasures.meanMinimum(ecg.signal()[V1], beats, FS, 0, qrsEnd);
        double r5 = -SignalMeasures.meanMinimum(negate(ecg.signal()[V5]), beats, FS, 0, qrsEnd);
        double r6 = -SignalMeasures.meanMinimum(negate(ecg.signal()[V6]), beats, FS, 0, qrsEnd);
        return s + Math.max(r5, r6);
    }

    private static float[] negate(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = -x[i];
        }
        return out;
    }

    private static List<Integer> beats(SyntheticEcg ecg) {
        return SignalMeasures.beatsInside(ecg.truth().qrsOnsets(), FS, ecg.samples(), 0.3, 0.7);
    }
}
