package org.cardiograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 8 x (3 vectors) micro-kernel used at 512 bits (8 x 48 tile): per k step it loads three vectors of packed
 * B and broadcasts 8 values of packed A against them, 24 fused multiply-adds into 24 accumulators
 * (24 + 3 + 1 of the 32 vector registers). Measured on AVX-512: about 95% of the register-only FMA peak,
 * against about 85% for 8 x 2 vectors, 6 x 4 and 12 x 2, whose extra loads or broadcasts per FMA cost issue slots.
 *
 * <p>The accumulators are separate local variables on purpose: C2 keeps those in registers, while an array of
 * vectors is materialized in memory and runs many times slower.
 */
final class GemmKernel8 {
    private GemmKernel8() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    static final int MR = 8;
    /** Width of a packed B micro-panel: 3 vectors. */
    static final int NR = 3 * V;

    /**
     * c[ci + r*ldc + j] = sum over k of a[ai + k*MR + r] * b[bi + k*NR + j] for the full MR x NR tile.
     *
     * <p>Kept as small as C2 allows: stores are written out in full (a helper that C2 declined to inline would
     * box the accumulators), and adding to an existing C has its own copy, {@link #tileAdd}. One method doing
     * both behind a flag (this one once also loaded and added C) sometimes hit C2's inlining node budget, and
     * the run then stayed in code with boxed vectors, 20x slower.
     */
    static void tile(float[] a, int ai, float[] b, int bi, int kc, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c02 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero;
        FloatVector c30 = zero, c31 = zero, c32 = zero;
        FloatVector c40 = zero, c41 = zero, c42 = zero;
        FloatVector c50 = zero, c51 = zero, c52 = zero;
        FloatVector c60 = zero, c61 = zero, c62 = zero;
        FloatVector c70 = zero, c71 = zero, c72 = zero;
        for (int k = 0; k < kc; k++) {
            int ao = ai + k * MR;
            int bo = bi + k * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * V);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, a[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, a[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, a[ao + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, a[ao + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            c72 = x.fma(b2, c72);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + V);
        c02.intoArray(c, ci + 2 * V);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + V);
        c12.intoArray(c, ci + ldc + 2 * V);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + V);
        c22.intoArray(c, ci + 2 * ldc + 2 * V);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + V);
        c32.intoArray(c, ci + 3 * ldc + 2 * V);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + V);
        c42.intoArray(c, ci + 4 * ldc + 2 * V);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + V);
        c52.intoArray(c, ci + 5 * ldc + 2 * V);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + V);
        c62.intoArray(c, ci + 6 * ldc + 2 * V);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + V);
        c72.intoArray(c, ci + 7 * ldc + 2 * V);
    }

    /**
     * As {@link #tile}, but c += the product, for every K block after the first. C is loaded only after the
     * loop: loading it first into the accumulators (C may be in L3 or memory) stalled every tile on those loads
     * and cost 25%, while loads at the end overlap with the next tile's loop. The k loop repeats {@link #tile}'s
     * on purpose (see there).
     */
    static void tileAdd(float[] a, int ai, float[] b, int bi, int kc, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero;
        FloatVector c01 = zero;
        FloatVector c02 = zero;
        FloatVector c10 = zero;
        FloatVector c11 = zero;
        FloatVector c12 = zero;
        FloatVector c20 = zero;
        FloatVector c21 = zero;
        FloatVector c22 = zero;
        FloatVector c30 = zero;
        FloatVector c31 = zero;
        FloatVector c32 = zero;
        FloatVector c40 = zero;
        FloatVector c41 = zero;
        FloatVector c42 = zero;
        FloatVector c50 = zero;
        FloatVector c51 = zero;
        FloatVector c52 = zero;
        FloatVector c60 = zero;
        FloatVector c61 = zero;
        FloatVector c62 = zero;
        FloatVector c70 = zero;
        FloatVector c71 = zero;
        FloatVector c72 = zero;
        for (int k = 0; k < kc; k++) {
            int ao = ai + k * MR;
            int bo = bi + k * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * V);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, a[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, a[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, a[ao + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, a[ao + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            c72 = x.fma(b2, c72);
        }
        c00.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.add(FloatVector.fromArray(S, c, ci + V)).intoArray(c, ci + V);
        c02.add(FloatVector.fromArray(S, c, ci + 2 * V)).intoArray(c, ci + 2 * V);
        c10.add(FloatVector.fromArray(S, c, ci + ldc)).intoArray(c, ci + ldc);
        c11.add(FloatVector.fromArray(S, c, ci + ldc + V)).intoArray(c, ci + ldc + V);
        c12.add(FloatVector.fromArray(S, c, ci + ldc + 2 * V)).intoArray(c, ci + ldc + 2 * V);
        c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
        c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + V)).intoArray(c, ci + 2 * ldc + V);
        c22.add(FloatVector.fromArray(S, c, ci + 2 * ldc + 2 * V)).intoArray(c, ci + 2 * ldc + 2 * V);
        c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
        c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + V)).intoArray(c, ci + 3 * ldc + V);
        c32.add(FloatVector.fromArray(S, c, ci + 3 * ldc + 2 * V)).intoArray(c, ci + 3 * ldc + 2 * V);
        c40.add(FloatVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
        c41.add(FloatVector.fromArray(S, c, ci + 4 * ldc + V)).intoArray(c, ci + 4 * ldc + V);
        c42.add(FloatVector.fromArray(S, c, ci + 4 * ldc + 2 * V)).intoArray(c, ci + 4 * ldc + 2 * V);
        c50.add(FloatVector.fromArray(S, c, ci + 5 * ldc)).intoArray(c, ci + 5 * ldc);
        c51.add(FloatVector.fromArray(S, c, ci + 5 * ldc + V)).intoArray(c, ci + 5 * ldc + V);
        c52.add(FloatVector.fromArray(S, c, ci + 5 * ldc + 2 * V)).intoArray(c, ci + 5 * ldc + 2 * V);
        c60.add(FloatVector.fromArray(S, c, ci + 6 * ldc)).intoArray(c, ci + 6 * ldc);
        c61.add(FloatVector.fromArray(S, c, ci + 6 * ldc + V)).intoArray(c, ci + 6 * ldc + V);
        c62.add(FloatVector.fromArray(S, c, ci + 6 * ldc + 2 * V)).intoArray(c, ci + 6 * ldc + 2 * V);
        c70.add(FloatVector.fromArray(S, c, ci + 7 * ldc)).intoArray(c, ci + 7 * ldc);
        c71.add(FloatVector.fromArray(S, c, ci + 7 * ldc + V)).intoArray(c, ci + 7 * ldc + V);
        c72.add(FloatVector.fromArray(S, c, ci + 7 * ldc + 2 * V)).intoArray(c, ci + 7 * ldc + 2 * V);
    }
}
