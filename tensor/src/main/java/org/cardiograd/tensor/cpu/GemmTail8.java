package org.cardiograd.tensor.cpu;

import static org.cardiograd.tensor.cpu.GemmKernel8.MR;
import static org.cardiograd.tensor.cpu.GemmKernel8.NR;
import static org.cardiograd.tensor.cpu.GemmKernel8.S;

import jdk.incubator.vector.FloatVector;

/**
 * Kernels for the last micro-panel of a B block when it holds at most one vector of columns (at 512 bits): model
 * widths such as 256, 1024 and 4096 leave 16 columns after the 48-column panels. The full kernel would spend two
 * thirds of its work on zero padding there, and an 8-row, one-vector kernel does 8 multiply-adds per B load and
 * per loop overhead. {@link #rows24} takes three A micro-panels at once instead: 24 multiply-adds per B load,
 * close to the full kernel's rate. The packed layouts are those of {@link GemmKernel8}, and each output element
 * is the same chain of fused multiply-adds as there, so which kernel computes it never changes a bit.
 */
final class GemmTail8 {
    private GemmTail8() {}

    /**
     * c[ci + r*ldc + 0..V) = sum over k of A[r, k] * b[bi + k*NR + 0..V) for the 24 rows of three consecutive A
     * micro-panels (at ai, ai + MR*kc, ai + 2*MR*kc): one B vector per k step against 24 broadcasts, so that each
     * B load serves 24 fused multiply-adds. The accumulators are separate locals, as in {@link GemmKernel8#tile}.
     */
    static void rows24(float[] a, int ai, int kc, float[] b, int bi, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
        FloatVector c8 = zero, c9 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero, c14 = zero, c15 = zero;
        FloatVector c16 = zero, c17 = zero, c18 = zero, c19 = zero, c20 = zero, c21 = zero, c22 = zero, c23 = zero;
        int a1 = ai + MR * kc;
        int a2 = ai + 2 * MR * kc;
        for (int k = 0; k < kc; k++) {
            FloatVector y = FloatVector.fromArray(S, b, bi + k * NR);
            int o0 = ai + k * MR;
            int o1 = a1 + k * MR;
            int o2 = a2 + k * MR;
            c0 = FloatVector.broadcast(S, a[o0]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[o0 + 1]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[o0 + 2]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[o0 + 3]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[o0 + 4]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[o0 + 5]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[o0 + 6]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[o0 + 7]).fma(y, c7);
            c8 = FloatVector.broadcast(S, a[o1]).fma(y, c8);
            c9 = FloatVector.broadcast(S, a[o1 + 1]).fma(y, c9);
            c10 = FloatVector.broadcast(S, a[o1 + 2]).fma(y, c10);
            c11 = FloatVector.broadcast(S, a[o1 + 3]).fma(y, c11);
            c12 = FloatVector.broadcast(S, a[o1 + 4]).fma(y, c12);
            c13 = FloatVector.broadcast(S, a[o1 + 5]).fma(y, c13);
            c14 = FloatVector.broadcast(S, a[o1 + 6]).fma(y, c14);
            c15 = FloatVector.broadcast(S, a[o1 + 7]).fma(y, c15);
            c16 = FloatVector.broadcast(S, a[o2]).fma(y, c16);
            c17 = FloatVector.broadcast(S, a[o2 + 1]).fma(y, c17);
            c18 = FloatVector.broadcast(S, a[o2 + 2]).fma(y, c18);
            c19 = FloatVector.broadcast(S, a[o2 + 3]).fma(y, c19);
            c20 = FloatVector.broadcast(S, a[o2 + 4]).fma(y, c20);
            c21 = FloatVector.broadcast(S, a[o2 + 5]).fma(y, c21);
            c22 = FloatVector.broadcast(S, a[o2 + 6]).fma(y, c22);
            c23 = FloatVector.broadcast(S, a[o2 + 7]).fma(y, c23);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + ldc);
        c2.intoArray(c, ci + 2 * ldc);
        c3.intoArray(c, ci + 3 * ldc);
        c4.intoArray(c, ci + 4 * ldc);
        c5.intoArray(c, ci + 5 * ldc);
        c6.intoArray(c, ci + 6 * ldc);
        c7.intoArray(c, ci + 7 * ldc);
        c8.intoArray(c, ci + 8 * ldc);
        c9.intoArray(c, ci + 9 * ldc);
        c10.intoArray(c, ci + 10 * ldc);
        c11.intoArray(c, ci + 11 * ldc);
        c12.intoArray(c, ci + 12 * ldc);
        c13.intoArray(c, ci + 13 * ldc);
        c14.intoArray(c, ci + 14 * ldc);
        c15.intoArray(c, ci + 15 * ldc);
        c16.intoArray(c, ci + 16 * ldc);
        c17.intoArray(c, ci + 17 * ldc);
        c18.intoArray(c, ci + 18 * ldc);
        c19.intoArray(c, ci + 19 * ldc);
        c20.intoArray(c, ci + 20 * ldc);
        c21.intoArray(c, ci + 21 * ldc);
        c22.intoArray(c, ci + 22 * ldc);
        c23.intoArray(c, ci + 23 * ldc);
    }

    /**
     * As {@link #rows24}, but c += the product (every K block after the first); C is loaded after the loop. A
     * copy rather than a flag on purpose, as {@link GemmKernel8#tileAdd} is (C2's inlining budget).
     */
    static void rows24Add(float[] a, int ai, int kc, float[] b, int bi, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero, c6 = zero, c7 = zero;
        FloatVector c8 = zero, c9 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero, c14 = zero, c15 = zero;
        FloatVector c16 = zero, c17 = zero, c18 = zero, c19 = zero, c20 = zero, c21 = zero, c22 = zero, c23 = zero;
        int a1 = ai + MR * kc;
        int a2 = ai + 2 * MR * kc;
        for (int k = 0; k < kc; k++) {
            FloatVector y = FloatVector.fromArray(S, b, bi + k * NR);
            int o0 = ai + k * MR;
            int o1 = a1 + k * MR;
            int o2 = a2 + k * MR;
            c0 = FloatVector.broadcast(S, a[o0]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[o0 + 1]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[o0 + 2]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[o0 + 3]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[o0 + 4]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[o0 + 5]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[o0 + 6]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[o0 + 7]).fma(y, c7);
            c8 = FloatVector.broadcast(S, a[o1]).fma(y, c8);
            c9 = FloatVector.broadcast(S, a[o1 + 1]).fma(y, c9);
            c10 = FloatVector.broadcast(S, a[o1 + 2]).fma(y, c10);
            c11 = FloatVector.broadcast(S, a[o1 + 3]).fma(y, c11);
            c12 = FloatVector.broadcast(S, a[o1 + 4]).fma(y, c12);
            c13 = FloatVector.broadcast(S, a[o1 + 5]).fma(y, c13);
            c14 = FloatVector.broadcast(S, a[o1 + 6]).fma(y, c14);
            c15 = FloatVector.broadcast(S, a[o1 + 7]).fma(y, c15);
            c16 = FloatVector.broadcast(S, a[o2]).fma(y, c16);
            c17 = FloatVector.broadcast(S, a[o2 + 1]).fma(y, c17);
            c18 = FloatVector.broadcast(S, a[o2 + 2]).fma(y, c18);
            c19 = FloatVector.broadcast(S, a[o2 + 3]).fma(y, c19);
            c20 = FloatVector.broadcast(S, a[o2 + 4]).fma(y, c20);
            c21 = FloatVector.broadcast(S, a[o2 + 5]).fma(y, c21);
            c22 = FloatVector.broadcast(S, a[o2 + 6]).fma(y, c22);
            c23 = FloatVector.broadcast(S, a[o2 + 7]).fma(y, c23);
        }
        c0.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c1.add(FloatVector.fromArray(S, c, ci + ldc)).intoArray(c, ci + ldc);
        c2.add(FloatVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
        c3.add(FloatVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
        c4.add(FloatVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
        c5.add(FloatVector.fromArray(S, c, ci + 5 * ldc)).intoArray(c, ci + 5 * ldc);
        c6.add(FloatVector.fromArray(S, c, ci + 6 * ldc)).intoArray(c, ci + 6 * ldc);
        c7.add(FloatVector.fromArray(S, c, ci + 7 * ldc)).intoArray(c, ci + 7 * ldc);
        c8.add(FloatVector.fromArray(S, c, ci + 8 * ldc)).intoArray(c, ci + 8 * ldc);
        c9.add(FloatVector.fromArray(S, c, ci + 9 * ldc)).intoArray(c, ci + 9 * ldc);
        c10.add(FloatVector.fromArray(S, c, ci + 10 * ldc)).intoArray(c, ci + 10 * ldc);
        c11.add(FloatVector.fromArray(S, c, ci + 11 * ldc)).intoArray(c, ci + 11 * ldc);
        c12.add(FloatVector.fromArray(S, c, ci + 12 * ldc)).intoArray(c, ci + 12 * ldc);
        c13.add(FloatVector.fromArray(S, c, ci + 13 * ldc)).intoArray(c, ci + 13 * ldc);
        c14.add(FloatVector.fromArray(S, c, ci + 14 * ldc)).intoArray(c, ci + 14 * ldc);
        c15.add(FloatVector.fromArray(S, c, ci + 15 * ldc)).intoArray(c, ci + 15 * ldc);
        c16.add(FloatVector.fromArray(S, c, ci + 16 * ldc)).intoArray(c, ci + 16 * ldc);
        c17.add(FloatVector.fromArray(S, c, ci + 17 * ldc)).intoArray(c, ci + 17 * ldc);
        c18.add(FloatVector.fromArray(S, c, ci + 18 * ldc)).intoArray(c, ci + 18 * ldc);
        c19.add(FloatVector.fromArray(S, c, ci + 19 * ldc)).intoArray(c, ci + 19 * ldc);
        c20.add(FloatVector.fromArray(S, c, ci + 20 * ldc)).intoArray(c, ci + 20 * ldc);
        c21.add(FloatVector.fromArray(S, c, ci + 21 * ldc)).intoArray(c, ci + 21 * ldc);
        c22.add(FloatVector.fromArray(S, c, ci + 22 * ldc)).intoArray(c, ci + 22 * ldc);
        c23.add(FloatVector.fromArray(S, c, ci + 23 * ldc)).intoArray(c, ci + 23 * ldc);
    }

    /**
     * The first V columns of one micro-panel, 8 rows (same layouts as {@link GemmKernel8#tile}): the rows of a
     * block left over after {@link #rows24}.
     */
    static void tileOneVector(float[] a, int ai, float[] b, int bi, int kc, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero;
        FloatVector c10 = zero;
        FloatVector c20 = zero;
        FloatVector c30 = zero;
        FloatVector c40 = zero;
        FloatVector c50 = zero;
        FloatVector c60 = zero;
        FloatVector c70 = zero;
        for (int k = 0; k < kc; k++) {
            int ao = ai + k * MR;
            int bo = bi + k * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x.fma(b0, c10);
            x = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x.fma(b0, c20);
            x = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x.fma(b0, c30);
            x = FloatVector.broadcast(S, a[ao + 4]);
            c40 = x.fma(b0, c40);
            x = FloatVector.broadcast(S, a[ao + 5]);
            c50 = x.fma(b0, c50);
            x = FloatVector.broadcast(S, a[ao + 6]);
            c60 = x.fma(b0, c60);
            x = FloatVector.broadcast(S, a[ao + 7]);
            c70 = x.fma(b0, c70);
        }
        c00.intoArray(c, ci);
        c10.intoArray(c, ci + ldc);
        c20.intoArray(c, ci + 2 * ldc);
        c30.intoArray(c, ci + 3 * ldc);
        c40.intoArray(c, ci + 4 * ldc);
        c50.intoArray(c, ci + 5 * ldc);
        c60.intoArray(c, ci + 6 * ldc);
        c70.intoArray(c, ci + 7 * ldc);
    }

    /** As {@link #tileOneVector}, but adds the product to C. */
    static void tileOneVectorAdd(float[] a, int ai, float[] b, int bi, int kc, float[] c, int ci, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero;
        FloatVector c10 = zero;
        FloatVector c20 = zero;
        FloatVector c30 = zero;
        FloatVector c40 = zero;
        FloatVector c50 = zero;
        FloatVector c60 = zero;
        FloatVector c70 = zero;
        for (int k = 0; k < kc; k++) {
            int ao = ai + k * MR;
            int bo = bi + k * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x.fma(b0, c10);
            x = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x.fma(b0, c20);
            x = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x.fma(b0, c30);
            x = FloatVector.broadcast(S, a[ao + 4]);
            c40 = x.fma(b0, c40);
            x = FloatVector.broadcast(S, a[ao + 5]);
            c50 = x.fma(b0, c50);
            x = FloatVector.broadcast(S, a[ao + 6]);
            c60 = x.fma(b0, c60);
            x = FloatVector.broadcast(S, a[ao + 7]);
            c70 = x.fma(b0, c70);
        }
        c00.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c10.add(FloatVector.fromArray(S, c, ci + ldc)).intoArray(c, ci + ldc);
        c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
        c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
        c40.add(FloatVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
        c50.add(FloatVector.fromArray(S, c, ci + 5 * ldc)).intoArray(c, ci + 5 * ldc);
        c60.add(FloatVector.fromArray(S, c, ci + 6 * ldc)).intoArray(c, ci + 6 * ldc);
        c70.add(FloatVector.fromArray(S, c, ci + 7 * ldc)).intoArray(c, ci + 7 * ldc);
    }
}
