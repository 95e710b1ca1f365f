package org.cardiograd.tensor;

/** Elementwise functions of one tensor. The *_GRAD entries are derivatives that autograd's backward uses. */
public enum UnaryOp {
    NEG, ABS, SIGN, SQUARE, RECIPROCAL, EXP, LOG, SQRT, RSQRT, TANH, SIGMOID, RELU,
    /** GELU with the tanh approximation (GPT-2, BERT's "gelu_new"). */
    GELU_TANH,
    /** Exact GELU, x * Phi(x), with Phi from erf (PyTorch's default). */
    GELU_ERF,
    /** d/dx of GELU_TANH. */
    GELU_TANH_GRAD,
    /** d/dx of GELU_ERF. */
    GELU_ERF_GRAD,
    /** 1 where x &gt; 0 else 0: the derivative of RELU. */
    STEP
}
