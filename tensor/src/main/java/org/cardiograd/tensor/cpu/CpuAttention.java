package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.Tensor;

/**
 * Flash-style scaled-dot-product attention on the CPU (FlashAttention-2, arXiv 2307.08691): the [Tq, Tk] score
 * matrix is never built. The forward walks key blocks with a running max and sum per query row and keeps only
 * the log-sum-exp; the backward recomputes the probabilities from it. See {@link CpuAttentionForward},
 * {@link CpuAttentionBackward} and the shared tile code in {@link CpuAttentionTiles}.
 */
final class CpuAttention {
    /** Flops per parallel task below which the forward does not split further. */
    private static final long GRAIN_FLOPS = 1L << 17;

    private final Parallel parallel;
    /** Per-thread tile buffers, grown on demand and reused across calls. */
    private final ThreadLocal<CpuAttentionScratch> scratch = ThreadLocal.withInitial(CpuAttentionScratch::new);

    CpuAttention(Parallel parallel) {
        this.parallel = parallel;
    }

    void forward(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale, boolean causal,
                 Tensor out, Tensor lse) {
        CpuAttentionProblem p = CpuAttentionProblem.of(q, k, v, keyMask, bias, heads, scale, causal);
        float[] oa = HostStorage.array(out);
        float[] la = HostStorage.array(lse);
        int oOff = (int) out.offset();
        int lOff = (int) lse.offset();
        int blocks = (p.tq() + CpuAttentionTiles.R - 1) / CpuAttentionTiles.R;
        int items = p.bh() * blocks;
        long flopsPerItem = 4L * CpuAttentionTiles.R * Math.max(1, p.tk()) * Math.max(1, p.d());
        int grain = (int) Math.max(1, GRAIN_FLOPS / flopsPerItem);
        // Items are (head row, query block) in order, so a task's items share packed keys until bh changes.
        parallel.forRange(items, grain, (from, to) -> {
            CpuAttentionScratch s = scratch.get();
            s.ensure(p.tkp(), p.dp());
            int packed = -1;
            for (int item = from; item < to; item++) {
                int bh = item / blocks;
                if (bh != packed) {
                    CpuAttentionForward.packKeys(p, bh, s);
                    packed = bh;
                }
                CpuAttentionForward.queryBlock(p, bh, (item % blocks) * CpuAttentionTiles.R, s, oa, oOff, la, lOff);
            }
        });
    }

    void backward(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale,
                  boolean causal, Tensor out, Tensor lse, Tensor dOut, Tensor dq, Tensor dk, Tensor dv) {
        CpuAttentionProblem p = CpuAttentionProblem.of(q, k, v, keyMask, bias, heads, scale, causal);
        CpuAttentionBackward.Grads g = new CpuAttentionBackward.Grads(HostStorage.array(out), (int) out.offset(),
                HostStorage.array(lse), (int) lse.offset(), HostStorage.array(dOut), (int) dOut.offset(),
                HostStorage.array(dq), (int) dq.offset(), HostStorage.array(dk), (int) dk.offset(),
                HostStorage.array(dv), (int) dv.offset());
        // One task per head row: dK and dV of a head are summed by one thread in a fixed order, so the result
        // is race-free and the same for any thread count.
        parallel.forRange(p.bh(), 1, (from, to) -> {
            CpuAttentionScratch s = scratch.get();
            s.ensure(p.tkp(), p.dp());
            for (int bh = from; bh < to; bh++) {
                CpuAttentionBackward.headRow(p, g, bh, s);
            }
        });
    }
}
