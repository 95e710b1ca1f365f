package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.Tensor;

/**
 * The inputs of one attention call as arrays and offsets, with the sizes the tiles are padded to:
 * {@code tkp} keys rounded up to whole vectors, {@code dp} head dims rounded up to whole vectors.
 */
record CpuAttentionProblem(float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, float[] mask, int maskOff,
                           float[] bias, int biasOff, int heads, float scale, boolean causal, int bh, int tq, int tk,
                           int d, int tkp, int dp) {

    static CpuAttentionProblem of(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale,
                                  boolean causal) {
        int lanes = CpuAttentionTiles.L;
        int tk = k.shape(1);
        int d = q.shape(2);
        return new CpuAttentionProblem(HostStorage.array(q), (int) q.offset(), HostStorage.array(k),
                (int) k.offset(), HostStorage.array(v), (int) v.offset(),
                keyMask == null ? null : HostStorage.array(keyMask), keyMask == null ? 0 : (int) keyMask.offset(),
                bias == null ? null : HostStorage.array(bias), bias == null ? 0 : (int) bias.offset(), heads, scale,
                causal, q.shape(0), q.shape(1), tk, d, roundUp(Math.max(1, tk), lanes), roundUp(Math.max(1, d), lanes));
    }

    private static int roundUp(int n, int m) {
        return (n + m - 1) / m * m;
    }

    /** First element of head row bh of q (rows of d floats). */
    int qBase(int bh) {
        return qOff + bh * tq * d;
    }

    int kBase(int bh) {
        return kOff + bh * tk * d;
    }

    int vBase(int bh) {
        return vOff + bh * tk * d;
    }

    /** Keys a query block [i0, i0 + rows) can see: all, or with causal masking up to key i0 + rows - 1. */
    int keyEnd(int i0, int rows) {
        return causal ? Math.min(tk, i0 + rows) : tk;
    }
}
