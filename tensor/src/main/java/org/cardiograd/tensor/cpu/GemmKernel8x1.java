package org.cardiograd.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel used below 512 bits: 8 rows x 1 vector (8 x 8 at 256 bits, 8 x 4 at 128 bits). Per k step it
 * loads one B vector and broadcasts 8 values of A into 8 accumulators, which are separate local variables (C2
 * keeps those in registers; an array of vectors is materialized in memory and runs many times slower).
 *
 * <p>Why this shape on AVX2 (16 vector registers), measured on a Zen 3 core: the 6 x (2 vectors) kernel used
 * before needs 15 registers, and C2 then spilled two accumulators to the stack and added a register move per
 * accumulator each step; with A's index {@code k * 6} (not a power of two) the bounds checks of A also stayed
 * in the loop: 62 instructions for 12 FMAs. Here 8 accumulators, one B vector and one broadcast take 10
 * registers, both indices are shifts of k, so C2 hoists every bounds check, and k is unrolled by four by hand
 * (C2 does not unroll a loop this large): 80 instructions for 32 FMAs, no spill. On that machine GEMM went from
 * 0.43-0.57 to 0.58-0.71 of OpenBLAS's speed on one thread (bench/RESULTS.md, session 6).
 *
 * <p>Unrolling does not reorder anything: each accumulator still adds its products in k order, so every output
 * element is the same chain of fused multiply-adds whatever kc is.
 */
final class GemmKernel8x1 {
    private GemmKernel8x1() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    static final int MR = 8;
    /** Width of a packed B micro-panel: one vector. */
    static final int NR = V;

    /**
     * c[ci + r*ldc + j] = sum over k of a[ai + k*MR + r] * b[bi + k*NR + j] for the full MR x NR tile. Adding to
     * an existing C has its own copy, {@link #tileAdd}: one method doing both behind a flag can exceed C2's
     * inlining budget for the vector intrinsics and then runs with boxed vectors, many times slower.
     */
    static void tile(float[] a, int ai, float[] b, int bi, int kc, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
        FloatVector y;
        int k = 0;
        for (int quads = kc & ~3; k < quads; k += 4) {
            int ao = ai + k * MR;
            int bo = bi + k * NR;
            y = FloatVector.fromArray(S, b, bo);
            c0 = FloatVector.broadcast(S, a[ao]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[ao + 1]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[ao + 2]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[ao + 3]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[ao + 4]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[ao + 5]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[ao + 6]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[ao + 7]).fma(y, c7);
            y = FloatVector.fromArray(S, b, bo + NR);
            c0 = FloatVector.broadcast(S, a[ao + 8]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[ao + 9]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[ao + 10]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[ao + 11]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[ao + 12]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[ao + 13]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[ao + 14]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[ao + 15]).fma(y, c7);
            y = FloatVector.fromArray(S, b, bo + 2 * NR);
            c0 = FloatVector.broadcast(S, a[ao + 16]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[ao + 17]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[ao + 18]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[ao + 19]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[ao + 20]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[ao + 21]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[ao + 22]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[ao + 23]).fma(y, c7);
            y = FloatVector.fromArray(S, b, bo + 3 * NR);
            c0 = FloatVector.broadcast(S, a[ao + 24]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[ao + 25]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[ao + 26]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[ao + 27]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[ao + 28]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[ao + 29]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[ao + 30]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[ao + 31]).fma(y, c7);
        }
        for (; k < kc; k++) {
            int ao = ai + k * MR;
            y = FloatVector.fromArray(S, b, bi + k * NR);
            c0 = FloatVector.broadcast(S, a[ao]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[ao + 1]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[ao + 2]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[ao + 3]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[ao + 4]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[ao + 5]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[ao + 6]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[ao + 7]).fma(y, c7);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + ldc);
        c2.intoArray(c, ci + 2 * ldc);
        c3.intoArray(c, ci + 3 * ldc);
        c4.intoArray(c, ci + 4 * ldc);
        c5.intoArray(c, ci + 5 * ldc);
        c6.intoArray(c, ci + 6 * ldc);
        c7.intoArray(c, ci + 7 * ldc);
    }

    /**
     * As {@link #tile}, but c += the product (every K block after the first). C is loaded only after the loop,
     * so that its loads (C may be far from the core) overlap with the next tile's loop instead of stalling this
     * one.
     */
    static void tileAdd(float[] a, int ai, float[] b, int bi, int kc, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
        FloatVector y;
        int k = 0;
        for (int quads = kc & ~3; k < quads; k += 4) {
            int ao = ai + k * MR;
            int bo = bi + k * NR;
            y = FloatVector.fromArray(S, b, bo);
            c0 = FloatVector.broadcast(S, a[ao]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[ao + 1]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[ao + 2]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[ao + 3]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[ao + 4]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[ao + 5]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[ao + 6]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[ao + 7]).fma(y, c7);
            y = FloatVector.fromArray(S, b, bo + NR);
            c0 = FloatVector.broadcast(S, a[ao + 8]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[ao + 9]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[ao + 10]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[ao + 11]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[ao + 12]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[ao + 13]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[ao + 14]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[ao + 15]).fma(y, c7);
            y = FloatVector.fromArray(S, b, bo + 2 * NR);
            c0 = FloatVector.broadcast(S, a[ao + 16]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[ao + 17]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[ao + 18]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[ao + 19]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[ao + 20]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[ao + 21]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[ao + 22]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[ao + 23]).fma(y, c7);
            y = FloatVector.fromArray(S, b, bo + 3 * NR);
            c0 = FloatVector.broadcast(S, a[ao + 24]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[ao + 25]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[ao + 26]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[ao + 27]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[ao + 28]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[ao + 29]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[ao + 30]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[ao + 31]).fma(y, c7);
        }
        for (; k < kc; k++) {
            int ao = ai + k * MR;
            y = FloatVector.fromArray(S, b, bi + k * NR);
            c0 = FloatVector.broadcast(S, a[ao]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[ao + 1]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[ao + 2]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[ao + 3]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[ao + 4]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[ao + 5]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[ao + 6]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[ao + 7]).fma(y, c7);
        }
        c0.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c1.add(FloatVector.fromArray(S, c, ci + ldc)).intoArray(c, ci + ldc);
        c2.add(FloatVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
        c3.add(FloatVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
        c4.add(FloatVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
        c5.add(FloatVector.fromArray(S, c, ci + 5 * ldc)).intoArray(c, ci + 5 * ldc);
        c6.add(FloatVector.fromArray(S, c, ci + 6 * ldc)).intoArray(c, ci + 6 * ldc);
        c7.add(FloatVector.fromArray(S, c, ci + 7 * ldc)).intoArray(c, ci + 7 * ldc);
    }
}
