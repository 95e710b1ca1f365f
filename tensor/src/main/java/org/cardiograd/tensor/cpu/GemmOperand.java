package org.cardiograd.tensor.cpu;

/**
 * One GEMM operand as a logical matrix over a float array: element (r, c) of batch entry b lives at
 * {@code offset + b*batchStride + r*rowStride + c*colStride}. A transposed view just swaps the two strides,
 * so packing reads every layout the same way; one of the two strides is always 1.
 */
record GemmOperand(float[] data, long offset, long batchStride, int rowStride, int colStride) {

    /** Index of element (0, 0) of batch entry b. */
    int base(int b) {
        return Math.toIntExact(offset + b * batchStride);
    }
}
