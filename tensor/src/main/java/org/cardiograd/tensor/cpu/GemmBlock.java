package org.cardiograd.tensor.cpu;

import static org.cardiograd.tensor.cpu.Gemm.MR;
import static org.cardiograd.tensor.cpu.Gemm.NR;
import static org.cardiograd.tensor.cpu.Gemm.S;
import static org.cardiograd.tensor.cpu.Gemm.V;
import static org.cardiograd.tensor.cpu.Gemm.WIDE;

import jdk.incubator.vector.FloatVector;

/** The macro-kernel: one packed A block times one packed B block, tile by tile, into C. */
final class GemmBlock {
    private GemmBlock() {}

    /**
     * C[0:mc, 0:nc] (+)= packed A (mc x kc, at pa[aOff]) times packed B (kc x nc, at pb[bOff]). One A micro-panel
     * stays in L1 while the loop over B micro-panels runs innermost. A full tile that overwrites C goes straight
     * to C; the others (edges, and every K block after the first, which adds) go through the scratch tile, of
     * which only the valid part is written or added. A last panel of at most one vector's width takes the
     * one-vector kernel.
     */
    static void run(float[] pa, int aOff, float[] pb, int bOff, float[] tile, int mc, int nc, int kc, float[] c, int cOff,
                    int ldc, boolean add) {
        for (int i = 0; i < mc; i += MR) {
            int rows = Math.min(MR, mc - i);
            int ai = aOff + i * kc;
            for (int j = 0; j < nc; j += NR) {
                int cols = Math.min(NR, nc - j);
                int bi = bOff + j * kc;
                int ci = cOff + i * ldc + j;
                if (rows == MR && cols == NR && !add) {
                    kernel(pa, ai, pb, bi, kc, c, ci, ldc);
                } else {
                    if (WIDE && cols <= V) {
                        GemmKernel8.tileOneVector(pa, ai, pb, bi, kc, tile, 0, NR);
                    } else {
                        kernel(pa, ai, pb, bi, kc, tile, 0, NR);
                    }
                    if (add) {
                        addTile(tile, rows, cols, c, ci, ldc);
                    } else {
                        copyTile(tile, rows, cols, c, ci, ldc);
                    }
                }
            }
        }
    }

    private static void kernel(float[] pa, int ai, float[] pb, int bi, int kc, float[] c, int ci, int ldc) {
        if (WIDE) {
            GemmKernel8.tile(pa, ai, pb, bi, kc, c, ci, ldc);
        } else {
            GemmKernel6.tile(pa, ai, pb, bi, kc, c, ci, ldc);
        }
    }

    private static void copyTile(float[] tile, int rows, int cols, float[] c, int ci, int ldc) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * NR, c, ci + r * ldc, cols);
        }
    }

    /** c += tile on the valid rows x cols; plain float adds, the same in vector and scalar form. */
    private static void addTile(float[] tile, int rows, int cols, float[] c, int ci, int ldc) {
        int vectorCols = cols - cols % V;
        for (int r = 0; r < rows; r++) {
            int t = r * NR;
            int o = ci + r * ldc;
            for (int j = 0; j < vectorCols; j += V) {
                FloatVector.fromArray(S, c, o + j).add(FloatVector.fromArray(S, tile, t + j)).intoArray(c, o + j);
            }
            for (int j = vectorCols; j < cols; j++) {
                c[o + j] += tile[t + j];
            }
        }
    }
}
