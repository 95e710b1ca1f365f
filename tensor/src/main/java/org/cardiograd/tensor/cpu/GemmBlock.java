package org.cardiograd.tensor.cpu;

import static org.cardiograd.tensor.cpu.Gemm.MR;
import static org.cardiograd.tensor.cpu.Gemm.NR;
import static org.cardiograd.tensor.cpu.Gemm.V;
import static org.cardiograd.tensor.cpu.Gemm.WIDE;

/** The macro-kernel: one packed A block times one packed B block, tile by tile, into C. */
final class GemmBlock {
    private GemmBlock() {}

    /**
     * C[0:mc, 0:nc] (+)= packed A (mc x kc, at pa[aOff]) times packed B (kc x nc, at pb[bOff]). One A micro-panel
     * stays in L1 while the loop over B micro-panels runs innermost. When adding (every K block after the first),
     * the kernel's sum over this block is added to C after its loop, so C is read and written once per tile. A
     * full tile goes straight to C; an edge tile goes through the scratch tile, of which only the valid part is
     * read from and written to C. Either way every element is the same chain, C + (a0*b0 + a1*b1 + ...), so
     * where the tile edges fall (which depends on how the threads split the columns) never changes a bit. A last
     * panel of at most one vector's width is left to {@link #tail}.
     */
    static void run(float[] pa, int aOff, float[] pb, int bOff, float[] tile, int mc, int nc, int kc, float[] c,
                    int cOff, int ldc, boolean add) {
        int tailCols = WIDE && nc % NR <= V ? nc % NR : 0;
        int body = nc - tailCols;
        for (int i = 0; i < mc; i += MR) {
            int rows = Math.min(MR, mc - i);
            int ai = aOff + i * kc;
            for (int j = 0; j < body; j += NR) {
                int cols = Math.min(NR, body - j);
                int bi = bOff + j * kc;
                int ci = cOff + i * ldc + j;
                if (rows == MR && cols == NR) {
                    kernel(pa, ai, pb, bi, kc, c, ci, ldc, add);
                } else {
                    if (add) {
                        copyTile(c, ci, ldc, tile, 0, NR, rows, cols);
                    }
                    kernel(pa, ai, pb, bi, kc, tile, 0, NR, add);
                    copyTile(tile, 0, NR, c, ci, ldc, rows, cols);
                }
            }
        }
        if (tailCols > 0) {
            tail(pa, aOff, pb, bOff + body * kc, tile, mc, tailCols, kc, c, cOff + body, ldc, add);
        }
    }

    /**
     * The last B micro-panel when it holds at most V columns (512-bit kernel only): rows in groups of 24 (three A
     * micro-panels, {@link GemmTail8#rows24}), straight into C when the panel is exactly one vector wide, and the
     * rows left over 8 at a time. Partial pieces go through the scratch tile (24 x V floats = MR x NR).
     */
    private static void tail(float[] pa, int aOff, float[] pb, int bi, float[] tile, int mc, int cols, int kc,
                             float[] c, int cOff, int ldc, boolean add) {
        int group = 3 * MR;
        int i = 0;
        for (; i + group <= mc; i += group) {
            int ai = aOff + i * kc;
            int ci = cOff + i * ldc;
            if (cols == V) {
                rows24(pa, ai, kc, pb, bi, c, ci, ldc, add);
            } else {
                if (add) {
                    copyTile(c, ci, ldc, tile, 0, V, group, cols);
                }
                rows24(pa, ai, kc, pb, bi, tile, 0, V, add);
                copyTile(tile, 0, V, c, ci, ldc, group, cols);
            }
        }
        for (; i < mc; i += MR) {
            int rows = Math.min(MR, mc - i);
            int ai = aOff + i * kc;
            int ci = cOff + i * ldc;
            if (add) {
                copyTile(c, ci, ldc, tile, 0, NR, rows, cols);
                GemmTail8.tileOneVectorAdd(pa, ai, pb, bi, kc, tile, 0, NR);
            } else {
                GemmTail8.tileOneVector(pa, ai, pb, bi, kc, tile, 0, NR);
            }
            copyTile(tile, 0, NR, c, ci, ldc, rows, cols);
        }
    }

    private static void rows24(float[] pa, int ai, int kc, float[] pb, int bi, float[] c, int ci, int ldc,
                               boolean add) {
        if (add) {
            GemmTail8.rows24Add(pa, ai, kc, pb, bi, c, ci, ldc);
        } else {
            GemmTail8.rows24(pa, ai, kc, pb, bi, c, ci, ldc);
        }
    }

    private static void kernel(float[] pa, int ai, float[] pb, int bi, int kc, float[] c, int ci, int ldc,
                               boolean add) {
        if (WIDE) {
            if (add) {
                GemmKernel8.tileAdd(pa, ai, pb, bi, kc, c, ci, ldc);
            } else {
                GemmKernel8.tile(pa, ai, pb, bi, kc, c, ci, ldc);
            }
        } else if (add) {
            GemmKernel8x1.tileAdd(pa, ai, pb, bi, kc, c, ci, ldc);
        } else {
            GemmKernel8x1.tile(pa, ai, pb, bi, kc, c, ci, ldc);
        }
    }

    /** The valid rows x cols of one tile from src (row stride srcLd) to dst (row stride dstLd). */
    private static void copyTile(float[] src, int srcOff, int srcLd, float[] dst, int dstOff, int dstLd, int rows,
                                 int cols) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, srcOff + r * srcLd, dst, dstOff + r * dstLd, cols);
        }
    }
}
