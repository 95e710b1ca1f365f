package org.cardiograd.tensor;

/** Reductions along one run of axes. ARGMAX/ARGMIN give the first index of the extreme value, as a float. */
public enum ReduceOp {
    SUM, MEAN, MAX, MIN, ARGMAX, ARGMIN
}
