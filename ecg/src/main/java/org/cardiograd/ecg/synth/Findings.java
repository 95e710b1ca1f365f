package org.cardiograd.ecg.synth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What is wrong with a record, and how strongly. Every effect parameter is drawn for every record (so that
 * switching one class off or on leaves all other numbers unchanged); only the classes in {@link #classes()} are
 * applied. Severities already include the difficulty scaling: about 1 is a textbook example, about 0.25 is an
 * effect as small as the natural variation between records.
 *
 * @param classes       diagnostic classes present; NORM exactly when no other class is present
 * @param rhythm        rhythm label
 * @param rateQuantile  0..1: where the heart rate lies in its rhythm's range (see {@link #heartRateBpm()})
 * @param rateStrength  how far SB and STACH rates reach from the normal range (the difficulty scaling)
 * @param miTerritory   infarct territory (used when MI is present)
 * @param miEvolved     evolved MI: smaller ST elevation, inverted T in the territory (else acute, hyperacute T)
 * @param miSeverity    MI effect strength
 * @param stTChange     form of the ST/T change (used when STTC is present)
 * @param sttcSeverity  STTC effect strength
 * @param block         bundle branch block type (used when CD is present)
 * @param cdSeverity    CD effect strength (QRS widening, pattern strength)
 * @param hypSeverity   HYP effect strength (voltage, strain)
 * @param afibSeverity  AFIB effect strength (RR irregularity, fibrillatory wave size)
 */
record Findings(
    Set<DiagnosticClass> classes,
    Rhythm rhythm,
    double rateQuantile,
    double rateStrength,
    MiTerritory miTerritory,
    boolean miEvolved,
    double miSeverity,
    StTChange stTChange,
    double sttcSeverity,
    BundleBranchBlock block,
    double cdSeverity,
    double hypSeverity,
    double afibSeverity) {

    Findings {
        EnumSet<DiagnosticClass> copy = EnumSet.noneOf(DiagnosticClass.class);
        copy.addAll(classes);
        copy.remove(DiagnosticClass.NORM);
        if (copy.isEmpty()) {
            copy.add(DiagnosticClass.NORM);
        }
        classes = Collections.unmodifiableSet(copy);
    }

    boolean has(DiagnosticClass c) {
        return classes.contains(c);
    }

    /**
     * Mean heart rate (ventricular rate for AFIB). Sinus rhythm spans 62-98 bpm; bradycardia reaches from 57 bpm
     * down to 40, tachycardia from 104 up to 150 bpm, less far as the difficulty grows; AFIB 60-120 bpm.
     */
    double heartRateBpm() {
        return switch (rhythm) {
            case SR -> 62 + 36 * rateQuantile;
            case SB -> 57 - 17 * rateStrength * rateQuantile;
            case STACH -> 104 + 46 * rateStrength * rateQuantile;
            case AFIB -> 60 + 60 * rateQuantile;
        };
    }

    Findings withClasses(Set<DiagnosticClass> c) {
        return new Findings(c, rhythm, rateQuantile, rateStrength, miTerritory, miEvolved, miSeverity, stTChange,
            sttcSeverity, block, cdSeverity, hypSeverity, afibSeverity);
    }

    Findings withRhythm(Rhythm r) {
        return new Findings(classes, r, rateQuantile, rateStrength, miTerritory, miEvolved, miSeverity, stTChange,
            sttcSeverity, block, cdSeverity, hypSeverity, afibSeverity);
    }

    Findings withMi(MiTerritory territory, boolean evolved) {
        return new Findings(classes, rhythm, rateQuantile, rateStrength, territory, evolved, miSeverity, stTChange,
            sttcSeverity, block, cdSeverity, hypSeverity, afibSeverity);
    }

    Findings withStTChange(StTChange kind) {
        return new Findings(classes, rhythm, rateQuantile, rateStrength, miTerritory, miEvolved, miSeverity, kind,
            sttcSeverity, block, cdSeverity, hypSeverity, afibSeverity);
    }

    Findings withBlock(BundleBranchBlock b) {
        return new Findings(classes, rhythm, rateQuantile, rateStrength, miTerritory, miEvolved, miSeverity,
            stTChange, sttcSeverity, b, cdSeverity, hypSeverity, afibSeverity);
    }
}
