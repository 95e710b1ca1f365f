package org.cardiograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp for the GEMM epilogue, built only from IEEE-exact vector operations (add, mul, fma, bit shifts).
 * The Vector API's own EXP is an intrinsic in compiled code but a different scalar routine before the JIT
 * kicks in, and the two can differ in the last bit; this version gives the same bits in every execution
 * mode, which keeps matmul results independent of thread count and warm-up.
 */
final class GemmMath {
    private GemmMath() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split so that n * LN2_HI is exact for |n| < 2^8 (Cody and Waite).
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.428606765330187e-6f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float to the nearest integer. */
    private static final float ROUND = 12582912f;
    /** Inputs are clamped to this range so that 2^n stays a normal float. */
    private static final float LOW = -87.3f;
    private static final float HIGH = 88.0f;

    /**
     * e^x with a relative error of a few float ulps on [-87.3, 88]; 0 below (the result would be subnormal) and
     * +inf above 88 (the true overflow point is 88.72); NaN stays NaN.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(LOW).min(HIGH);
        FloatVector shifted = xc.mul(LOG2E).add(ROUND);
        FloatVector n = shifted.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        // Taylor series of e^r to degree 7 on |r| <= ln2 / 2: truncation error below 1e-8 relative.
        FloatVector p = r.fma(1f / 5040, 1f / 720).fma(r, FloatVector.broadcast(S, 1f / 120))
                .fma(r, FloatVector.broadcast(S, 1f / 24)).fma(r, FloatVector.broadcast(S, 1f / 6))
                .fma(r, FloatVector.broadcast(S, 0.5f)).fma(r, FloatVector.broadcast(S, 1f))
                .fma(r, FloatVector.broadcast(S, 1f));
        // The low bits of `shifted` hold n; shifting them into the exponent field builds 2^n.
        FloatVector scale = shifted.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        FloatVector y = p.mul(scale);
        y = y.blend(0f, x.compare(VectorOperators.LT, LOW));
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, HIGH));
        VectorMask<Float> nan = x.test(VectorOperators.IS_NAN);
        return y.blend(x, nan);
    }
}
