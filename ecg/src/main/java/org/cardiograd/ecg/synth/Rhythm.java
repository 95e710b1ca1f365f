package org.cardiograd.ecg.synth;

/** Rhythm labels, kept separate from the diagnostic classes as in PTB-XL. */
public enum Rhythm {
    /** Sinus rhythm with a rate from 60 to 100 bpm. */
    SR,
    /** Sinus bradycardia, below 60 bpm. */
    SB,
    /** Sinus tachycardia, above 100 bpm. */
    STACH,
    /** Atrial fibrillation: irregular RR intervals, no P waves, fibrillatory baseline. */
    AFIB;

    public String code() {
        return name();
    }

    /** The category sentence (from the built-in description set {@code synthetic}), e.g. "sinus rhythm.". */
    public String description() {
        return CategoryDescriptions.of(code());
    }
}
