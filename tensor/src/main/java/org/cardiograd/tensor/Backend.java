package org.cardiograd.tensor;

/**
 * The seam where a device plugs in. {@link Tensor} validates shapes and strides, reshapes every op into one of
 * the simple forms below, and calls the backend of its storage; a backend only has to run kernels.
 *
 * <p>Conventions. "Any layout" means the tensor may be an arbitrary strided view (including stride 0 for
 * broadcast dims). "Dense" means {@link Tensor#isContiguous()}. Outputs are preallocated by the caller;
 * unless stated otherwise an output may alias an input of the same layout (in-place ops rely on this).
 * Index tensors hold integer values as floats (exact below 2^24). gather and indexSelect reject a value that
 * is not an integer in range with an IllegalArgumentException naming the op (the front end checks the
 * in-place scatters with {@link #checkIndices} before they write).
 */
public interface Backend {

    String name();

    // ---- memory -------------------------------------------------------------------------------------

    /** A new zero-filled storage of {@code length} floats. */
    Storage allocate(long length);

    /** Copies {@code length} floats from the host into storage at {@code offset}. */
    void write(Storage dst, long offset, float[] src, int srcOffset, int length);

    /** Copies {@code length} floats from storage at {@code offset} to the host: the only way data leaves. */
    void read(Storage src, long offset, float[] dst, int dstOffset, int length);

    // ---- elementwise --------------------------------------------------------------------------------

    /** dst = src, both any layout, same shape. */
    void copy(Tensor src, Tensor dst);

    /** dst = value, dst any layout. */
    void fill(Tensor dst, float value);

    /** out = op(x); x and out any layout, same shape. */
    void unary(UnaryOp op, Tensor x, Tensor out);

    /** out = op(a, b); a and b any layout and already expanded to out's shape; out any layout. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** out = cond != 0 ? a : b; all expanded to out's shape, any layout. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    // ---- reductions ---------------------------------------------------------------------------------

    /** x dense [outer, n, inner], out dense [outer, inner]: reduces the middle axis. */
    void reduce(ReduceOp op, Tensor x, Tensor out);

    // ---- fused kernels ------------------------------------------------------------------------------

    /**
     * Batched GEMM: out[i] (+)= op(a[i]) x op(b[i]) + bias, then the epilogue.
     * a is [batch, M, K] (or [batch, K, M] when transA), b is [batch, K, N] (or [batch, N, K] when transB):
     * rank 3, unit stride in the last dim, any row stride and any batch stride (0 broadcasts one matrix).
     * out is dense [batch, M, N] and must not alias a or b. bias is null or dense [N].
     * With accumulate the product is added to out (bias and epilogue must then be absent).
     */
    void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, Tensor bias, Epilogue epilogue,
                boolean accumulate);

    /** Softmax (or log-softmax) of each row: x, out dense [rows, n]. */
    void softmax(Tensor x, Tensor out, boolean log);

    /**
     * Backward of {@link #softmax}: given y = softmax(x) (or log-softmax) and dy, writes dx. Dense [rows, n].
     */
    void softmaxBackward(Tensor y, Tensor dy, Tensor dx, boolean log);

    /**
     * Layer norm of each row of dense x [rows, n]: out = (x - mean) * rstd * gamma + beta.
     * gamma and beta are null or dense [n]; mean and rstd dense [rows] receive the statistics backward needs.
     */
    void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd);

    /**
     * Fused layer-norm backward. Writes dx [rows, n]; when gamma is non-null, writes dGamma and dBeta [n]
     * (either may be null to skip it). All dense.
     */
    void layerNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor gamma,
                           Tensor dx, Tensor dGamma, Tensor dBeta);

    /**
     * Fused scaled-dot-product attention, flash-style: never materializes the [Tq, Tk] score matrix.
     * q dense [B*H, Tq, D]; k, v dense [B*H, Tk, D]; out dense [B*H, Tq, D]; lse dense [B*H, Tq] receives
     * the log-sum-exp of each row's scaled, masked scores (the only thing backward needs besides out).
     * keyMask is null or dense [B, Tk] with 1 = attend, 0 = padding ({@code heads} maps row b*H+h to b).
     * bias is null or dense [Tq, Tk], added to the scores. causal masks key j &gt; query i.
     * A row with every key masked gives out = 0 and lse = -inf.
     */
    void attention(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale,
                   boolean causal, Tensor out, Tensor lse);

    /** Backward of {@link #attention}: writes dq, dk, dv (dense, same shapes as q, k, v). */
    void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale,
                           boolean causal, Tensor out, Tensor lse, Tensor dOut, Tensor dq, Tensor dk, Tensor dv);

    /**
     * One fused AdamW step, in place on dense param, m, v of the same shape (grad dense too):
     * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr (m/(1-b1^t) / (sqrt(v/(1-b2^t)) + eps) + wd p).
     */
    void adamw(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
               float weightDecay, long step);

    // ---- indexing -----------------------------------------------------------------------------------

    /** x dense [outer, nx, inner]; index dense [outer, ni, inner]; out[o,j,i] = x[o, index[o,j,i], i]. */
    void gather(Tensor x, Tensor index, Tensor out);

    /** Backward of gather: out[o, index[o,j,i], i] += src[o,j,i]. out dense [outer, nx, inner]. */
    void scatterAdd(Tensor out, Tensor index, Tensor src);

    /** x dense [outer, nx, inner]; index dense [ni]; out[o,j,i] = x[o, index[j], i]. */
    void indexSelect(Tensor x, Tensor index, Tensor out);

    /** Backward of indexSelect: out[o, index[j], i] += src[o,j,i]. */
    void indexAdd(Tensor out, Tensor index, Tensor src);

    /**
     * Checks that every value of index (any layout) is an integer in [0, bound), else throws an
     * IllegalArgumentException that starts with {@code what}. This default reads the values on the host and
     * checks them now, before the caller writes anything. A device backend, where that read would be a host round
     * trip in the middle of a training step, may instead check on the device and throw at its next host read.
     */
    default void checkIndices(Tensor index, int bound, String what) {
        float[] v = index.toArray();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0f && v[i] < bound) || v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException(what + " element " + i + " is " + v[i]
                        + ", expected an integer in [0, " + bound + ")");
            }
        }
    }

    /**
     * The k largest (or smallest) entries of each row of dense x [rows, n], sorted, ties broken by lower index
     * first. values and indices dense [rows, k].
     */
    void topk(Tensor x, int k, boolean largest, Tensor values, Tensor indices);

    // ---- random -------------------------------------------------------------------------------------

    /**
     * Fills dense out from a counter-based generator: element i is a pure function of (key, i), so the numbers
     * depend neither on the backend's thread count nor on the device.
     */
    void random(Tensor out, long key, Distribution distribution, float a, float b);
}
