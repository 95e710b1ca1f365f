package org.cardiograd.ecg.synth;

/** The forms the STTC class takes in the generator. */
public enum StTChange {
    ST_DEPRESSION,
    T_INVERSION,
    ST_DEPRESSION_AND_T_INVERSION;

    boolean hasStDepression() {
        return this != T_INVERSION;
    }

    boolean hasTInversion() {
        return this != ST_DEPRESSION;
    }
}
