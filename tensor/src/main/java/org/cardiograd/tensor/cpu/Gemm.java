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
 * ({@link GemmKernel8} at 512 bits, {@link GemmKernel6} below) computes MR x NR tiles of the output.
 *
 * <p>Work is split into tasks that each own a disjoint block of the output (a batch entry, a column block and
 * a range of rows) and run the whole K loop themselves, in blocks of the fixed size KC. The summation order of
 * every output element therefore depends only on K, never on the thread count: 1 and N threads give bitwise
 * identical results.
 */
final class Gemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    /** 512-bit vectors (or wider) take the 8-row kernel; narrower ones the 6-row kernel. */
    static final boolean WIDE = V >= 16;
    static final int MR = WIDE ? GemmKernel8.MR : GemmKernel6.MR;
    static final int NR = WIDE ? GemmKernel8.NR : GemmKernel6.NR;
    /** Depth of one packed block: a B micro-panel (KC x NR) plus an A micro-panel stay in L1. */
    static final int KC = 256;
    /** Rows of one packed A block (MC x KC floats, in L2). */
    static final int MC = (256 / MR) * MR;
    /** Columns of one packed B block (KC x NC floats, about 1 MB: half of L2), so that N = 1024 is one block. */
    static final int NC = Math.max(NR, (1100 / NR) * NR);
    /** Below this many multiply-adds in total, packing costs more than it saves: use the direct loop. */
    static final long SMALL_WORK = 32 * 1024;

    /** Per-thread packing buffers, reused across calls. */
    static final class Workspace {
        final float[] a = new float[((MC + MR - 1) / MR) * MR * KC];
        final float[] b = new float[((NC + NR - 1) / NR) * NR * KC];
        final float[] tile = new float[MR * NR];
        final float[] scratch = new float[V];
        final int[] gather = new int[V];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

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
        GemmPlan plan = GemmPlan.of(p.batch(), p.m(), p.n(), parallel.threads(), MR, NR, NC,
                p.b().colStride() != 1);
        int tasks = plan.tasks();
        int chunks = Math.min(parallel.threads(), tasks);
        parallel.forChunks(chunks, (chunk, count) -> {
            Workspace ws = WORKSPACE.get();
            int from = (int) ((long) tasks * chunk / count);
            int to = (int) ((long) tasks * (chunk + 1) / count);
            for (int t = from; t < to; t++) {
                runTask(p, plan, t, ws);
            }
        });
    }

    /** One output block: rows [m0, m1) and columns [n0, n1) of one batch entry, the full K loop. */
    private static void runTask(GemmProblem p, GemmPlan plan, int task, Workspace ws) {
        int part = task % plan.mParts();
        int rest = task / plan.mParts();
        int nBlock = rest % plan.nBlocks();
        int batch = rest / plan.nBlocks();
        int m0 = part * plan.partRows();
        int m1 = Math.min(p.m(), m0 + plan.partRows());
        int n0 = nBlock * plan.nc();
        int n1 = Math.min(p.n(), n0 + plan.nc());
        int ldc = p.n();
        int cBase = p.cOffset() + batch * p.m() * ldc;
        boolean epilogue = GemmEpilogue.needed(p.bias(), p.epilogue());
        for (int k0 = 0; k0 < p.k(); k0 += KC) {
            int kc = Math.min(KC, p.k() - k0);
            boolean lastK = k0 + kc == p.k();
            boolean add = k0 > 0 || p.accumulate();
            GemmPacking.packB(p.b(), batch, k0, kc, n0, n1 - n0, NR, ws.b);
            for (int i0 = m0; i0 < m1; i0 += MC) {
                int mc = Math.min(MC, m1 - i0);
                GemmPacking.packA(p.a(), batch, i0, mc, k0, kc, MR, ws.a, ws.gather);
                block(ws, mc, n1 - n0, kc, p.c(), cBase + i0 * ldc + n0, ldc, add);
                if (lastK && epilogue) {
                    for (int i = i0; i < i0 + mc; i++) {
                        GemmEpilogue.apply(p.c(), cBase + i * ldc + n0, n1 - n0, p.bias(), p.biasOffset() + n0,
                                p.epilogue(), ws.scratch);
                    }
                }
            }
        }
    }

    /**
     * C[0:mc, 0:nc] (+)= packed A (mc x kc) times packed B (kc x nc). One A micro-panel stays in L1 while the
     * loop over B micro-panels runs innermost. A full tile that overwrites C goes straight to C; the others
     * (edges, and every K block after the first, which adds) go through a scratch tile, of which only the valid
     * part is written or added. A last panel of at most one vector's width takes the one-vector kernel.
     */
    private static void block(Workspace ws, int mc, int nc, int kc, float[] c, int cOff, int ldc, boolean add) {
        float[] pa = ws.a;
        float[] pb = ws.b;
        for (int i = 0; i < mc; i += MR) {
            int rows = Math.min(MR, mc - i);
            int ai = i * kc;
            for (int j = 0; j < nc; j += NR) {
                int cols = Math.min(NR, nc - j);
                int bi = j * kc;
                int ci = cOff + i * ldc + j;
                if (rows == MR && cols == NR && !add) {
                    kernel(pa, ai, pb, bi, kc, c, ci, ldc);
                } else {
                    if (WIDE && cols <= V) {
                        GemmKernel8.tileOneVector(pa, ai, pb, bi, kc, ws.tile, 0, NR);
                    } else {
                        kernel(pa, ai, pb, bi, kc, ws.tile, 0, NR);
                    }
                    if (add) {
                        addTile(ws.tile, rows, cols, c, ci, ldc);
                    } else {
                        copyTile(ws.tile, rows, cols, c, ci, ldc);
                    }
                }
            }
        }
    }

    private static void kernel(float[] pa, int ai, float[] pb, int bi, int kc, float[] c, int ci, int ldc) {
        if (WIDE) {
            GemmKernel8.tile(pa, ai, pb, bi, kc, c, ci, ldc);
        } else {
            GemmKernel6.tile(pa, ai, pb, bi, kc, c, ci, ldc);
        }
    }

    private static void copyTile(float[] tile, int rows, int cols, float[] c, int ci, int ldc) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * NR, c, ci + r * ldc, cols);
        }
    }

    /** c += tile on the valid rows x cols; plain float adds, the same in vector and scalar form. */
    private static void addTile(float[] tile, int rows, int cols, float[] c, int ci, int ldc) {
        int vectorCols = cols - cols % V;
        for (int r = 0; r < rows; r++) {
            int t = r * NR;
            int o = ci + r * ldc;
            for (int j = 0; j < vectorCols; j += V) {
                FloatVector.fromArray(S, c, o + j).add(FloatVector.fromArray(S, tile, t + j)).intoArray(c, o + j);
            }
            for (int j = vectorCols; j < cols; j++) {
                c[o + j] += tile[t + j];
            }
        }
    }

    static String shapes(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out) {
        return Shapes.str(a.shape()) + (transA ? "^T" : "") + " x " + Shapes.str(b.shape()) + (transB ? "^T" : "")
                + " -> " + Shapes.str(out.shape());
    }
}
