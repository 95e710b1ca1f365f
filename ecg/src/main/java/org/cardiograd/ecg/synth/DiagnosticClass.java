package org.cardiograd.ecg.synth;

/**
 * The diagnostic superclasses of the generator; they mirror PTB-XL's superdiagnostic classes. A record is NORM
 * exactly when it has none of the other four. {@link #description()} is a plain category sentence (used for
 * zero-shot classification prompts).
 */
public enum DiagnosticClass {
    NORM,
    MI,
    STTC,
    CD,
    HYP;

    /** Label code as used in label sets, e.g. {@code "MI"}. */
    public String code() {
        return name();
    }

    /** The category sentence (from the built-in description set {@code synthetic}), e.g. "hypertrophy.". */
    public String description() {
        return CategoryDescriptions.of(code());
    }
}
