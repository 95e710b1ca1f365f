package org.cardiograd.tensor.cpu;

/**
 * How the output is cut into parallel tasks. A task is one batch entry x one block of at most NC columns x one
 * part of the rows; it packs its B block once per K step and sweeps its rows in A blocks of MC. Rows are split
 * only as far as needed to give every thread an equal share (large N or batch already provide the tasks), so
 * that B is packed as few times as possible; when B must be transposed while packing, columns are split
 * instead. The split never changes results, only who computes them.
 */
record GemmPlan(int nc, int nBlocks, int partRows, int mParts, int batch) {

    int tasks() {
        return batch * nBlocks * mParts;
    }

    static GemmPlan of(int batch, int m, int n, int threads, int mr, int nr, int ncMax, boolean splitColumns) {
        int nBlocks = ceilDiv(n, ncMax);
        if (splitColumns) {
            // B is expensive to pack (a transpose): give threads separate columns so each packs only its share.
            int maxBlocks = ceilDiv(n, nr);
            while (nBlocks < maxBlocks && !balanced((long) batch * nBlocks, threads)) {
                nBlocks++;
            }
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
        return new GemmPlan(nc, nBlocks, partRows, mParts, batch);
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
