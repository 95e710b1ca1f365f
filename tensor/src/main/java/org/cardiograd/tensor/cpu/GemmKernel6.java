package org.cardiograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 6 x (2 vectors) micro-kernel used below 512 bits (6 x 16 at 256 bits, 6 x 8 at 128 bits): 12 accumulators,
 * 2 B vectors and a broadcast fit even the 16 vector registers of AVX2.
 *
 * <p>The accumulators are separate local variables on purpose: C2 keeps those in registers, while an array of
 * vectors is materialized in memory and runs many times slower.
 */
final class GemmKernel6 {
    private GemmKernel6() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    static final int MR = 6;
    /** Width of a packed B micro-panel: 2 vectors. */
    static final int NR = 2 * V;

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
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        for (int k = 0; k < kc; k++) {
            int ao = ai + k * MR;
            int bo = bi + k * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + V);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + V);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + V);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + V);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + V);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + V);
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
        FloatVector c10 = zero;
        FloatVector c11 = zero;
        FloatVector c20 = zero;
        FloatVector c21 = zero;
        FloatVector c30 = zero;
        FloatVector c31 = zero;
        FloatVector c40 = zero;
        FloatVector c41 = zero;
        FloatVector c50 = zero;
        FloatVector c51 = zero;
        for (int k = 0; k < kc; k++) {
            int ao = ai + k * MR;
            int bo = bi + k * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.add(FloatVector.fromArray(S, c, ci + V)).intoArray(c, ci + V);
        c10.add(FloatVector.fromArray(S, c, ci + ldc)).intoArray(c, ci + ldc);
        c11.add(FloatVector.fromArray(S, c, ci + ldc + V)).intoArray(c, ci + ldc + V);
        c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
        c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + V)).intoArray(c, ci + 2 * ldc + V);
        c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
        c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + V)).intoArray(c, ci + 3 * ldc + V);
        c40.add(FloatVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
        c41.add(FloatVector.fromArray(S, c, ci + 4 * ldc + V)).intoArray(c, ci + 4 * ldc + V);
        c50.add(FloatVector.fromArray(S, c, ci + 5 * ldc)).intoArray(c, ci + 5 * ldc);
        c51.add(FloatVector.fromArray(S, c, ci + 5 * ldc + V)).intoArray(c, ci + 5 * ldc + V);
    }
}
