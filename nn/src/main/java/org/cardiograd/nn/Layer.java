package org.cardiograd.nn;

import org.cardiograd.autograd.Variable;

/** A module with one input and one output, so it can sit in a {@link Sequential}. */
public abstract class Layer extends Module {
    public abstract Variable forward(Variable x);
}
