package org.cardiograd.tensor.cpu;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The tile kernels that attention's forward and backward share. A tile is R = 4 query rows against a key block
 * of one or two vectors of L keys (L = floats per vector), so a score tile is R or 2R vectors. Products over
 * the head dim broadcast a query value against a vector of L keys from a transposed key panel (no horizontal
 * sums); products over keys broadcast a probability against vectors of a key row padded to dp dims. Padding is
 * zero, so every vector loop runs full for any head dim and any SIMD width.
 */
final class CpuAttentionTiles {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Keys per vector. */
    static final int L = S.length();
    /** Query rows per tile (the register tile height). */
    static final int R = 4;
    /** Keys per block: up to two vectors, so a broadcast feeds two FMAs; tile rows are KB floats apart. */
    static final int KB = 2 * L;

    private static final float[] IOTA = new float[L];

    static {
        for (int i = 0; i < L; i++) {
            IOTA[i] = i;
        }
    }

    private CpuAttentionTiles() {}

    // ---- packing ----

    /** dst[c][j] = src[base + j d + c] for j &lt; rows; keys rows..tkp are zero. */
    static void packTransposed(float[] src, int base, int rows, int d, float[] dst, int tkp) {
        for (int c = 0; c < d; c++) {
            int o = c * tkp;
            for (int j = 0; j < rows; j++) {
                dst[o + j] = src[base + j * d + c];
            }
            Arrays.fill(dst, o + rows, o + tkp, 0f);
        }
    }

    /** dst[j][c] = src[base + j d + c] for j &lt; rows, c &lt; d; zero up to rowsPadded rows of dp dims. */
    static void packRows(float[] src, int base, int rows, int d, float[] dst, int rowsPadded, int dp) {
        for (int j = 0; j < rows; j++) {
            System.arraycopy(src, base + j * d, dst, j * dp, d);
            Arrays.fill(dst, j * dp + d, (j + 1) * dp, 0f);
        }
        Arrays.fill(dst, rows * dp, rowsPadded * dp, 0f);
    }

    /** keyAdd[j] = 0 where head row bh may attend to key j, -inf for padding keys and keys past tk. */
    static void packKeyMask(CpuAttentionProblem p, int bh, float[] keyAdd) {
        int tk = p.tk();
        float[] mask = p.mask();
        int mo = p.maskOff() + (bh / p.heads()) * tk;
        for (int j = 0; j < tk; j++) {
            keyAdd[j] = mask == null || mask[mo + j] != 0f ? 0f : Float.NEGATIVE_INFINITY;
        }
        Arrays.fill(keyAdd, tk, p.tkp(), Float.NEGATIVE_INFINITY);
    }

    // ---- products ----

    /**
     * tile[r KB + jj] = sum over c &lt; d of a[r dp + c] * bT[c tkp + j0 + jj], for R rows and nv (1 or 2) vectors
     * of keys.
     */
    static void dotTile(float[] a, int dp, int d, float[] bT, int tkp, int j0, int nv, float[] tile) {
        if (nv == 2) {
            dotTile2(a, dp, d, bT, tkp, j0, tile);
        } else {
            dotTile1(a, dp, d, bT, tkp, j0, tile);
        }
    }

    private static void dotTile1(float[] a, int dp, int d, float[] bT, int tkp, int j0, float[] tile) {
        FloatVector t0 = FloatVector.zero(S);
        FloatVector t1 = FloatVector.zero(S);
        FloatVector t2 = FloatVector.zero(S);
        FloatVector t3 = FloatVector.zero(S);
        for (int c = 0; c < d; c++) {
            FloatVector b = FloatVector.fromArray(S, bT, c * tkp + j0);
            t0 = FloatVector.broadcast(S, a[c]).fma(b, t0);
            t1 = FloatVector.broadcast(S, a[dp + c]).fma(b, t1);
            t2 = FloatVector.broadcast(S, a[2 * dp + c]).fma(b, t2);
            t3 = FloatVector.broadcast(S, a[3 * dp + c]).fma(b, t3);
        }
        t0.intoArray(tile, 0);
        t1.intoArray(tile, KB);
        t2.intoArray(tile, 2 * KB);
        t3.intoArray(tile, 3 * KB);
    }

    /** Two key vectors at once: each broadcast feeds two FMAs. */
    private static void dotTile2(float[] a, int dp, int d, float[] bT, int tkp, int j0, float[] tile) {
        FloatVector t0 = FloatVector.zero(S);
        FloatVector t1 = FloatVector.zero(S);
        FloatVector t2 = FloatVector.zero(S);
        FloatVector t3 = FloatVector.zero(S);
        FloatVector u0 = FloatVector.zero(S);
        FloatVector u1 = FloatVector.zero(S);
        FloatVector u2 = FloatVector.zero(S);
        FloatVector u3 = FloatVector.zero(S);
        for (int c = 0; c < d; c++) {
            FloatVector b = FloatVector.fromArray(S, bT, c * tkp + j0);
            FloatVector e = FloatVector.fromArray(S, bT, c * tkp + j0 + L);
            FloatVector x0 = FloatVector.broadcast(S, a[c]);
            FloatVector x1 = FloatVector.broadcast(S, a[dp + c]);
            FloatVector x2 = FloatVector.broadcast(S, a[2 * dp + c]);
            FloatVector x3 = FloatVector.broadcast(S, a[3 * dp + c]);
            t0 = x0.fma(b, t0);
            u0 = x0.fma(e, u0);
            t1 = x1.fma(b, t1);
            u1 = x1.fma(e, u1);
            t2 = x2.fma(b, t2);
            u2 = x2.fma(e, u2);
            t3 = x3.fma(b, t3);
            u3 = x3.fma(e, u3);
        }
        t0.intoArray(tile, 0);
        u0.intoArray(tile, L);
        t1.intoArray(tile, KB);
        u1.intoArray(tile, KB + L);
        t2.intoArray(tile, 2 * KB);
        u2.intoArray(tile, 2 * KB + L);
        t3.intoArray(tile, 3 * KB);
        u3.intoArray(tile, 3 * KB + L);
    }

    /** acc[r dp + :] += sum over jj &lt; nk of w[r KB + jj] * rows[(j0 + jj) dp + :], for R rows. */
    static void accumulateRows(float[] w, float[] rows, int dp, int j0, int nk, float[] acc) {
        int c = 0;
        for (; c + 2 * L <= dp; c += 2 * L) {
            accumulateRows2(w, rows, dp, j0, nk, acc, c);
        }
        if (c < dp) {
            accumulateRows1(w, rows, dp, j0, nk, acc, c);
        }
    }

    /** Dims c..c+2L: each broadcast weight feeds two FMAs. */
    private static void accumulateRows2(float[] w, float[] rows, int dp, int j0, int nk, float[] acc, int c) {
        FloatVector a0 = FloatVector.fromArray(S, acc, c);
        FloatVector a1 = FloatVector.fromArray(S, acc, dp + c);
        FloatVector a2 = FloatVector.fromArray(S, acc, 2 * dp + c);
        FloatVector a3 = FloatVector.fromArray(S, acc, 3 * dp + c);
        FloatVector b0 = FloatVector.fromArray(S, acc, c + L);
        FloatVector b1 = FloatVector.fromArray(S, acc, dp + c + L);
        FloatVector b2 = FloatVector.fromArray(S, acc, 2 * dp + c + L);
        FloatVector b3 = FloatVector.fromArray(S, acc, 3 * dp + c + L);
        for (int jj = 0; jj < nk; jj++) {
            int o = (j0 + jj) * dp + c;
            FloatVector row = FloatVector.fromArray(S, rows, o);
            FloatVector row2 = FloatVector.fromArray(S, rows, o + L);
            FloatVector w0 = FloatVector.broadcast(S, w[jj]);
            FloatVector w1 = FloatVector.broadcast(S, w[KB + jj]);
            FloatVector w2 = FloatVector.broadcast(S, w[2 * KB + jj]);
            FloatVector w3 = FloatVector.broadcast(S, w[3 * KB + jj]);
            a0 = w0.fma(row, a0);
            b0 = w0.fma(row2, b0);
            a1 = w1.fma(row, a1);
            b1 = w1.fma(row2, b1);
            a2 = w2.fma(row, a2);
            b2 = w2.fma(row2, b2);
            a3 = w3.fma(row, a3);
            b3 = w3.fma(row2, b3);
        }
        a0.intoArray(acc, c);
        a1.intoArray(acc, dp + c);
        a2.intoArray(acc, 2 * dp + c);
        a3.intoArray(acc, 3 * dp + c);
        b0.intoArray(acc, c + L);
        b1.intoArray(acc, dp + c + L);
        b2.intoArray(acc, 2 * dp + c + L);
        b3.intoArray(acc, 3 * dp + c + L);
    }

    private static void accumulateRows1(float[] w, float[] rows, int dp, int j0, int nk, float[] acc, int c) {
        FloatVector a0 = FloatVector.fromArray(S, acc, c);
        FloatVector a1 = FloatVector.fromArray(S, acc, dp + c);
        FloatVector a2 = FloatVector.fromArray(S, acc, 2 * dp + c);
        FloatVector a3 = FloatVector.fromArray(S, acc, 3 * dp + c);
        for (int jj = 0; jj < nk; jj++) {
            FloatVector row = FloatVector.fromArray(S, rows, (j0 + jj) * dp + c);
            a0 = FloatVector.broadcast(S, w[jj]).fma(row, a0);
            a1 = FloatVector.broadcast(S, w[KB + jj]).fma(row, a1);
            a2 = FloatVector.broadcast(S, w[2 * KB + jj]).fma(row, a2);
            a3 = FloatVector.broadcast(S, w[3 * KB + jj]).fma(row, a3);
        }
        a0.intoArray(acc, c);
        a1.intoArray(acc, dp + c);
        a2.intoArray(acc, 2 * dp + c);
        a3.intoArray(acc, 3 * dp + c);
    }

    /** dst[(j0 + jj) dp + :] += sum over r &lt; R of w[r KB + jj] * tile[r dp + :], for jj &lt; nk. */
    static void scatterRows(float[] w, float[] tile, int dp, int j0, int nk, float[] dst) {
        int c = 0;
        for (; c + 2 * L <= dp; c += 2 * L) {
            scatterRows2(w, tile, dp, j0, nk, dst, c);
        }
        if (c < dp) {
            scatterRows1(w, tile, dp, j0, nk, dst, c);
        }
    }

    /** Dims c..c+2L: the tile rows stay in registers and each broadcast weight feeds two FMAs. */
    private static void scatterRows2(float[] w, float[] tile, int dp, int j0, int nk, float[] dst, int c) {
        FloatVector x0 = FloatVector.fromArray(S, tile, c);
        FloatVector x1 = FloatVector.fromArray(S, tile, dp + c);
        FloatVector x2 = FloatVector.fromArray(S, tile, 2 * dp + c);
        FloatVector x3 = FloatVector.fromArray(S, tile, 3 * dp + c);
        FloatVector y0 = FloatVector.fromArray(S, tile, c + L);
        FloatVector y1 = FloatVector.fromArray(S, tile, dp + c + L);
        FloatVector y2 = FloatVector.fromArray(S, tile, 2 * dp + c + L);
        FloatVector y3 = FloatVector.fromArray(S, tile, 3 * dp + c + L);
        for (int jj = 0; jj < nk; jj++) {
            int o = (j0 + jj) * dp + c;
            FloatVector w0 = FloatVector.broadcast(S, w[jj]);
            FloatVector w1 = FloatVector.broadcast(S, w[KB + jj]);
            FloatVector w2 = FloatVector.broadcast(S, w[2 * KB + jj]);
            FloatVector w3 = FloatVector.broadcast(S, w[3 * KB + jj]);
            FloatVector acc = FloatVector.fromArray(S, dst, o);
            FloatVector acc2 = FloatVector.fromArray(S, dst, o + L);
            acc = w0.fma(x0, acc);
            acc2 = w0.fma(y0, acc2);
            acc = w1.fma(x1, acc);
            acc2 = w1.fma(y1, acc2);
            acc = w2.fma(x2, acc);
            acc2 = w2.fma(y2, acc2);
            acc = w3.fma(x3, acc);
            acc2 = w3.fma(y3, acc2);
            acc.intoArray(dst, o);
            acc2.intoArray(dst, o + L);
        }
    }

    private static void scatterRows1(float[] w, float[] tile, int dp, int j0, int nk, float[] dst, int c) {
        FloatVector x0 = FloatVector.fromArray(S, tile, c);
        FloatVector x1 = FloatVector.fromArray(S, tile, dp + c);
        FloatVector x2 = FloatVector.fromArray(S, tile, 2 * dp + c);
        FloatVector x3 = FloatVector.fromArray(S, tile, 3 * dp + c);
        for (int jj = 0; jj < nk; jj++) {
            int o = (j0 + jj) * dp + c;
            FloatVector acc = FloatVector.fromArray(S, dst, o);
            acc = FloatVector.broadcast(S, w[jj]).fma(x0, acc);
            acc = FloatVector.broadcast(S, w[KB + jj]).fma(x1, acc);
            acc = FloatVector.broadcast(S, w[2 * KB + jj]).fma(x2, acc);
            acc = FloatVector.broadcast(S, w[3 * KB + jj]).fma(x3, acc);
            acc.intoArray(dst, o);
        }
    }

    // ---- scores ----

    /**
     * The scaled, masked scores of query i against keys j0..j0+L, from its raw dot products at raw[t]:
     * raw scale + bias + (0 or -inf for the key mask and padding) + (-inf past the causal diagonal).
     */
    static FloatVector scores(CpuAttentionProblem p, CpuAttentionScratch s, float[] raw, int t, int i, int j0) {
        FloatVector sv = FloatVector.fromArray(S, raw, t).mul(p.scale())
                .add(FloatVector.fromArray(S, s.keyAdd, j0));
        if (p.bias() != null) {
            sv = sv.add(biasSegment(p, s, i, j0));
        }
        if (p.causal() && j0 + L - 1 > i) {
            FloatVector key = FloatVector.fromArray(S, IOTA, 0).add((float) j0);
            sv = sv.blend(Float.NEGATIVE_INFINITY, key.compare(VectorOperators.GT, (float) i));
        }
        return sv;
    }

    /** bias[i][j0..j0+L], zero past the last key. */
    private static FloatVector biasSegment(CpuAttentionProblem p, CpuAttentionScratch s, int i, int j0) {
        int tk = p.tk();
        int o = p.biasOff() + i * tk + j0;
        if (j0 + L <= tk) {
            return FloatVector.fromArray(S, p.bias(), o);
        }
        int n = tk - j0;
        System.arraycopy(p.bias(), o, s.tail, 0, n);
        Arrays.fill(s.tail, n, L, 0f);
        return FloatVector.fromArray(S, s.tail, 0);
    }
}
