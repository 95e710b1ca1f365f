package org.cardiograd.tensor.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.Shapes;
import org.cardiograd.tensor.Tensor;

/**
 * Batched GEMM for the CPU backend (see {@code Backend.matmul} for the contract), BLIS-style: blocks of A and B
 * are packed into zero-padded panels ({@link GemmPacking}) and a register-tiled micro-kernel
 * ({@link GemmKernel8} at 512 bits, {@link GemmKernel8x1} below) computes MR x NR tiles of the output
 * ({@link GemmBlock}).
 *
 * <p>{@link GemmPlan} picks one of two parallel schemes. Large products with few output blocks (one big matrix)
 * run as a team ({@link GemmSharedB}): the threads pack each B block together and take its rows in chunks.
 * Otherwise work is cut into independent tasks, each owning a disjoint block of the output (a batch entry, a
 * column block, a range of rows) and packing its own B. Either way K runs in blocks of the fixed size KC, and
 * every output element is the same chain of operations: the summation order depends only on K, never on the
 * thread count or the scheme, so 1 and N threads give bitwise identical results.
 */
final class Gemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    /** 512-bit vectors (or wider) take the 8 x 3-vector kernel; narrower ones the 8 x 1-vector kernel. */
    static final boolean WIDE = V >= 16;
    static final int MR = WIDE ? GemmKernel8.MR : GemmKernel8x1.MR;
    static final int NR = WIDE ? GemmKernel8.NR : GemmKernel8x1.NR;
    /** Depth of one packed block: an A micro-panel (MR x KC floats, 8 KB) stays in L1 while B streams from L2. */
    static final int KC = 256;
    /** Rows of A packed at a time when each column block packs its own (MC x KC floats, 256 KB). */
    static final int MC = (256 / MR) * MR;
    /**
     * Columns of one packed B block (KC x NC floats, about 1 MB: half of a 2 MB L2), so that N = 1024 is one
     * block. A team shares the block, and every member's L2 holds all of it.
     */
    static final int NC = Math.max(NR, (1100 / NR) * NR);
    /** Below this many multiply-adds in total, packing costs more than it saves: use the direct loop. */
    static final long SMALL_WORK = 32 * 1024;

    /**
     * Per-thread packing buffers, reused across calls. Each has a cache line of slack: packed panels start at
     * {@link CacheLine#floatsToLine}, read again whenever a call (or, for this thread's own A buffer, a range of
     * rows) starts to use the buffer, since a garbage collection may have moved it.
     */
    static final class Workspace {
        final float[] a = new float[((MC + MR - 1) / MR) * MR * KC + CacheLine.FLOATS];
        /** Two B blocks: a team packs the next block into one while members may still read the other. */
        final float[][] b = new float[2][((NC + NR - 1) / NR) * NR * KC + CacheLine.FLOATS];
        /** Two blocks of all rows of A for one K block, when a team packs them once for all column blocks. */
        private float[][] sharedA = {new float[0], new float[0]};
        final float[] tile = new float[MR * NR];
        final float[] scratch = new float[V];
        final int[] gather = new int[V];

        /** {@link #sharedA}, grown to at least {@code length} floats each. */
        float[][] sharedA(int length) {
            if (sharedA[0].length < length) {
                int withSlack = length + CacheLine.FLOATS;
                sharedA = new float[][] {new float[withSlack], new float[withSlack]};
            }
            return sharedA;
        }
    }

    static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private final Parallel parallel;

    Gemm(Parallel parallel) {
        this.parallel = parallel;
    }

    void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, Tensor bias, Epilogue epilogue,
                boolean accumulate) {
        Epilogue e = epilogue == null ? Epilogue.NONE : epilogue;
        GemmProblem p = GemmProblem.of(a, transA, b, transB, out, bias, e, accumulate);
        if (p.batch() == 0 || p.m() == 0 || p.n() == 0) {
            return;
        }
        if (p.k() == 0) {
            emptySum(p);
        } else if ((long) p.batch() * p.m() * p.n() * p.k() < SMALL_WORK) {
            GemmDirect.run(p, WORKSPACE.get().scratch);
        } else {
            packed(p);
        }
    }

    /** K = 0: the product is all zeros, so out = act(0 + bias), or unchanged when accumulating. */
    private static void emptySum(GemmProblem p) {
        if (p.accumulate()) {
            return;
        }
        float[] c = p.c();
        Arrays.fill(c, p.cOffset(), p.cOffset() + p.batch() * p.m() * p.n(), 0f);
        if (GemmEpilogue.needed(p.bias(), p.epilogue())) {
            float[] scratch = WORKSPACE.get().scratch;
            for (int row = 0; row < p.batch() * p.m(); row++) {
                GemmEpilogue.apply(c, p.cOffset() + row * p.n(), p.n(), p.bias(), p.biasOffset(), p.epilogue(),
                        scratch);
            }
        }
    }

    private void packed(GemmProblem p) {
        int threads = parallel.threads();
        GemmPlan plan = GemmPlan.of(p.batch(), p.m(), p.n(), threads, MR, NR, NC);
        if (plan.sharedB()) {
            GemmSharedB.Shared shared = new GemmSharedB.Shared(p, plan, WORKSPACE.get());
            parallel.team(threads, member -> GemmSharedB.run(p, plan, member, shared));
            return;
        }
        // Tasks are taken one at a time by whichever thread is free, so a thread that loses its core for a
        // while leaves its share to the others.
        parallel.forChunks(plan.tasks(), (task, count) -> runTask(p, plan, task, WORKSPACE.get()));
    }

    /** One output block on one thread: rows [m0, m1) and columns [n0, n1) of one batch entry, the full K loop. */
    private static void runTask(GemmProblem p, GemmPlan plan, int task, Workspace ws) {
        int part = task % plan.mParts();
        int rest = task / plan.mParts();
        int nBlock = rest % plan.nBlocks();
        int batch = rest / plan.nBlocks();
        int m0 = part * plan.partRows();
        int m1 = Math.min(p.m(), m0 + plan.partRows());
        int n0 = nBlock * plan.nc();
        int nc = Math.min(p.n(), n0 + plan.nc()) - n0;
        float[] pb = ws.b[0];
        int bStart = CacheLine.floatsToLine(pb);
        for (int k0 = 0; k0 < p.k(); k0 += KC) {
            int kc = Math.min(KC, p.k() - k0);
            GemmPacking.packB(p.b(), batch, k0, kc, n0, nc, NR, pb, bStart, ws.gather);
            rows(p, ws, pb, bStart, null, 0, batch, m0, m1, n0, nc, k0, kc);
        }
    }

    /**
     * Rows [m0, m1) x columns [n0, n0+nc) of one batch entry for one K block, whose B block is packed in pb from
     * bStart on. A is packed MC rows at a time into this thread's workspace, unless {@code aBlock} holds this K
     * block of all rows packed already, from aBlockStart on (m0 a multiple of MR). After the last K block the rows
     * are final and get the bias and epilogue.
     */
    static void rows(GemmProblem p, Workspace ws, float[] pb, int bStart, float[] aBlock, int aBlockStart, int batch,
                     int m0, int m1, int n0, int nc, int k0, int kc) {
        int ldc = p.n();
        int cBase = p.cOffset() + batch * p.m() * ldc;
        boolean add = k0 > 0 || p.accumulate();
        boolean epilogue = k0 + kc == p.k() && GemmEpilogue.needed(p.bias(), p.epilogue());
        int ownStart = aBlock == null ? CacheLine.floatsToLine(ws.a) : 0;
        for (int i0 = m0; i0 < m1; i0 += MC) {
            int mc = Math.min(MC, m1 - i0);
            if (aBlock == null) {
                GemmPacking.packA(p.a(), batch, i0, mc, k0, kc, MR, ws.a, ownStart, ws.gather);
            }
            float[] pa = aBlock == null ? ws.a : aBlock;
            int aOff = aBlock == null ? ownStart : aBlockStart + i0 * kc;
            GemmBlock.run(pa, aOff, pb, bStart, ws.tile, mc, nc, kc, p.c(), cBase + i0 * ldc + n0, ldc, add);
            for (int i = i0; epilogue && i < i0 + mc; i++) {
                GemmEpilogue.apply(p.c(), cBase + i * ldc + n0, nc, p.bias(), p.biasOffset() + n0, p.epilogue(),
                        ws.scratch);
            }
        }
    }

    static String shapes(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out) {
        return Shapes.str(a.shape()) + (transA ? "^T" : "") + " x " + Shapes.str(b.shape()) + (transB ? "^T" : "")
                + " -> " + Shapes.str(out.shape());
    }
}
