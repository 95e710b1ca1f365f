package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.Tensor;

import jdk.incubator.vector.FloatVector;

/**
 * The index space of an elementwise op over several strided operands of one shape, with adjacent dims merged
 * wherever every operand's layout allows, walked as rows of the innermost (collapsed) dim.
 *
 * <p>Operand 0 is the output by convention. After collapsing, a dense op has one dim with unit strides, and a
 * bias broadcast [N, C] + [C] has two dims with inner strides 1, 1, 1.
 */
final class StridedLoop {
    /** Elements per parallel chunk, roughly: below this a parallel split costs more than it saves. */
    static final int GRAIN = 32 * 1024;
    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();

    /** A run of {@code len} consecutive elements of the innermost dim; offsets[k] is operand k's first. */
    @FunctionalInterface
    interface SegmentBody {
        void run(long[] offsets, int len);
    }

    final int[] shape;
    /** strides[k][d]: operand k, collapsed dim d. */
    final long[][] strides;
    final long[] offsets;
    final int numel;
    final int cols;

    private StridedLoop(int[] shape, long[][] strides, long[] offsets, int numel) {
        this.shape = shape;
        this.strides = strides;
        this.offsets = offsets;
        this.numel = numel;
        this.cols = shape[shape.length - 1];
    }

    /** The loop over operands that all have {@code shape}; operand 0 is the output. */
    static StridedLoop of(Tensor... operands) {
        int[] full = operands[0].shape();
        int k = operands.length;
        long[][] fullStrides = new long[k][];
        long[] offsets = new long[k];
        for (int i = 0; i < k; i++) {
            fullStrides[i] = operands[i].strides();
            offsets[i] = operands[i].offset();
        }
        // Walk dims from the innermost outwards, dropping size-1 dims and merging a dim into the run inside
        // it when every operand steps over that run exactly (stride == inner stride * inner size).
        int[] shape = new int[Math.max(1, full.length)];
        long[][] strides = new long[k][shape.length];
        int rank = 0;
        for (int d = full.length - 1; d >= 0; d--) {
            if (full[d] == 1) {
                continue;
            }
            if (rank > 0 && mergeable(fullStrides, d, strides, rank - 1, shape[rank - 1])) {
                shape[rank - 1] *= full[d];
                continue;
            }
            shape[rank] = full[d];
            for (int i = 0; i < k; i++) {
                strides[i][rank] = fullStrides[i][d];
            }
            rank++;
        }
        if (rank == 0) { // a single element: any stride works, unit strides select the dense path
            shape[0] = 1;
            for (int i = 0; i < k; i++) {
                strides[i][0] = 1;
            }
            rank = 1;
        }
        // Collected innermost-first; flip to row-major order.
        int[] s = new int[rank];
        long[][] st = new long[k][rank];
        for (int d = 0; d < rank; d++) {
            s[d] = shape[rank - 1 - d];
            for (int i = 0; i < k; i++) {
                st[i][d] = strides[i][rank - 1 - d];
            }
        }
        long n = 1;
        for (int d : s) {
            n *= d;
        }
        return new StridedLoop(s, st, offsets, Math.toIntExact(n));
    }

    private static boolean mergeable(long[][] fullStrides, int d, long[][] strides, int inner, int innerSize) {
        for (int i = 0; i < fullStrides.length; i++) {
            if (fullStrides[i][d] != strides[i][inner] * innerSize) {
                return false;
            }
        }
        return true;
    }

    int rank() {
        return shape.length;
    }

    /** Stride of operand k along the innermost dim. */
    long innerStride(int k) {
        return strides[k][shape.length - 1];
    }

    /** True when every operand is one dense run (after collapsing). */
    boolean dense() {
        if (rank() != 1) {
            return false;
        }
        for (long[] st : strides) {
            if (st[0] != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits the elements [0, numel) into chunks of about {@link #GRAIN} elements and runs body on each, in
     * parallel; body typically allocates its scratch and calls {@link #walk}. Chunk boundaries depend only on
     * the size, the thread count and the SIMD width, and fall on vector-aligned columns, so which elements a
     * kernel treats in its scalar tail never depends on the split.
     */
    void forChunks(Parallel parallel, Parallel.RangeBody body) {
        int chunks = Math.min(parallel.threads(), Math.max(1, numel / GRAIN));
        parallel.forChunks(chunks, (c, cs) -> {
            int from = boundary(c, cs);
            int to = boundary(c + 1, cs);
            if (from < to) {
                body.run(from, to);
            }
        });
    }

    /** Runs body over every row segment, in parallel chunks. */
    void forSegments(Parallel parallel, SegmentBody body) {
        forChunks(parallel, (from, to) -> walk(from, to, body));
    }

    private int boundary(int c, int chunks) {
        if (c >= chunks) {
            return numel;
        }
        int b = (int) ((long) numel * c / chunks);
        int col = b % cols;
        return b - col % LANES;
    }

    /** Visits the elements [from, to) of the row-major order as row segments. */
    void walk(int from, int to, SegmentBody body) {
        int k = offsets.length;
        int outerRank = rank() - 1;
        int[] idx = new int[outerRank];
        long[] rowBase = new long[k];
        long[] segment = new long[k];
        int row = from / cols;
        int col = from % cols;
        // Position the odometer at the first row.
        System.arraycopy(offsets, 0, rowBase, 0, k);
        for (int d = outerRank - 1, r = row; d >= 0; d--) {
            idx[d] = r % shape[d];
            r /= shape[d];
            for (int i = 0; i < k; i++) {
                rowBase[i] += idx[d] * strides[i][d];
            }
        }
        int pos = from;
        while (pos < to) {
            int len = Math.min(cols - col, to - pos);
            for (int i = 0; i < k; i++) {
                segment[i] = rowBase[i] + col * strides[i][outerRank];
            }
            body.run(segment, len);
            pos += len;
            col = 0;
            nextRow(idx, rowBase);
        }
    }

    private void nextRow(int[] idx, long[] rowBase) {
        for (int d = idx.length - 1; d >= 0; d--) {
            idx[d]++;
            for (int i = 0; i < rowBase.length; i++) {
                rowBase[i] += strides[i][d];
            }
            if (idx[d] < shape[d]) {
                return;
            }
            for (int i = 0; i < rowBase.length; i++) {
                rowBase[i] -= strides[i][d] * shape[d];
            }
            idx[d] = 0;
        }
    }
}
