package org.cardiograd.ecg.synth;

/** Rhythm labels, kept separate from the diagnostic classes as in PTB-XL. */
public enum Rhythm {
    /** Sinus rhythm with a rate from 60 to 100 bpm. */
    SR("sinus rhythm."),
    /** Sinus bradycardia, below 60 bpm. */
    SB("sinus bradycardia."),
    /** Sinus tachycardia, above 100 bpm. */
    STACH("sinus tachycardia."),
    /** Atrial fibrillation: irregular RR intervals, no P waves, fibrillatory baseline. */
    AFIB("atrial fibrillation.");

    private final String description;

    Rhythm(String description) {
        this.description = description;
    }

    public String code() {
        return name();
    }

    public String description() {
        return description;
    }
}
