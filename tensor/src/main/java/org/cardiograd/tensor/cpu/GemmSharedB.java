package org.cardiograd.tensor.cpu;

import static org.cardiograd.tensor.cpu.Gemm.KC;
import static org.cardiograd.tensor.cpu.Gemm.MR;
import static org.cardiograd.tensor.cpu.Gemm.NR;
import static org.cardiograd.tensor.cpu.GemmPlan.ceilDiv;
import static org.cardiograd.tensor.cpu.GemmPlan.roundUp;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A matmul run by a team that shares each packed B block (the way OpenBLAS runs on several threads): for every
 * batch entry, K block and column block, each member packs its share of the block's micro-panels, all meet at
 * a barrier, and then the members take chunks of rows from a shared counter and multiply them against the
 * whole block until none is left.
 *
 * <p>Rows are taken, not dealt: on a VM whose cores are sometimes taken away by other tenants, a member that
 * stalls leaves its rows to the others instead of holding up the whole product. Which member computes a row
 * never changes its bits: every element is the same chain over the K blocks.
 *
 * <p>B blocks alternate between two buffers, so one barrier per block suffices: a member packing block s+1 has
 * passed the barrier of block s, which every other member reaches only after it has finished its rows of
 * block s-1, the previous user of that buffer. With several column blocks, the rows of A for one K block are
 * packed once, by all members together, into one of two shared A buffers (by the same argument as for B),
 * instead of once per column block.
 */
final class GemmSharedB {
    private GemmSharedB() {}

    /** Up to this many rows of A (4 MB at KC = 256, two buffers) are packed once per K block and shared. */
    static final int SHARED_A_ROWS = 2048;
    /** Rows taken at a time: six 8-row micro-panels, two groups for the 24-row tail kernel. */
    static final int CHUNK_ROWS = 6 * MR;

    /**
     * What the members of one call share: the packed blocks, where in each buffer they start (on a cache line,
     * found once so that every member agrees), and one row counter per block step.
     */
    static final class Shared {
        final float[][] b;
        final int[] bStart;
        /** Two packed A blocks (all rows, one K block), or null when each chunk packs its own rows. */
        final float[][] a;
        final int[] aStart;
        final AtomicIntegerArray nextChunk;

        Shared(GemmProblem p, GemmPlan plan, Gemm.Workspace caller) {
            b = caller.b;
            int kBlocks = ceilDiv(p.k(), KC);
            boolean shareA = plan.nBlocks() > 1 && p.m() <= SHARED_A_ROWS;
            a = shareA ? caller.sharedA(roundUp(p.m(), MR) * Math.min(KC, p.k())) : null;
            bStart = new int[] {CacheLine.floatsToLine(b[0]), CacheLine.floatsToLine(b[1])};
            aStart = shareA ? new int[] {CacheLine.floatsToLine(a[0]), CacheLine.floatsToLine(a[1])} : new int[2];
            nextChunk = new AtomicIntegerArray(p.batch() * kBlocks * plan.nBlocks());
        }
    }

    static void run(GemmProblem p, GemmPlan plan, ParallelTeam.Member me, Shared shared) {
        Gemm.Workspace ws = Gemm.WORKSPACE.get();
        int size = me.size();
        int rank = me.rank();
        int rowPanels = ceilDiv(p.m(), MR);
        int chunks = ceilDiv(p.m(), CHUNK_ROWS);
        int step = 0;
        int kStep = 0;
        for (int batch = 0; batch < p.batch(); batch++) {
            for (int k0 = 0; k0 < p.k(); k0 += KC) {
                int kc = Math.min(KC, p.k() - k0);
                float[] pa = shared.a == null ? null : shared.a[kStep & 1];
                int aStart = shared.aStart[kStep++ & 1];
                if (pa != null) {
                    int m0 = Math.min(p.m(), rowPanels * rank / size * MR);
                    int m1 = Math.min(p.m(), rowPanels * (rank + 1) / size * MR);
                    if (m0 < m1) {
                        GemmPacking.packA(p.a(), batch, m0, m1 - m0, k0, kc, MR, pa, aStart + m0 * kc, ws.gather);
                    }
                }
                for (int n0 = 0; n0 < p.n(); n0 += plan.nc()) {
                    int nc = Math.min(plan.nc(), p.n() - n0);
                    int panels = ceilDiv(nc, NR);
                    int q0 = panels * rank / size;
                    int q1 = panels * (rank + 1) / size;
                    float[] pb = shared.b[step & 1];
                    int bStart = shared.bStart[step & 1];
                    if (q0 < q1) {
                        int cols = Math.min(nc, q1 * NR) - q0 * NR;
                        GemmPacking.packB(p.b(), batch, k0, kc, n0 + q0 * NR, cols, NR, pb, bStart + q0 * NR * kc,
                                ws.gather);
                    }
                    me.barrier();
                    for (int c; (c = shared.nextChunk.getAndIncrement(step)) < chunks; ) {
                        int m0 = c * CHUNK_ROWS;
                        int m1 = Math.min(p.m(), m0 + CHUNK_ROWS);
                        Gemm.rows(p, ws, pb, bStart, pa, aStart, batch, m0, m1, n0, nc, k0, kc);
                    }
                    step++;
                }
            }
        }
    }
}
