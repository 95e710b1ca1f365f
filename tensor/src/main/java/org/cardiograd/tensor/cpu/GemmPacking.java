package org.cardiograd.tensor.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies blocks of A and B into the panel layouts the micro-kernel streams through, zero-padding the last
 * panel so that the kernel always computes full tiles. Transposes are absorbed here: a row-major source and a
 * transposed one produce the same panels.
 *
 * <p>Packing costs up to a few percent of a large GEMM per nanosecond per element, so each layout has its own
 * loop order: sources are read along their contiguous dimension, and the A interleave uses gathers (one vector
 * collects V / 8 steps of k from 8 rows, of either layout), the B^T transpose gathers V columns at a time.
 *
 * <p>Only the preferred species is used, here as in the kernels: copying 8-float A panel rows with a 256-bit
 * species next to the 512-bit kernel made C2 compile the kernel with boxed vectors (60x slower, whole run).
 */
final class GemmPacking {
    private GemmPacking() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    /** Steps of k over which a B^T transpose reads each source row before moving on (keeps writes in L1). */
    private static final int K_BLOCK = 16;

    /**
     * Packs rows [i0, i0+mc) and columns [k0, k0+kc) of A (logical M x K) into micro-panels of mr rows:
     * panel p holds, for each k, the mr values A[i0 + p*mr + r, k0 + k] at dst[dstOff + p*mr*kc + k*mr + r].
     * {@code gather} is scratch for V ints.
     */
    static void packA(GemmOperand a, int batch, int i0, int mc, int k0, int kc, int mr, float[] dst, int dstOff,
                      int[] gather) {
        float[] src = a.data();
        int rs = a.rowStride();
        int cs = a.colStride();
        int base = a.base(batch) + i0 * rs + k0 * cs;
        boolean useGather = V % mr == 0 && V > mr;
        if (rs == 1 && !useGather) {
            packTransposedA(src, base, cs, mc, kc, mr, dst, dstOff);
            return;
        }
        if (useGather) {
            // Lane l takes row l % mr at step l / mr: V / mr consecutive k steps of one panel, in panel order.
            for (int l = 0; l < V; l++) {
                gather[l] = (l % mr) * rs + (l / mr) * cs;
            }
        }
        int step = V / mr;
        for (int p = 0; p * mr < mc; p++) {
            int rows = Math.min(mr, mc - p * mr);
            int d = dstOff + p * mr * kc;
            int first = base + p * mr * rs;
            int k = 0;
            if (rows == mr && useGather) {
                for (; k + step <= kc; k += step) {
                    FloatVector.fromArray(S, src, first + k * cs, gather, 0).intoArray(dst, d + k * mr);
                }
            } else if (rows < mr) {
                Arrays.fill(dst, d, d + mr * kc, 0f);
            }
            if (rows == 8 && mr == 8 && !useGather) {
                copyEightRows(src, first, rs, cs, k, kc, dst, d);
                continue;
            }
            for (int r = 0; r < rows; r++) {
                int s = first + r * rs;
                for (int kk = k; kk < kc; kk++) {
                    dst[d + kk * mr + r] = src[s + kk * cs];
                }
            }
        }
    }

    /**
     * One full 8-row panel, k by k: eight reads from eight rows, then eight adjacent writes. Below 512 bits
     * ({@link GemmKernel8x1}) a vector holds at most 8 floats, too few for the gather above to pay, and this
     * order runs faster than writing one row at a time with a stride of 8.
     */
    private static void copyEightRows(float[] src, int first, int rs, int cs, int k0, int kc, float[] dst, int d) {
        for (int k = k0; k < kc; k++) {
            int s = first + k * cs;
            int o = d + k * 8;
            dst[o] = src[s];
            dst[o + 1] = src[s + rs];
            dst[o + 2] = src[s + 2 * rs];
            dst[o + 3] = src[s + 3 * rs];
            dst[o + 4] = src[s + 4 * rs];
            dst[o + 5] = src[s + 5 * rs];
            dst[o + 6] = src[s + 6 * rs];
            dst[o + 7] = src[s + 7 * rs];
        }
    }

    /** A stored transposed (K x M): each stored row holds, for one k, the values of consecutive rows of A. */
    private static void packTransposedA(float[] src, int base, int cs, int mc, int kc, int mr, float[] dst,
                                        int dstOff) {
        int full = mc / mr;
        int rest = mc - full * mr;
        if (rest > 0) {
            Arrays.fill(dst, dstOff + full * mr * kc, dstOff + (full + 1) * mr * kc, 0f);
        }
        for (int k = 0; k < kc; k++) {
            int s = base + k * cs;
            for (int p = 0; p < full; p++) {
                int o = dstOff + p * mr * kc + k * mr;
                int si = s + p * mr;
                for (int r = 0; r < mr; r++) {
                    dst[o + r] = src[si + r];
                }
            }
            for (int r = 0; r < rest; r++) {
                dst[dstOff + full * mr * kc + k * mr + r] = src[s + full * mr + r];
            }
        }
    }

    /**
     * Packs rows [k0, k0+kc) and columns [j0, j0+nc) of B (logical K x N) into micro-panels of nr columns:
     * panel p holds, for each k, the nr values B[k0 + k, j0 + p*nr + j] at dst[dstOff + p*nr*kc + k*nr + j].
     * {@code gather} is scratch for V ints.
     */
    static void packB(GemmOperand b, int batch, int k0, int kc, int j0, int nc, int nr, float[] dst, int dstOff,
                      int[] gather) {
        float[] src = b.data();
        int rs = b.rowStride();
        int cs = b.colStride();
        int first = b.base(batch) + k0 * rs + j0 * cs;
        int full = nr % V == 0 ? nc / nr : 0;
        if (cs == 1) {
            copyPanels(src, first, rs, kc, full, nr, dst, dstOff);
        } else if (V >= 8) {
            gatherPanels(src, first, cs, kc, full, nr, dst, dstOff, gather);
        } else {
            full = 0;
        }
        for (int p = full; p * nr < nc; p++) {
            int cols = Math.min(nr, nc - p * nr);
            int d = dstOff + p * nr * kc;
            if (cols < nr) {
                Arrays.fill(dst, d, d + nr * kc, 0f);
            }
            int from = first + p * nr * cs;
            if (cs == 1) {
                for (int k = 0; k < kc; k++) {
                    System.arraycopy(src, from + k * rs, dst, d + k * nr, cols);
                }
            } else {
                transposeRows(src, from, cs, rs, kc, cols, nr, dst, d);
            }
        }
    }

    /**
     * The first {@code panels} full panels of a row-major B (K x N). The loop over k is outermost so that the
     * source is read along its rows: one sequential stream the hardware prefetches, instead of a walk down a
     * column of pages for every panel.
     */
    private static void copyPanels(float[] src, int first, int rs, int kc, int panels, int nr, float[] dst, int d) {
        for (int k = 0; k < kc; k++) {
            int s = first + k * rs;
            int o = d + k * nr;
            for (int p = 0; p < panels; p++) {
                for (int j = 0; j < nr; j += V) {
                    FloatVector.fromArray(S, src, s + p * nr + j).intoArray(dst, o + p * nr * kc + j);
                }
            }
        }
    }

    /**
     * The first {@code panels} full panels of a B stored transposed (N x K, stored row j is column j of B): one
     * gather collects V columns of B at one k (V stored rows, read along k, so each fetched line serves V / 4
     * steps of k before it leaves L1).
     */
    private static void gatherPanels(float[] src, int first, int cs, int kc, int panels, int nr, float[] dst, int d,
                                     int[] gather) {
        for (int l = 0; l < V; l++) {
            gather[l] = l * cs;
        }
        for (int p = 0; p < panels; p++) {
            for (int g = 0; g < nr; g += V) {
                int s = first + (p * nr + g) * cs;
                int o = d + p * nr * kc + g;
                for (int k = 0; k < kc; k++) {
                    FloatVector.fromArray(S, src, s + k, gather, 0).intoArray(dst, o + k * nr);
                }
            }
        }
    }

    /**
     * B stored transposed (N x K): stored row j is column j of B. Reads K_BLOCK consecutive values of each stored
     * row, so the panel rows being written stay in L1.
     */
    private static void transposeRows(float[] src, int first, int cs, int ks, int kc, int cols, int nr, float[] dst,
                                      int d) {
        for (int kb = 0; kb < kc; kb += K_BLOCK) {
            int ke = Math.min(kc, kb + K_BLOCK);
            for (int j = 0; j < cols; j++) {
                int s = first + j * cs;
                for (int k = kb; k < ke; k++) {
                    dst[d + k * nr + j] = src[s + k * ks];
                }
            }
        }
    }
}
