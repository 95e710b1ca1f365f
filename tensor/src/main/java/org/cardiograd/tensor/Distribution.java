package org.cardiograd.tensor;

/** Distributions that {@link Backend#random} draws from. */
public enum Distribution {
    /** Uniform on [a, b). */
    UNIFORM,
    /** Normal with mean a and standard deviation b. */
    NORMAL
}
