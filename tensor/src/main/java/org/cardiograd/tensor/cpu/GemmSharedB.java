package org.cardiograd.tensor.cpu;

import static org.cardiograd.tensor.cpu.Gemm.KC;
import static org.cardiograd.tensor.cpu.Gemm.MR;
import static org.cardiograd.tensor.cpu.Gemm.NR;
import static org.cardiograd.tensor.cpu.GemmPlan.ceilDiv;

/**
 * A matmul run by a team that shares each packed B block (the way OpenBLAS runs on several threads): for every
 * batch entry, K block and column block, each member packs its share of the block's micro-panels, all meet at
 * a barrier, and each member then multiplies its own rows (packing its own A) against the whole block.
 *
 * <p>B blocks alternate between two buffers, so one barrier per K block suffices: a member packing block s+1
 * has passed the barrier of block s, which every other member reaches only after it has finished reading
 * block s-1, the previous user of that buffer.
 */
final class GemmSharedB {
    private GemmSharedB() {}

    /**
     * With several column blocks, a member packs its rows of A once per K block (up to this many rows, 1 MB at
     * KC = 256) instead of once per column block: K blocks run outermost, and the packed rows serve every column
     * block. The rows need not stay in L2: the kernel streams them one 8-row micro-panel at a time, which then
     * stays in L1 for a whole sweep over the B block.
     */
    static final int KEEP_A_ROWS = 1024;

    static void run(GemmProblem p, GemmPlan plan, ParallelTeam.Member me, float[][] sharedB) {
        Gemm.Workspace ws = Gemm.WORKSPACE.get();
        int size = me.size();
        int rank = me.rank();
        int rowPanels = ceilDiv(p.m(), MR);
        int m0 = Math.min(p.m(), rowPanels * rank / size * MR);
        int m1 = Math.min(p.m(), rowPanels * (rank + 1) / size * MR);
        boolean keepA = plan.nBlocks() > 1 && m1 - m0 <= KEEP_A_ROWS;
        int step = 0;
        for (int batch = 0; batch < p.batch(); batch++) {
            for (int k0 = 0; k0 < p.k(); k0 += KC) {
                int kc = Math.min(KC, p.k() - k0);
                if (keepA && m0 < m1) {
                    float[] pa = ws.aRows(GemmPlan.roundUp(m1 - m0, MR) * kc);
                    GemmPacking.packA(p.a(), batch, m0, m1 - m0, k0, kc, MR, pa, ws.gather);
                }
                for (int n0 = 0; n0 < p.n(); n0 += plan.nc()) {
                    int nc = Math.min(plan.nc(), p.n() - n0);
                    int panels = ceilDiv(nc, NR);
                    int q0 = panels * rank / size;
                    int q1 = panels * (rank + 1) / size;
                    float[] pb = sharedB[step++ & 1];
                    if (q0 < q1) {
                        int cols = Math.min(nc, q1 * NR) - q0 * NR;
                        GemmPacking.packB(p.b(), batch, k0, kc, n0 + q0 * NR, cols, NR, pb, q0 * NR * kc, ws.gather);
                    }
                    me.barrier();
                    Gemm.rows(p, ws, pb, keepA, batch, m0, m1, n0, nc, k0, kc);
                }
            }
        }
    }
}
