package org.cardiograd.tensor.cpu;

/**
 * How the threads share one matmul call. The split never changes results, only who computes them.
 *
 * <ul>
 *   <li><b>Shared B</b> ({@link GemmSharedB}) when the output has few blocks of NC columns for the threads (one
 *       big matrix) and enough rows for each thread: the threads pack every B block together and take
 *       chunks of rows from a counter, so B is packed once and a stalled thread leaves its rows to the others.
 *   <li><b>Independent tasks</b> otherwise. A task is one batch entry x one block of at most {@code nc} columns
 *       x one part of the rows; it packs its own B block once per K step and sweeps its rows in A blocks of MC.
 *       Column blocks are split before rows, so that each thread packs only its share of B (few rows make B
 *       the bulk of the packing), and rows only as far as needed to give every thread an equal share.
 * </ul>
 */
record GemmPlan(int nc, int nBlocks, int partRows, int mParts, int batch, boolean sharedB) {

    int tasks() {
        return batch * nBlocks * mParts;
    }

    static GemmPlan of(int batch, int m, int n, int threads, int mr, int nr, int ncMax) {
        int nBlocks = ceilDiv(n, ncMax);
        // Also on one thread: the team of one then packs each row of A once per K block, not once per column block.
        if ((long) batch * nBlocks < 4L * threads && m >= 4 * mr * threads) {
            int nc = roundUp(ceilDiv(n, nBlocks), nr);
            return new GemmPlan(nc, ceilDiv(n, nc), m, 1, batch, true);
        }
        int maxBlocks = ceilDiv(n, nr);
        while (nBlocks < maxBlocks && !balanced((long) batch * nBlocks, threads)) {
            nBlocks++;
        }
        int nc = roundUp(ceilDiv(n, nBlocks), nr);
        nBlocks = ceilDiv(n, nc);
        long outer = (long) batch * nBlocks;
        int maxParts = ceilDiv(m, mr);
        int mParts = 1;
        while (mParts < maxParts && !balanced(outer * mParts, threads)) {
            mParts++;
        }
        int partRows = roundUp(ceilDiv(m, mParts), mr);
        mParts = ceilDiv(m, partRows);
        return new GemmPlan(nc, nBlocks, partRows, mParts, batch, false);
    }

    /** Enough tasks for every thread, and either an equal number each or many enough that the rest is small. */
    private static boolean balanced(long tasks, int threads) {
        return tasks >= threads && (tasks % threads == 0 || tasks >= 8L * threads);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static int roundUp(int a, int b) {
        return ceilDiv(a, b) * b;
    }
}
