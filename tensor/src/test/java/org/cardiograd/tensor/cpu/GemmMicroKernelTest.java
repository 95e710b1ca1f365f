package org.cardiograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every GEMM micro-kernel called directly on packed panels, at this JVM's vector width, bit for bit against a
 * scalar chain of {@link Math#fma}: each output element must be fma(a[kc-1], b[kc-1], ... fma(a[0], b[0], 0)),
 * and the adding variants must return that chain plus the old C. This is the contract {@link Gemm} relies on
 * when it promises the same bits whatever the tiling or the thread count.
 *
 * <p>{@link GemmTest} goes through {@link Gemm}, which picks the kernels of this machine's width only: on an AVX2
 * machine it never runs the 512-bit kernels ({@link GemmKernel8}, {@link GemmTail8}), and on an AVX-512 machine
 * it runs the narrow one ({@link GemmKernel8x1}) only under {@code -XX:MaxVectorSize}. The kernels are written
 * in vectors of the preferred species, so here each runs at whatever width the JVM has (8 x 24 columns instead
 * of 8 x 48 on AVX2; slower there, but the same code).
 */
class GemmMicroKernelTest {

    private static final int V = GemmKernel8.V;
    /** Depths: 1, below and above the 8 x 1 kernel's unroll by four, and a K block's worth. */
    private static final int[] DEPTHS = {1, 3, 4, 7, 37, 256};

    /** A kernel on packed panels: C tile at c[ci + r * ldc + j] from A at a[ai...] and B at b[bi...]. */
    private interface Kernel {
        void run(float[] a, int ai, float[] b, int bi, int kc, float[] c, int ci, int ldc);
    }

    @Test
    void wideKernelFullTile() {
        for (int kc : DEPTHS) {
            check("GemmKernel8.tile", GemmKernel8::tile, 8, 1, GemmKernel8.NR, GemmKernel8.NR, kc, false);
            check("GemmKernel8.tileAdd", GemmKernel8::tileAdd, 8, 1, GemmKernel8.NR, GemmKernel8.NR, kc, true);
        }
    }

    @Test
    void wideTailKernels() {
        for (int kc : DEPTHS) {
            check("GemmTail8.rows24", (a, ai, b, bi, k, c, ci, ldc) -> GemmTail8.rows24(a, ai, k, b, bi, c, ci, ldc),
                    8, 3, V, GemmKernel8.NR, kc, false);
            check("GemmTail8.rows24Add",
                    (a, ai, b, bi, k, c, ci, ldc) -> GemmTail8.rows24Add(a, ai, k, b, bi, c, ci, ldc),
                    8, 3, V, GemmKernel8.NR, kc, true);
            check("GemmTail8.tileOneVector", GemmTail8::tileOneVector, 8, 1, V, GemmKernel8.NR, kc, false);
            check("GemmTail8.tileOneVectorAdd", GemmTail8::tileOneVectorAdd, 8, 1, V, GemmKernel8.NR, kc, true);
        }
    }

    @Test
    void narrowKernel() {
        for (int kc : DEPTHS) {
            check("GemmKernel8x1.tile", GemmKernel8x1::tile, 8, 1, GemmKernel8x1.NR, GemmKernel8x1.NR, kc, false);
            check("GemmKernel8x1.tileAdd", GemmKernel8x1::tileAdd, 8, 1, GemmKernel8x1.NR, GemmKernel8x1.NR, kc,
                    true);
        }
    }

    /**
     * Runs {@code kernel} on {@code panels} consecutive A micro-panels of {@code mr} rows (panel p at
     * ai + p*mr*kc, element [k][r] at + k*mr + r) and one B micro-panel whose rows are {@code bStride} floats
     * apart, of which the kernel computes the first {@code cols} columns. Offsets into the arrays and a row
     * stride of C wider than the tile check that the kernel uses them, and C's padding must stay untouched.
     */
    private static void check(String name, Kernel kernel, int mr, int panels, int cols, int bStride, int kc,
                              boolean add) {
        SplittableRandom random = new SplittableRandom(31L * kc + name.hashCode());
        int rows = mr * panels;
        int ai = 5;
        int bi = 3;
        int ci = 7;
        int ldc = cols + 9;
        float[] a = randoms(random, ai + rows * kc + 4);
        float[] b = randoms(random, bi + kc * bStride + 4);
        float[] c = randoms(random, ci + rows * ldc + 4);
        float[] before = c.clone();
        kernel.run(a, ai, b, bi, kc, c, ci, ldc);
        for (int i = 0; i < c.length; i++) {
            int r = (i - ci) / ldc;
            int j = (i - ci) % ldc;
            boolean inTile = i >= ci && r < rows && j < cols;
            if (!inTile) {
                assertEquals(before[i], c[i], name + ": kc " + kc + " wrote outside its tile at " + i);
                continue;
            }
            int panelStart = ai + (r / mr) * mr * kc;
            float chain = 0f;
            for (int k = 0; k < kc; k++) {
                chain = Math.fma(a[panelStart + k * mr + r % mr], b[bi + k * bStride + j], chain);
            }
            float want = add ? chain + before[i] : chain;
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(c[i]),
                    name + " at V = " + V + ", kc " + kc + ", row " + r + ", column " + j + ": want " + want
                            + ", got " + c[i]);
        }
    }

    private static float[] randoms(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
