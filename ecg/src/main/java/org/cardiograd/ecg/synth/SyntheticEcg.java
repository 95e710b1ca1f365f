package org.cardiograd.ecg.synth;

import java.util.Map;
import java.util.Set;

/**
 * One generated record: the 12-lead signal in mV in the standard lead order ({@link LeadSystem#LEAD_NAMES}), its
 * labels, its free-text report, and the ground truth the generator used.
 *
 * @param seed         dataset seed
 * @param index        record index within the dataset
 * @param signal       12 x N samples in mV
 * @param samplingRate samples per second
 * @param labels       diagnostic class codes (NORM, MI, STTC, CD, HYP) followed by the rhythm code
 *                     (SR, SB, STACH, AFIB)
 * @param report       lower-case free text, sentences ending in '.'
 * @param truth        generator parameters behind the signal
 */
public record SyntheticEcg(long seed, long index, float[][] signal, double samplingRate, Set<String> labels,
                           String report, Truth truth) {

    /** Number of samples per lead. */
    public int samples() {
        return signal[0].length;
    }

    /**
     * The generator's parameters for this record.
     *
     * @param classes        diagnostic classes
     * @param rhythm         rhythm
     * @param heartRateBpm   mean heart rate over the beats inside the record (ventricular rate in AFIB)
     * @param prMs           PR interval at the record's mean RR, NaN when there are no P waves (AFIB)
     * @param qrsMs          QRS duration
     * @param qtMs           QT interval at the record's mean RR
     * @param qtcMs          QT corrected for rate (Fridericia: QT / RR^(1/3))
     * @param frontalAxisDeg mean frontal QRS axis
     * @param miTerritory    infarct territory, null without MI
     * @param miEvolved      whether the MI is evolved (T inversion) rather than acute; false without MI
     * @param stTChange      form of the ST/T change, null without STTC
     * @param block          bundle branch block, null without CD
     * @param severities     effect strength per present finding code (MI, STTC, CD, HYP, AFIB)
     * @param qrsOnsets      QRS onset times (seconds) of the beats starting inside the record
     */
    public record Truth(Set<DiagnosticClass> classes, Rhythm rhythm, double heartRateBpm, double prMs, double qrsMs,
                        double qtMs, double qtcMs, double frontalAxisDeg, MiTerritory miTerritory, boolean miEvolved,
                        StTChange stTChange, BundleBranchBlock block, Map<String, Double> severities,
                        double[] qrsOnsets) {
    }
}
