package org.cardiograd.tensor.opencl;

import com.aparapi.Kernel;

/**
 * The device code: ONE Aparapi kernel per device that owns the memory pool and runs every op, chosen by
 * {@link #op}. Aparapi gives each Kernel instance its own OpenCL context, so buffers cannot be shared between
 * kernels; keeping every op in this one kernel keeps every tensor resident in {@link #pool}.
 *
 * <p>Aparapi translates this class's bytecode to OpenCL C, which limits the Java we can write here: no objects,
 * no exceptions, no early returns or breaks (its control-flow reconstruction breaks on them), only the math
 * methods of {@link Kernel}, and float math only (a double anywhere would require fp64 of every device). Each op
 * is one method called from {@link #run()}; scalar fields are the op's arguments, sent with every launch.
 * {@link OpenClLauncher} sets the fields and picks the range; the methods here only compute.
 *
 * <p>Addresses are absolute positions in {@link #pool}: a storage region's base + the tensor's offset.
 */
final class OpenClKernel extends Kernel {

    // ---- op codes -------------------------------------------------------------------------------------
    static final int OP_STAGE_IN = 1;
    static final int OP_STAGE_OUT = 2;
    static final int OP_ELEMENTWISE = 3;
    static final int OP_REDUCE = 4;
    static final int OP_GEMM = 5;
    static final int OP_SOFTMAX = 6;
    static final int OP_SOFTMAX_BACKWARD = 7;
    static final int OP_LAYER_NORM = 8;
    static final int OP_LAYER_NORM_BACKWARD_DX = 9;
    static final int OP_LAYER_NORM_BACKWARD_PARAMS = 10;
    static final int OP_ATTENTION = 11;
    static final int OP_ATTENTION_BACKWARD_Q = 12;
    static final int OP_ATTENTION_BACKWARD_KV = 13;
    static final int OP_ADAMW = 14;
    static final int OP_GATHER = 15;
    static final int OP_SCATTER_ADD = 16;
    static final int OP_TOPK = 17;
    static final int OP_RANDOM = 18;
    static final int OP_CHECK_INDEX = 19;

    // elementwise kinds (field kind) and functions (field fn)
    static final int EW_COPY = 0;
    static final int EW_FILL = 1;
    static final int EW_UNARY = 2;
    static final int EW_BINARY = 3;
    static final int EW_WHERE = 4;

    static final int U_NEG = 0, U_ABS = 1, U_SIGN = 2, U_SQUARE = 3, U_RECIPROCAL = 4, U_EXP = 5, U_LOG = 6,
            U_SQRT = 7, U_RSQRT = 8, U_TANH = 9, U_SIGMOID = 10, U_RELU = 11, U_GELU_TANH = 12, U_GELU_ERF = 13,
            U_GELU_TANH_GRAD = 14, U_GELU_ERF_GRAD = 15, U_STEP = 16;
    static final int B_ADD = 0, B_SUB = 1, B_MUL = 2, B_DIV = 3, B_POW = 4, B_MAX = 5, B_MIN = 6, B_EQ = 7,
            B_NE = 8, B_LT = 9, B_LE = 10, B_GT = 11, B_GE = 12;
    static final int R_SUM = 0, R_MEAN = 1, R_MAX = 2, R_MIN = 3, R_ARGMAX = 4, R_ARGMIN = 5;

    /** The elementwise kernel addresses up to this many (collapsed) dims; the host loops over any more. */
    static final int MAX_RANK = 6;
    /** GEMM work-group edge and k-slice depth: a TILE x TILE work-group computes a BLOCK x BLOCK block. */
    static final int TILE = 16;
    static final int BLOCK = 4 * TILE;
    /** Long float sums add blocks of this many terms (summed apart) to keep the rounding error small. */
    static final int SUM_BLOCK = 32;
    /** Pool cells 0..3 hold a sticky device-side error (errorCode, bad value, bound); see {@link #flagError}. */
    static final int ERROR_CELLS = 4;

    // ---- buffers ----------------------------------------------------------------------------------------
    /** The device memory pool: every tensor of this device is a region of it. Never copied back whole. */
    float[] pool;
    /** Host-visible staging for small transfers; the last {@link #ERROR_CELLS} slots carry the error cells. */
    float[] stageSmall;
    /** Staging for large transfers, same layout. */
    float[] stageLarge;

    /** The GEMM's k-slices, [TILE][BLOCK]: A transposed (m fastest), B as is (n fastest). */
    @Local float[] tileA = new float[TILE * BLOCK];
    @Local float[] tileB = new float[TILE * BLOCK];

    // ---- launch arguments (scalars, sent with every launch) ----------------------------------------------
    int op;
    /** What a bad index is reported as (the launcher's name table, 1-based); set by ops that check indices. */
    int errorCode;
    int kind;
    int fn;
    int count;
    float scalar;
    /** Float constants Aparapi cannot write as literals. */
    float negInf;
    float nan;

    // elementwise layout: sizes and strides of up to MAX_RANK collapsed dims, for out (o) and up to three inputs
    int e0, e1, e2, e3, e4, e5;
    int so0, so1, so2, so3, so4, so5;
    int sa0, sa1, sa2, sa3, sa4, sa5;
    int sb0, sb1, sb2, sb3, sb4, sb5;
    int sc0, sc1, sc2, sc3, sc4, sc5;
    int oBase, aBase, bBase, cBase, dBase, fBase, gBase, hBase, iBase, jBase, kBase;

    // general sizes (meaning per op, documented at each method)
    int dimOuter, dimN, dimInner, dimK, dimBatch, useLarge;
    int strideAb, strideAm, strideAk, strideBb, strideBk, strideBn;
    int flagA, flagB, flagC, chunks, dimChunk;
    float f0, f1, f2, f3, f4, f5, f6;
    long key;

    @Override
    public void run() {
        if (op == OP_STAGE_IN) {
            stageIn();
        }
        if (op == OP_STAGE_OUT) {
            stageOut();
        }
        if (op == OP_ELEMENTWISE) {
            elementwise();
        }
        if (op == OP_REDUCE) {
            reduce();
        }
        if (op == OP_GEMM) {
            gemm();
        }
        if (op == OP_SOFTMAX) {
            softmax();
        }
        if (op == OP_SOFTMAX_BACKWARD) {
            softmaxBackward();
        }
        if (op == OP_LAYER_NORM) {
            layerNorm();
        }
        if (op == OP_LAYER_NORM_BACKWARD_DX) {
            layerNormBackwardDx();
        }
        if (op == OP_LAYER_NORM_BACKWARD_PARAMS) {
            layerNormBackwardParams();
        }
        if (op == OP_ATTENTION) {
            attention();
        }
        if (op == OP_ATTENTION_BACKWARD_Q) {
            attentionBackwardQ();
        }
        if (op == OP_ATTENTION_BACKWARD_KV) {
            attentionBackwardKv();
        }
        if (op == OP_ADAMW) {
            adamw();
        }
        if (op == OP_GATHER) {
            gather();
        }
        if (op == OP_SCATTER_ADD) {
            scatterAdd();
        }
        if (op == OP_TOPK) {
            topk();
        }
        if (op == OP_RANDOM) {
            random();
        }
        if (op == OP_CHECK_INDEX) {
            checkIndex();
        }
    }

    // ---- staging: pool[aBase + i] <-> stage[i]; the error cells ride along at the end of the stage ---------

    private void stageIn() {
        int i = getGlobalId(0);
        if (i < count) {
            if (useLarge == 1) {
                pool[aBase + i] = stageLarge[i];
            } else {
                pool[aBase + i] = stageSmall[i];
            }
        }
    }

    private void stageOut() {
        int i = getGlobalId(0);
        if (i < count) {
            if (useLarge == 1) {
                stageLarge[i] = pool[aBase + i];
            } else {
                stageSmall[i] = pool[aBase + i];
            }
        }
        if (i < ERROR_CELLS) {
            if (useLarge == 1) {
                stageLarge[stageLarge.length - ERROR_CELLS + i] = pool[i];
            } else {
                stageSmall[stageSmall.length - ERROR_CELLS + i] = pool[i];
            }
        }
    }

    /**
     * Records a bad index: kernels cannot throw, so the host checks these cells at its next read (which copies
     * them along) and throws there. Concurrent writers race, but every one of them writes a bad index.
     */
    private void flagError(float value, float bound) {
        if (pool[0] == 0f) { // the first check that fails is reported (a later one is often its consequence)
            pool[0] = errorCode;
            pool[1] = value;
            pool[2] = bound;
        }
    }

    // ---- elementwise: out[i] = f(a[i], b[i], c[i]) over any strided layout ------------------------------

    /** count elements; e0..e5 the collapsed shape (padded with leading 1s); kind and fn select the function. */
    private void elementwise() {
        int lin = getGlobalId(0);
        if (lin < count) {
            int rest = lin;
            int i5 = rest % e5;
            rest = rest / e5;
            int i4 = rest % e4;
            rest = rest / e4;
            int i3 = rest % e3;
            rest = rest / e3;
            int i2 = rest % e2;
            rest = rest / e2;
            int i1 = rest % e1;
            int i0 = rest / e1;
            int po = oBase + i0 * so0 + i1 * so1 + i2 * so2 + i3 * so3 + i4 * so4 + i5 * so5;
            int pa = aBase + i0 * sa0 + i1 * sa1 + i2 * sa2 + i3 * sa3 + i4 * sa4 + i5 * sa5;
            int pb = bBase + i0 * sb0 + i1 * sb1 + i2 * sb2 + i3 * sb3 + i4 * sb4 + i5 * sb5;
            int pc = cBase + i0 * sc0 + i1 * sc1 + i2 * sc2 + i3 * sc3 + i4 * sc4 + i5 * sc5;
            float v = scalar;
            if (kind == EW_COPY) {
                v = pool[pa];
            }
            if (kind == EW_UNARY) {
                v = unaryFn(fn, pool[pa]);
            }
            if (kind == EW_BINARY) {
                v = binaryFn(fn, pool[pa], pool[pb]);
            }
            if (kind == EW_WHERE) {
                v = pool[pa] != 0f ? pool[pb] : pool[pc];
            }
            pool[po] = v;
        }
    }

    private float unaryFn(int f, float x) {
        float r = x;
        if (f == U_NEG) {
            r = -x;
        }
        if (f == U_ABS) {
            r = abs(x);
        }
        if (f == U_SIGN) {
            r = x > 0f ? 1f : (x < 0f ? -1f : x);
        }
        if (f == U_SQUARE) {
            r = x * x;
        }
        if (f == U_RECIPROCAL) {
            r = 1f / x;
        }
        if (f == U_EXP) {
            r = exp(x);
        }
        if (f == U_LOG) {
            r = log(x);
        }
        if (f == U_SQRT) {
            r = sqrt(x);
        }
        if (f == U_RSQRT) {
            r = 1f / sqrt(x);
        }
        if (f == U_TANH) {
            r = saturatingTanh(x);
        }
        if (f == U_SIGMOID) {
            r = sigmoid(x);
        }
        if (f == U_RELU) {
            r = x > 0f ? x : (x != x ? x : 0f);
        }
        if (f == U_GELU_TANH) {
            r = geluTanh(x);
        }
        if (f == U_GELU_ERF) {
            r = geluErf(x);
        }
        if (f == U_GELU_TANH_GRAD) {
            r = geluTanhGrad(x);
        }
        if (f == U_GELU_ERF_GRAD) {
            r = geluErfGrad(x);
        }
        if (f == U_STEP) {
            r = x > 0f ? 1f : (x != x ? x : 0f);
        }
        return r;
    }

    private float binaryFn(int f, float a, float b) {
        float r = 0f;
        if (f == B_ADD) {
            r = a + b;
        }
        if (f == B_SUB) {
            r = a - b;
        }
        if (f == B_MUL) {
            r = a * b;
        }
        if (f == B_DIV) {
            r = a / b;
        }
        if (f == B_POW) {
            r = pow(a, b);
        }
        if (f == B_MAX) {
            r = maxNan(a, b);
        }
        if (f == B_MIN) {
            r = -maxNan(-a, -b);
        }
        if (f == B_EQ) {
            r = a == b ? 1f : 0f;
        }
        if (f == B_NE) {
            r = a != b ? 1f : 0f;
        }
        if (f == B_LT) {
            r = a < b ? 1f : 0f;
        }
        if (f == B_LE) {
            r = a <= b ? 1f : 0f;
        }
        if (f == B_GT) {
            r = a > b ? 1f : 0f;
        }
        if (f == B_GE) {
            r = a >= b ? 1f : 0f;
        }
        return r;
    }

    /** Java's Math.max: NaN if either is NaN, and +0 above -0 (a sum of zeros is -0 only if both are). */
    private float maxNan(float a, float b) {
        float r = a > b ? a : b;
        if (a == b) {
            r = a == 0f ? a + b : a;
        }
        if (a != a || b != b) {
            r = nan;
        }
        return r;
    }

    // ---- the nonlinearities, in float, with ScalarMath's formulas ---------------------------------------

    private float sigmoid(float x) {
        float r = 0f;
        if (x >= 0f) {
            r = 1f / (1f + exp(-x));
        } else {
            float e = exp(x);
            r = e / (1f + e);
        }
        return r;
    }

    /** erf by Abramowitz and Stegun 7.1.26, as {@code ScalarMath.erf}. */
    private float erf(float x) {
        float t = 1f / (1f + 0.3275911f * abs(x));
        float poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f
                + t * 1.061405429f))));
        float y = 1f - poly * exp(-x * x);
        return x >= 0f ? y : -y;
    }

    private float geluErf(float x) {
        return 0.5f * x * (1f + erf(x * 0.70710678f));
    }

    private float geluErfGrad(float x) {
        float cdf = 0.5f * (1f + erf(x * 0.70710678f));
        float pdf = 0.39894228f * exp(-0.5f * x * x);
        return cdf + x * pdf;
    }

    /** tanh that is exactly +-1 beyond |x| = 9 (where float rounds it to 1), as Java's is; PoCL's is not at inf. */
    private float saturatingTanh(float x) {
        float t = tanh(x);
        return x > 9f ? 1f : (x < -9f ? -1f : t);
    }

    private float geluTanh(float x) {
        float inner = 0.7978846f * (x + 0.044715f * x * x * x);
        float onePlusTanh = 1f + saturatingTanh(inner);
        return 0.5f * x * onePlusTanh;
    }

    private float geluTanhGrad(float x) {
        float inner = 0.7978846f * (x + 0.044715f * x * x * x);
        float th = saturatingTanh(inner);
        float dInner = 0.7978846f * (1f + 3f * 0.044715f * x * x);
        return 0.5f * (1f + th) + 0.5f * x * (1f - th * th) * dInner;
    }

    /** The matmul epilogue (fn: 0 none, 1 tanh GELU, 2 erf GELU). */
    private float epilogue(int f, float x) {
        float r = x;
        if (f == 1) {
            r = geluTanh(x);
        }
        if (f == 2) {
            r = geluErf(x);
        }
        return r;
    }

    // ---- reductions: x dense [dimOuter, dimN, dimInner] at aBase -> out dense [dimOuter, chunks, dimInner] -----
    // Each work-item reduces one chunk of dimChunk along the middle axis; with chunks > 1 the host reduces the
    // partial results in a second launch (a long axis is then not one work-item's serial loop). MEAN divides
    // by scalar (the full axis length, also in that second launch).

    private void reduce() {
        int e = getGlobalId(0);
        if (e < count) {
            int i = e % dimInner;
            int c = (e / dimInner) % chunks;
            int o = e / (dimInner * chunks);
            int from = c * dimChunk;
            int to = min(dimN, from + dimChunk);
            int base = aBase + o * dimN * dimInner + i;
            float first = pool[base + from * dimInner];
            float acc = fn == R_SUM || fn == R_MEAN ? 0f : first;
            float sign = fn == R_ARGMIN ? -1f : 1f;
            int arg = fn == R_ARGMAX || fn == R_ARGMIN ? 1 : 0;
            int best = 0;
            int foundNan = 0;
            float part = 0f;
            for (int j = from; j < to; j++) {
                float v = pool[base + j * dimInner];
                if (fn == R_SUM || fn == R_MEAN) {
                    // blocks of SUM_BLOCK summed apart, then added: float error grows with n / 32 + 32, not n
                    part = part + v;
                    if ((j - from) % SUM_BLOCK == SUM_BLOCK - 1) {
                        acc = acc + part;
                        part = 0f;
                    }
                }
                if (fn == R_MAX) {
                    acc = maxNan(acc, v);
                }
                if (fn == R_MIN) {
                    acc = -maxNan(-acc, -v);
                }
                // the first NaN wins; otherwise the first strictly better value
                int isNan = v != v ? 1 : 0;
                int better = sign * v > sign * acc ? 1 : 0;
                if (arg == 1 && foundNan == 0 && (isNan == 1 || better == 1)) {
                    best = j;
                    acc = v;
                    foundNan = isNan;
                }
            }
            if (fn == R_SUM || fn == R_MEAN) {
                acc = acc + part;
            }
            if (fn == R_MEAN) {
                acc = acc / scalar;
            }
            if (fn == R_ARGMAX || fn == R_ARGMIN) {
                acc = best;
            }
            pool[oBase + e] = acc;
        }
    }

    // ---- GEMM: out[z] (+)= A[z] x B[z] + bias, then epilogue --------------------------------------------------
    // A TILE x TILE work-group computes a BLOCK x BLOCK block of out (BLOCK = 4 TILE): each work-item keeps a
    // 4 x 4 register tile of accumulators (rows ly + TILE r, columns lx + TILE c, so stores coalesce), and the
    // group stages a TILE-deep slice of A and B in local memory per step of k.

    /**
     * A(m, k) = pool[aBase + z*strideAb + m*strideAm + k*strideAk] (a transpose flag only swaps the strides),
     * B(k, n) likewise from bBase; out dense [batch, count (= M), dimN] at oBase; dimK the inner size; cBase the
     * bias (-1 for none); fn the epilogue; flagA = accumulate into out.
     */
    private void gemm() {
        int lx = getLocalId(0);
        int ly = getLocalId(1);
        int z = getGlobalId(2);
        int m0 = getGroupId(1) * BLOCK;
        int n0 = getGroupId(0) * BLOCK;
        int l = ly * TILE + lx;
        int aZ = aBase + z * strideAb;
        int bZ = bBase + z * strideBb;
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f, c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        for (int t = 0; t < dimK; t += TILE) {
            for (int q = 0; q < 4; q++) {
                int e = l + q * TILE * TILE;
                // A slice: k fastest across work-items (contiguous for a non-transposed A)
                int am = m0 + e / TILE;
                int ak = t + e % TILE;
                tileA[(e % TILE) * BLOCK + e / TILE] = am < count && ak < dimK
                        ? pool[aZ + am * strideAm + ak * strideAk] : 0f;
                // B slice: n fastest (contiguous for a non-transposed B)
                int bk = t + e / BLOCK;
                int bn = n0 + e % BLOCK;
                tileB[e] = bk < dimK && bn < dimN ? pool[bZ + bk * strideBk + bn * strideBn] : 0f;
            }
            localBarrier();
            // each k-slice is summed on its own, then added: float error grows with K / TILE + TILE, not K
            float p00 = 0f, p01 = 0f, p02 = 0f, p03 = 0f, p10 = 0f, p11 = 0f, p12 = 0f, p13 = 0f;
            float p20 = 0f, p21 = 0f, p22 = 0f, p23 = 0f, p30 = 0f, p31 = 0f, p32 = 0f, p33 = 0f;
            for (int kk = 0; kk < TILE; kk++) {
                float a0 = tileA[kk * BLOCK + ly];
                float a1 = tileA[kk * BLOCK + ly + TILE];
                float a2 = tileA[kk * BLOCK + ly + 2 * TILE];
                float a3 = tileA[kk * BLOCK + ly + 3 * TILE];
                float b0 = tileB[kk * BLOCK + lx];
                float b1 = tileB[kk * BLOCK + lx + TILE];
                float b2 = tileB[kk * BLOCK + lx + 2 * TILE];
                float b3 = tileB[kk * BLOCK + lx + 3 * TILE];
                p00 += a0 * b0; p01 += a0 * b1; p02 += a0 * b2; p03 += a0 * b3;
                p10 += a1 * b0; p11 += a1 * b1; p12 += a1 * b2; p13 += a1 * b3;
                p20 += a2 * b0; p21 += a2 * b1; p22 += a2 * b2; p23 += a2 * b3;
                p30 += a3 * b0; p31 += a3 * b1; p32 += a3 * b2; p33 += a3 * b3;
            }
            c00 += p00; c01 += p01; c02 += p02; c03 += p03; c10 += p10; c11 += p11; c12 += p12; c13 += p13;
            c20 += p20; c21 += p21; c22 += p22; c23 += p23; c30 += p30; c31 += p31; c32 += p32; c33 += p33;
            localBarrier();
        }
        int r0 = m0 + ly;
        int q0 = n0 + lx;
        storeGemm(z, r0, q0, c00); storeGemm(z, r0, q0 + TILE, c01);
        storeGemm(z, r0, q0 + 2 * TILE, c02); storeGemm(z, r0, q0 + 3 * TILE, c03);
        storeGemm(z, r0 + TILE, q0, c10); storeGemm(z, r0 + TILE, q0 + TILE, c11);
        storeGemm(z, r0 + TILE, q0 + 2 * TILE, c12); storeGemm(z, r0 + TILE, q0 + 3 * TILE, c13);
        storeGemm(z, r0 + 2 * TILE, q0, c20); storeGemm(z, r0 + 2 * TILE, q0 + TILE, c21);
        storeGemm(z, r0 + 2 * TILE, q0 + 2 * TILE, c22); storeGemm(z, r0 + 2 * TILE, q0 + 3 * TILE, c23);
        storeGemm(z, r0 + 3 * TILE, q0, c30); storeGemm(z, r0 + 3 * TILE, q0 + TILE, c31);
        storeGemm(z, r0 + 3 * TILE, q0 + 2 * TILE, c32); storeGemm(z, r0 + 3 * TILE, q0 + 3 * TILE, c33);
    }

    /** out[z, m, n] = epilogue((out if accumulating) + acc + bias[n]), when (m, n) is inside the output. */
    private void storeGemm(int z, int m, int n, float acc) {
        if (m < count && n < dimN) {
            int po = oBase + (z * count + m) * dimN + n;
            float v = acc;
            if (flagA == 1) {
                v = v + pool[po];
            }
            if (cBase >= 0) {
                v = v + pool[cBase + n];
            }
            pool[po] = epilogue(fn, v);
        }
    }

    // ---- row kernels: one work-item per row of dense [count, dimN] ----------------------------------------
    // (Serial over the row, no local barriers: PoCL's compile time explodes with barriers under the op
    // dispatch's branches, so only the GEMM, where local memory pays most, uses them.)

    /** x at aBase, out at oBase; flagA = log-softmax. */
    private void softmax() {
        int row = getGlobalId(0);
        if (row < count) {
            int xr = aBase + row * dimN;
            int or = oBase + row * dimN;
            float mx = negInf;
            for (int j = 0; j < dimN; j++) {
                mx = maxNan(mx, pool[xr + j]);
            }
            float s = 0f;
            for (int j = 0; j < dimN; j++) {
                s = s + exp(pool[xr + j] - mx);
            }
            float logSum = log(s);
            for (int j = 0; j < dimN; j++) {
                float x = pool[xr + j];
                pool[or + j] = flagA == 1 ? x - mx - logSum : exp(x - mx) / s;
            }
        }
    }

    /** y at aBase, dy at bBase, dx at oBase; flagA = log-softmax. */
    private void softmaxBackward() {
        int row = getGlobalId(0);
        if (row < count) {
            int off = row * dimN;
            float dot = 0f;
            for (int j = 0; j < dimN; j++) {
                float g = pool[bBase + off + j];
                dot = dot + (flagA == 1 ? g : g * pool[aBase + off + j]);
            }
            for (int j = 0; j < dimN; j++) {
                float y = pool[aBase + off + j];
                float g = pool[bBase + off + j];
                pool[oBase + off + j] = flagA == 1 ? g - exp(y) * dot : y * (g - dot);
            }
        }
    }

    /** x aBase, gamma bBase (-1 none), beta cBase (-1 none), out oBase, mean dBase, rstd fBase; eps scalar. */
    private void layerNorm() {
        int row = getGlobalId(0);
        if (row < count) {
            int xr = aBase + row * dimN;
            float s = 0f;
            for (int j = 0; j < dimN; j++) {
                s = s + pool[xr + j];
            }
            float mu = s / dimN;
            float sq = 0f;
            for (int j = 0; j < dimN; j++) {
                float c = pool[xr + j] - mu;
                sq = sq + c * c;
            }
            float rs = 1f / sqrt(sq / dimN + scalar);
            for (int j = 0; j < dimN; j++) {
                float y = (pool[xr + j] - mu) * rs;
                if (bBase >= 0) {
                    y = y * pool[bBase + j];
                }
                if (cBase >= 0) {
                    y = y + pool[cBase + j];
                }
                pool[oBase + row * dimN + j] = y;
            }
            pool[dBase + row] = mu;
            pool[fBase + row] = rs;
        }
    }

    /** dy aBase, x bBase, mean cBase, rstd dBase, gamma fBase (-1 none), dx oBase. */
    private void layerNormBackwardDx() {
        int row = getGlobalId(0);
        if (row < count) {
            int off = row * dimN;
            float mu = pool[cBase + row];
            float rs = pool[dBase + row];
            float sumG = 0f;
            float sumGx = 0f;
            for (int j = 0; j < dimN; j++) {
                float xhat = (pool[bBase + off + j] - mu) * rs;
                float g = pool[aBase + off + j] * (fBase >= 0 ? pool[fBase + j] : 1f);
                sumG = sumG + g;
                sumGx = sumGx + g * xhat;
            }
            float meanG = sumG / dimN;
            float meanGx = sumGx / dimN;
            for (int j = 0; j < dimN; j++) {
                float xhat = (pool[bBase + off + j] - mu) * rs;
                float g = pool[aBase + off + j] * (fBase >= 0 ? pool[fBase + j] : 1f);
                pool[oBase + off + j] = rs * (g - meanG - xhat * meanGx);
            }
        }
    }

    /** One item per column j < dimN over count rows: dGamma at gBase (-1 skip), dBeta at hBase (-1 skip). */
    private void layerNormBackwardParams() {
        int j = getGlobalId(0);
        if (j < dimN) {
            float gs = 0f;
            float bs = 0f;
            float gPart = 0f;
            float bPart = 0f;
            for (int row = 0; row < count; row++) {
                float dy = pool[aBase + row * dimN + j];
                float xhat = (pool[bBase + row * dimN + j] - pool[cBase + row]) * pool[dBase + row];
                gPart = gPart + dy * xhat;
                bPart = bPart + dy;
                if (row % SUM_BLOCK == SUM_BLOCK - 1) {
                    gs = gs + gPart;
                    bs = bs + bPart;
                    gPart = 0f;
                    bPart = 0f;
                }
            }
            gs = gs + gPart;
            bs = bs + bPart;
            if (gBase >= 0) {
                pool[gBase + j] = gs;
            }
            if (hBase >= 0) {
                pool[hBase + j] = bs;
            }
        }
    }

    // ---- attention: one work-item per query row (forward, dQ) or key row (dK, dV) -------------------------
    // q aBase [dimBatch, count(Tq), dimK(D)], k bBase and v cBase [dimBatch, dimN(Tk), D], mask dBase [B, Tk]
    // (-1 none), bias fBase [Tq, Tk] (-1 none), flagA heads, flagB causal, f0 scale.

    /** The scaled, masked score of query i against key j of head row z, or -inf when masked. */
    private float score(int z, int i, int j) {
        float s = negInf;
        int open = 1;
        if (flagB == 1 && j > i) {
            open = 0;
        }
        if (dBase >= 0) {
            if (pool[dBase + (z / flagA) * dimN + j] == 0f) {
                open = 0;
            }
        }
        if (open == 1) {
            int qr = aBase + (z * count + i) * dimK;
            int kr = bBase + (z * dimN + j) * dimK;
            float dot = 0f;
            for (int c = 0; c < dimK; c++) {
                dot = dot + pool[qr + c] * pool[kr + c];
            }
            s = f0 * dot;
            if (fBase >= 0) {
                s = s + pool[fBase + i * dimN + j];
            }
        }
        return s;
    }

    /** Online softmax over the keys, accumulating straight into the out row; out oBase, lse gBase. */
    private void attention() {
        int r = getGlobalId(0);
        if (r < dimBatch * count) {
            int z = r / count;
            int i = r % count;
            int orow = oBase + r * dimK;
            for (int c = 0; c < dimK; c++) {
                pool[orow + c] = 0f;
            }
            float mx = negInf;
            float sum = 0f;
            for (int j = 0; j < dimN; j++) {
                float s = score(z, i, j);
                if (s != negInf) {
                    int vr = cBase + (z * dimN + j) * dimK;
                    if (s > mx) {
                        float corr = exp(mx - s);
                        sum = sum * corr + 1f;
                        for (int c = 0; c < dimK; c++) {
                            pool[orow + c] = pool[orow + c] * corr + pool[vr + c];
                        }
                        mx = s;
                    } else {
                        float p = exp(s - mx);
                        sum = sum + p;
                        for (int c = 0; c < dimK; c++) {
                            pool[orow + c] = pool[orow + c] + p * pool[vr + c];
                        }
                    }
                }
            }
            if (mx == negInf) {
                pool[gBase + r] = negInf;
            } else {
                for (int c = 0; c < dimK; c++) {
                    pool[orow + c] = pool[orow + c] / sum;
                }
                pool[gBase + r] = mx + log(sum);
            }
        }
    }

    /** dOut_i . out_i, the row term of the softmax backward. out oBase, dOut hBase. */
    private float rowDot(int r) {
        float d = 0f;
        for (int c = 0; c < dimK; c++) {
            d = d + pool[hBase + r * dimK + c] * pool[oBase + r * dimK + c];
        }
        return d;
    }

    /** dS_ij = P_ij (dOut_i . v_j - D_i) with P recomputed from the saved lse (gBase); 0 when masked. */
    private float scoreGrad(int z, int i, int j, float p) {
        int r = z * count + i;
        float dp = 0f;
        for (int c = 0; c < dimK; c++) {
            dp = dp + pool[hBase + r * dimK + c] * pool[cBase + (z * dimN + j) * dimK + c];
        }
        return p * (dp - rowDot(r));
    }

    private float probability(int z, int i, int j) {
        float lse = pool[gBase + z * count + i];
        float s = score(z, i, j);
        return s == negInf || lse == negInf ? 0f : exp(s - lse);
    }

    /** dq (iBase) row r = scale sum_j dS_ij k_j. */
    private void attentionBackwardQ() {
        int r = getGlobalId(0);
        if (r < dimBatch * count) {
            int z = r / count;
            int i = r % count;
            int dqr = iBase + r * dimK;
            for (int c = 0; c < dimK; c++) {
                pool[dqr + c] = 0f;
            }
            for (int j = 0; j < dimN; j++) {
                float p = probability(z, i, j);
                if (p != 0f) {
                    float ds = f0 * scoreGrad(z, i, j, p);
                    int kr = bBase + (z * dimN + j) * dimK;
                    for (int c = 0; c < dimK; c++) {
                        pool[dqr + c] = pool[dqr + c] + ds * pool[kr + c];
                    }
                }
            }
        }
    }

    /** dk (jBase) and dv (kBase) row r: dv_j = sum_i P_ij dOut_i; dk_j = scale sum_i dS_ij q_i. */
    private void attentionBackwardKv() {
        int r = getGlobalId(0);
        if (r < dimBatch * dimN) {
            int z = r / dimN;
            int j = r % dimN;
            int dkr = jBase + r * dimK;
            int dvr = kBase + r * dimK;
            for (int c = 0; c < dimK; c++) {
                pool[dkr + c] = 0f;
                pool[dvr + c] = 0f;
            }
            for (int i = 0; i < count; i++) {
                float p = probability(z, i, j);
                if (p != 0f) {
                    float ds = f0 * scoreGrad(z, i, j, p);
                    int qi = z * count + i;
                    for (int c = 0; c < dimK; c++) {
                        pool[dvr + c] = pool[dvr + c] + p * pool[hBase + qi * dimK + c];
                        pool[dkr + c] = pool[dkr + c] + ds * pool[aBase + qi * dimK + c];
                    }
                }
            }
        }
    }

    // ---- AdamW: param oBase, grad aBase, m bBase, v cBase; f0 lr, f1 beta1, f2 beta2, f3 eps, f4 wd,
    //      f5 = 1 - beta1^t, f6 = 1 - beta2^t ---------------------------------------------------------------

    private void adamw() {
        int i = getGlobalId(0);
        if (i < count) {
            float p = pool[oBase + i];
            float g = pool[aBase + i];
            float m = f1 * pool[bBase + i] + (1f - f1) * g;
            float v = f2 * pool[cBase + i] + (1f - f2) * g * g;
            float update = (m / f5) / (sqrt(v / f6) + f3) + f4 * p;
            pool[bBase + i] = m;
            pool[cBase + i] = v;
            pool[oBase + i] = p - f0 * update;
        }
    }

    // ---- indexing: dense [dimOuter, nx, dimInner] sources, index values stored as floats ----------------
    // flagA: 1 = one index per (o, j, i) (gather / scatterAdd), 0 = one index per j (indexSelect / indexAdd)

    /** out oBase [dimOuter, dimN(ni), dimInner] = x aBase [dimOuter, dimK(nx), dimInner] at index bBase. */
    private void gather() {
        int e = getGlobalId(0);
        if (e < count) {
            int i = e % dimInner;
            int j = (e / dimInner) % dimN;
            int o = e / (dimInner * dimN);
            float fk = flagA == 1 ? pool[bBase + e] : pool[bBase + j];
            int k = (int) fk;
            if (fk >= 0f && fk < dimK && k == fk) {
                pool[oBase + e] = pool[aBase + (o * dimK + k) * dimInner + i];
            } else {
                flagError(fk, dimK);
                pool[oBase + e] = nan;
            }
        }
    }

    /** Flags the first bad value it meets among the count values at aBase: each must be an integer in [0, dimK). */
    private void checkIndex() {
        int e = getGlobalId(0);
        if (e < count) {
            float fk = pool[aBase + e];
            int k = (int) fk;
            if (!(fk >= 0f && fk < dimK && k == fk)) {
                flagError(fk, dimK);
            }
        }
    }

    /**
     * out oBase [dimOuter, dimK(nx), dimInner] += src aBase [dimOuter, dimN(ni), dimInner] scattered by index
     * bBase. One item per OUTPUT element loops over the sources in index order: deterministic, no atomics.
     */
    private void scatterAdd() {
        int e = getGlobalId(0);
        if (e < count) {
            int i = e % dimInner;
            int k = (e / dimInner) % dimK;
            int o = e / (dimInner * dimK);
            float acc = 0f;
            int touched = 0;
            for (int j = 0; j < dimN; j++) {
                int se = (o * dimN + j) * dimInner + i;
                float fk = flagA == 1 ? pool[bBase + se] : pool[bBase + j];
                if (fk == k) {
                    acc = acc + pool[aBase + se];
                    touched = 1;
                }
            }
            if (touched == 1) {
                pool[oBase + e] = pool[oBase + e] + acc;
            }
        }
    }

    /**
     * Top-k of each row of x aBase [count, dimN]: values oBase, indices bBase, both [count, dimK]. The j-th pick
     * is the first element after the (j-1)-th in the order (value descending for largest, NaN above all, then
     * lower index first).
     */
    private void topk() {
        int row = getGlobalId(0);
        if (row < count) {
            int xr = aBase + row * dimN;
            float prevV = 0f;
            int prevI = -1;
            for (int t = 0; t < dimK; t++) {
                int best = -1;
                float bestV = 0f;
                for (int j = 0; j < dimN; j++) {
                    float v = pool[xr + j];
                    if (prevI < 0 || ranksBefore(prevV, prevI, v, j) == 1) {
                        if (best < 0 || ranksBefore(v, j, bestV, best) == 1) {
                            best = j;
                            bestV = v;
                        }
                    }
                }
                pool[oBase + row * dimK + t] = bestV;
                pool[bBase + row * dimK + t] = best;
                prevV = bestV;
                prevI = best;
            }
        }
    }

    /** 1 when (va, ia) comes before (vb, ib) in top-k order; flagA = largest. */
    private int ranksBefore(float va, int ia, float vb, int ib) {
        float ka = flagA == 1 ? va : -va;
        float kb = flagA == 1 ? vb : -vb;
        int aNan = va != va ? 1 : 0;
        int bNan = vb != vb ? 1 : 0;
        int r = 0;
        if (aNan == 1 && bNan == 1) {
            r = ia < ib ? 1 : 0;
        }
        if (aNan != bNan) {
            // NaN is the largest value: first when largest, last when smallest
            r = (aNan == 1) == (flagA == 1) ? 1 : 0;
        }
        if (aNan == 0 && bNan == 0) {
            r = ka > kb || (ka == kb && ia < ib) ? 1 : 0;
        }
        return r;
    }

    // ---- random: element i of dense out oBase is a pure function of (key, i), as Rng.bits -------------

    private long mix(long z0) {
        long z = (z0 ^ (z0 >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** fn 0 uniform on [f0, f1); fn 1 normal with mean f0, std f1 (Box-Muller in float). */
    private void random() {
        int i = getGlobalId(0);
        if (i < count) {
            long b = mix(key ^ mix(i + 0x632BE59BD9B4E019L));
            float v = 0f;
            if (fn == 0) {
                // two statements: OpenCL C may fuse a*b+c within one expression into an fma, Java never does
                float scaled = (f1 - f0) * ((b >>> 40) * 5.9604645E-8f);
                v = f0 + scaled;
            } else {
                float u1 = ((b >>> 40) + 1) * 5.9604645E-8f;
                float u2 = ((b >>> 16) & 0xFFFFFFL) * 5.9604645E-8f;
                float scaled = sqrt(-2f * log(u1)) * cos(6.2831855f * u2) * f1;
                v = scaled + f0;
            }
            pool[oBase + i] = v;
        }
    }
}
