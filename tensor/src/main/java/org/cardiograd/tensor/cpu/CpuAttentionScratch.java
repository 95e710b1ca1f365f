package org.cardiograd.tensor.cpu;

/**
 * One thread's tile buffers for attention, grown to the largest problem seen and reused. Tiles are R query rows
 * by up to KB keys (scores, probabilities) or R rows by dp dims (queries, outputs, gradients); key panels cover
 * one head row (tkp keys by d or dp dims).
 */
final class CpuAttentionScratch {
    private static final int R = CpuAttentionTiles.R;
    private static final int L = CpuAttentionTiles.L;
    private static final int KB = CpuAttentionTiles.KB;

    /** K^T and V^T of the head row: [d][tkp], keys past tk zero. */
    float[] kT = new float[0];
    float[] vT = new float[0];
    /** K and V of the head row, rows padded to dp: [tkp][dp], padding zero. */
    float[] kRows = new float[0];
    float[] vRows = new float[0];
    /** 0 for keys the head row may attend to, -inf for padded or masked keys: [tkp]. */
    float[] keyAdd = new float[0];
    /** dK and dV accumulators of the head row: [tkp][dp]. */
    float[] dkAcc = new float[0];
    float[] dvAcc = new float[0];

    /** Query rows, dOut rows, output / dQ accumulators: [R][dp]. */
    float[] qTile = new float[0];
    float[] doTile = new float[0];
    float[] accTile = new float[0];
    /** Scores or probabilities, and dP or dS: [R][KB]. */
    final float[] pTile = new float[R * KB];
    final float[] dsTile = new float[R * KB];
    /** Per query row and lane: the forward's running sum of probabilities: [R][L]. */
    final float[] sumTile = new float[R * L];
    /** Per query row: the forward's running max and the rescale factor of its latest key block. */
    final float[] rowMax = new float[R];
    final float[] rowScale = new float[R];
    /** Per query row: the backward's saved lse and Di = dOut . out. */
    final float[] rowLse = new float[R];
    final float[] rowDi = new float[R];
    /** Lane buffer for deterministic horizontal sums. */
    final float[] lanes = new float[L];
    /** A bias segment past the last full vector, padded with zeros. */
    final float[] tail = new float[L];

    void ensure(int tkp, int dp) {
        int panel = tkp * dp;
        if (kT.length < panel) {
            kT = new float[panel];
            vT = new float[panel];
            kRows = new float[panel];
            vRows = new float[panel];
            dkAcc = new float[panel];
            dvAcc = new float[panel];
        }
        if (keyAdd.length < tkp) {
            keyAdd = new float[tkp];
        }
        if (qTile.length < R * dp) {
            qTile = new float[R * dp];
            doTile = new float[R * dp];
            accTile = new float[R * dp];
        }
    }
}
