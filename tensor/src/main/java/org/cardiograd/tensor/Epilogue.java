package org.cardiograd.tensor;

/** What a matmul applies to each output element after the optional bias add. */
public enum Epilogue {
    NONE, GELU_TANH, GELU_ERF
}
