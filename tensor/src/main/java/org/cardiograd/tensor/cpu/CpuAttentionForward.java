package org.cardiograd.tensor.cpu;

import static org.cardiograd.tensor.cpu.CpuAttentionTiles.KB;
import static org.cardiograd.tensor.cpu.CpuAttentionTiles.L;
import static org.cardiograd.tensor.cpu.CpuAttentionTiles.R;
import static org.cardiograd.tensor.cpu.CpuAttentionTiles.S;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Attention forward for one block of R query rows (FlashAttention-2, algorithm 1): for each key block, score
 * tile S = scale Q K^T + bias + masks; new row max m' = max(m, rowmax S); P = exp(S - m'); the running sum and
 * the output accumulator are rescaled by exp(m - m') and P, P V added. At the end out = O / l and
 * lse = m + log l. Memory per row is O(D) plus the thread's key panels.
 */
final class CpuAttentionForward {
    private CpuAttentionForward() {}

    /** Packs the key panels of head row bh: K^T for scores, V rows padded to dp, the key mask. */
    static void packKeys(CpuAttentionProblem p, int bh, CpuAttentionScratch s) {
        CpuAttentionTiles.packTransposed(p.k(), p.kBase(bh), p.tk(), p.d(), s.kT, p.tkp());
        CpuAttentionTiles.packRows(p.v(), p.vBase(bh), p.tk(), p.d(), s.vRows, p.tkp(), p.dp());
        CpuAttentionTiles.packKeyMask(p, bh, s.keyAdd);
    }

    /** Query rows i0..i0+R (fewer at the end) of head row bh; writes their out rows and lse. */
    static void queryBlock(CpuAttentionProblem p, int bh, int i0, CpuAttentionScratch s, float[] out, int outOff,
                           float[] lse, int lseOff) {
        int rows = Math.min(R, p.tq() - i0);
        int dp = p.dp();
        CpuAttentionTiles.packRows(p.q(), p.qBase(bh) + i0 * p.d(), rows, p.d(), s.qTile, R, dp);
        Arrays.fill(s.accTile, 0, R * dp, 0f);
        Arrays.fill(s.rowMax, Float.NEGATIVE_INFINITY);
        Arrays.fill(s.sumTile, 0f);
        int keyEnd = p.keyEnd(i0, rows);
        for (int j0 = 0; j0 < keyEnd; j0 += KB) {
            int nv = keyEnd - j0 > L ? 2 : 1;
            CpuAttentionTiles.dotTile(s.qTile, dp, p.d(), s.kT, p.tkp(), j0, nv, s.pTile);
            for (int r = 0; r < R; r++) {
                if (r < rows) {
                    onlineSoftmax(p, s, r, i0 + r, j0, nv);
                } else {
                    Arrays.fill(s.pTile, r * KB, (r + 1) * KB, 0f);
                    s.rowScale[r] = 1f;
                }
            }
            rescale(s.accTile, dp, s.rowScale);
            CpuAttentionTiles.accumulateRows(s.pTile, s.vRows, dp, j0, Math.min(KB, keyEnd - j0), s.accTile);
        }
        writeRows(p, bh, i0, rows, s, out, outOff, lse, lseOff);
    }

    /**
     * Turns row r's raw dots in pTile (nv vectors) into probabilities relative to the running max, updating the
     * max only when a score exceeds it (a horizontal max per block would cost more than the exponentials);
     * rowScale[r] receives exp(old max - new max) for the output accumulator, 1 when the max did not move.
     * The running sum is kept per lane in sumTile and reduced once at the end.
     */
    private static void onlineSoftmax(CpuAttentionProblem p, CpuAttentionScratch s, int r, int i, int j0, int nv) {
        int t = r * KB;
        FloatVector s0 = CpuAttentionTiles.scores(p, s, s.pTile, t, i, j0);
        FloatVector s1 = nv == 2 ? CpuAttentionTiles.scores(p, s, s.pTile, t + L, i, j0 + L) : s0;
        FloatVector blockMax = s0.max(s1);
        float oldMax = s.rowMax[r];
        FloatVector sum = FloatVector.fromArray(S, s.sumTile, r * L);
        float alpha = 1f;
        if (blockMax.compare(VectorOperators.GT, oldMax).anyTrue()) {
            float newMax = Math.max(oldMax, blockMax.reduceLanes(VectorOperators.MAX));
            alpha = oldMax == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(oldMax - newMax);
            sum = sum.mul(alpha);
            s.rowMax[r] = newMax;
        }
        // While every key so far is masked the max is -inf; subtracting 0 instead keeps exp(-inf) = 0, not NaN.
        float ref = s.rowMax[r] == Float.NEGATIVE_INFINITY ? 0f : s.rowMax[r];
        FloatVector p0 = CpuSoftmaxMath.exp(s0.sub(ref));
        p0.intoArray(s.pTile, t);
        sum = sum.add(p0);
        if (nv == 2) {
            FloatVector p1 = CpuSoftmaxMath.exp(s1.sub(ref));
            p1.intoArray(s.pTile, t + L);
            sum = sum.add(p1);
        }
        sum.intoArray(s.sumTile, r * L);
        s.rowScale[r] = alpha;
    }

    private static void rescale(float[] acc, int dp, float[] rowScale) {
        for (int r = 0; r < R; r++) {
            float a = rowScale[r];
            if (a == 1f) {
                continue;
            }
            for (int c = 0; c < dp; c += L) {
                FloatVector.fromArray(S, acc, r * dp + c).mul(a).intoArray(acc, r * dp + c);
            }
        }
    }

    /** out = O / l and lse = m + log l; a row whose keys were all masked gets out = 0 and lse = -inf. */
    private static void writeRows(CpuAttentionProblem p, int bh, int i0, int rows, CpuAttentionScratch s,
                                  float[] out, int outOff, float[] lse, int lseOff) {
        int d = p.d();
        int dp = p.dp();
        for (int r = 0; r < rows; r++) {
            int i = i0 + r;
            int o = outOff + (bh * p.tq() + i) * d;
            float l = CpuSoftmaxMath.sumLanes(FloatVector.fromArray(S, s.sumTile, r * L), s.lanes);
            if (l == 0f) {
                Arrays.fill(out, o, o + d, 0f);
                lse[lseOff + bh * p.tq() + i] = Float.NEGATIVE_INFINITY;
                continue;
            }
            float inv = 1f / l;
            int a = r * dp;
            int c = 0;
            for (int bound = S.loopBound(d); c < bound; c += L) {
                FloatVector.fromArray(S, s.accTile, a + c).mul(inv).intoArray(out, o + c);
            }
            for (; c < d; c++) {
                out[o + c] = s.accTile[a + c] * inv;
            }
            lse[lseOff + bh * p.tq() + i] = s.rowMax[r] + (float) Math.log(l);
        }
    }
}
