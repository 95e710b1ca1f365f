package org.cardiograd.ecg.synth;

/**
 * The diagnostic superclasses of the generator; they mirror PTB-XL's superdiagnostic classes. A record is NORM
 * exactly when it has none of the other four. {@link #description()} is a plain category sentence (used for
 * zero-shot classification prompts).
 */
public enum DiagnosticClass {
    NORM("normal ecg."),
    MI("myocardial infarction."),
    STTC("st/t change."),
    CD("conduction disturbance."),
    HYP("hypertrophy.");

    private final String description;

    DiagnosticClass(String description) {
        this.description = description;
    }

    /** Label code as used in label sets, e.g. {@code "MI"}. */
    public String code() {
        return name();
    }

    public String description() {
        return description;
    }
}
