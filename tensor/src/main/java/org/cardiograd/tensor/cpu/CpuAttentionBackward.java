package org.cardiograd.tensor.cpu;

import static org.cardiograd.tensor.cpu.CpuAttentionTiles.KB;
import static org.cardiograd.tensor.cpu.CpuAttentionTiles.L;
import static org.cardiograd.tensor.cpu.CpuAttentionTiles.R;
import static org.cardiograd.tensor.cpu.CpuAttentionTiles.S;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;

/**
 * Attention backward for one head row (FlashAttention-2, algorithm 2), from the saved out and lse:
 * Di = rowsum(dOut_i out_i); per tile P = exp(S - lse) recomputed, dP = dOut V^T, dS = P (dP - Di);
 * dQ = scale dS K, dK += scale dS^T Q, dV += P^T dOut. dK and dV of the head row live in the thread's
 * accumulators until every query block has been added.
 */
final class CpuAttentionBackward {
    private CpuAttentionBackward() {}

    /** The backward's extra inputs and its outputs, as arrays and offsets. */
    record Grads(float[] out, int outOff, float[] lse, int lseOff, float[] dOut, int dOutOff, float[] dq, int dqOff,
                 float[] dk, int dkOff, float[] dv, int dvOff) {}

    static void headRow(CpuAttentionProblem p, Grads g, int bh, CpuAttentionScratch s) {
        int tk = p.tk();
        int d = p.d();
        int tkp = p.tkp();
        int dp = p.dp();
        CpuAttentionTiles.packTransposed(p.k(), p.kBase(bh), tk, d, s.kT, tkp);
        CpuAttentionTiles.packTransposed(p.v(), p.vBase(bh), tk, d, s.vT, tkp);
        CpuAttentionTiles.packRows(p.k(), p.kBase(bh), tk, d, s.kRows, tkp, dp);
        CpuAttentionTiles.packKeyMask(p, bh, s.keyAdd);
        Arrays.fill(s.dkAcc, 0, tkp * dp, 0f);
        Arrays.fill(s.dvAcc, 0, tkp * dp, 0f);
        for (int i0 = 0; i0 < p.tq(); i0 += R) {
            queryBlock(p, g, bh, i0, s);
        }
        int base = bh * tk * d;
        for (int j = 0; j < tk; j++) {
            System.arraycopy(s.dkAcc, j * dp, g.dk(), g.dkOff() + base + j * d, d);
            System.arraycopy(s.dvAcc, j * dp, g.dv(), g.dvOff() + base + j * d, d);
        }
    }

    private static void queryBlock(CpuAttentionProblem p, Grads g, int bh, int i0, CpuAttentionScratch s) {
        int rows = Math.min(R, p.tq() - i0);
        int d = p.d();
        int dp = p.dp();
        int rowBase = bh * p.tq() + i0;
        CpuAttentionTiles.packRows(p.q(), p.qOff() + rowBase * d, rows, d, s.qTile, R, dp);
        CpuAttentionTiles.packRows(g.dOut(), g.dOutOff() + rowBase * d, rows, d, s.doTile, R, dp);
        Arrays.fill(s.accTile, 0, R * dp, 0f);
        for (int r = 0; r < R; r++) {
            float rowLse = r < rows ? g.lse()[g.lseOff() + rowBase + r] : Float.NEGATIVE_INFINITY;
            if (rowLse == Float.NEGATIVE_INFINITY) {
                // padding row, or a row with every key masked: zero dOut and Di make its dS zero
                Arrays.fill(s.doTile, r * dp, (r + 1) * dp, 0f);
                s.rowLse[r] = Float.NEGATIVE_INFINITY;
                s.rowDi[r] = 0f;
            } else {
                s.rowLse[r] = rowLse;
                s.rowDi[r] = rowDot(s.doTile, r * dp, g.out(), g.outOff() + (rowBase + r) * d, d, s.lanes);
            }
        }
        int keyEnd = p.keyEnd(i0, rows);
        for (int j0 = 0; j0 < keyEnd; j0 += KB) {
            int nv = keyEnd - j0 > L ? 2 : 1;
            CpuAttentionTiles.dotTile(s.qTile, dp, d, s.kT, p.tkp(), j0, nv, s.pTile);
            CpuAttentionTiles.dotTile(s.doTile, dp, d, s.vT, p.tkp(), j0, nv, s.dsTile);
            for (int r = 0; r < R; r++) {
                for (int v = 0; v < nv; v++) {
                    probabilitiesAndScoreGrads(p, s, r, r * KB + v * L, i0 + r, j0 + v * L);
                }
            }
            int nk = Math.min(KB, keyEnd - j0);
            CpuAttentionTiles.accumulateRows(s.dsTile, s.kRows, dp, j0, nk, s.accTile);
            CpuAttentionTiles.scatterRows(s.dsTile, s.qTile, dp, j0, nk, s.dkAcc);
            CpuAttentionTiles.scatterRows(s.pTile, s.doTile, dp, j0, nk, s.dvAcc);
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(s.accTile, r * dp, g.dq(), g.dqOff() + (rowBase + r) * d, d);
        }
    }

    /**
     * Row r, one vector of keys at tile offset t: pTile (raw dots) becomes P = exp(scores - lse); dsTile
     * (dOut . v) becomes scale P (dP - Di). Rows without a distribution (lse = -inf) get zeros.
     */
    private static void probabilitiesAndScoreGrads(CpuAttentionProblem p, CpuAttentionScratch s, int r, int t, int i,
                                                   int j0) {
        float rowLse = s.rowLse[r];
        if (rowLse == Float.NEGATIVE_INFINITY) {
            Arrays.fill(s.pTile, t, t + L, 0f);
            Arrays.fill(s.dsTile, t, t + L, 0f);
            return;
        }
        FloatVector pv = CpuSoftmaxMath.exp(CpuAttentionTiles.scores(p, s, s.pTile, t, i, j0).sub(rowLse));
        FloatVector dpv = FloatVector.fromArray(S, s.dsTile, t);
        pv.intoArray(s.pTile, t);
        pv.mul(dpv.sub(s.rowDi[r])).mul(p.scale()).intoArray(s.dsTile, t);
    }

    /** sum over c &lt; d of tile[t + c] * b[o + c]. */
    private static float rowDot(float[] tile, int t, float[] b, int o, int d, float[] lanes) {
        FloatVector acc = FloatVector.zero(S);
        int c = 0;
        for (int bound = S.loopBound(d); c < bound; c += L) {
            acc = FloatVector.fromArray(S, tile, t + c).fma(FloatVector.fromArray(S, b, o + c), acc);
        }
        float sum = CpuSoftmaxMath.sumLanes(acc, lanes);
        for (; c < d; c++) {
            sum += tile[t + c] * b[o + c];
        }
        return sum;
    }
}
