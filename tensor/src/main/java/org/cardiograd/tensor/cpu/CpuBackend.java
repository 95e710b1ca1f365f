package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.BinaryOp;
import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.ReduceOp;
import org.cardiograd.tensor.Storage;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.UnaryOp;

/**
 * The fast CPU backend: SIMD kernels on the JDK Vector API, parallel over one shared pool. Each group of
 * kernels lives in its own class; this class only routes.
 */
public final class CpuBackend implements Backend {
    private final Parallel parallel;
    private final CpuElementwise elementwise;
    private final CpuReduce reduce;
    private final CpuIndexing indexing;
    private final Gemm gemm;
    private final CpuSoftmax softmax;
    private final CpuLayerNorm layerNorm;
    private final CpuAttention attention;

    public CpuBackend(int threads) {
        this.parallel = new Parallel(threads);
        this.elementwise = new CpuElementwise(parallel);
        this.reduce = new CpuReduce(parallel);
        this.indexing = new CpuIndexing(parallel);
        this.gemm = new Gemm(parallel);
        this.softmax = new CpuSoftmax(parallel);
        this.layerNorm = new CpuLayerNorm(parallel);
        this.attention = new CpuAttention(parallel);
    }

    public int threads() {
        return parallel.threads();
    }

    /** Floats per vector of the preferred species: 16 with AVX-512, 8 with AVX2, 4 with NEON. */
    public static int simdWidth() {
        return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String toString() {
        return "cpu(threads=" + threads() + ", simd=" + simdWidth() * 32 + " bit)";
    }

    @Override
    public Storage allocate(long length) {
        return new HostStorage(this, new float[Math.toIntExact(length)]);
    }

    @Override
    public void write(Storage dst, long offset, float[] src, int srcOffset, int length) {
        System.arraycopy(src, srcOffset, ((HostStorage) dst).data, Math.toIntExact(offset), length);
    }

    @Override
    public void read(Storage src, long offset, float[] dst, int dstOffset, int length) {
        System.arraycopy(((HostStorage) src).data, Math.toIntExact(offset), dst, dstOffset, length);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        elementwise.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, float value) {
        elementwise.fill(dst, value);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        elementwise.unary(op, x, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        elementwise.binary(op, a, b, out);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        elementwise.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        reduce.reduce(op, x, out);
    }

    @Override
    public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, Tensor bias,
                       Epilogue epilogue, boolean accumulate) {
        gemm.matmul(a, transA, b, transB, out, bias, epilogue, accumulate);
    }

    @Override
    public void softmax(Tensor x, Tensor out, boolean log) {
        softmax.forward(x, out, log);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx, boolean log) {
        softmax.backward(y, dy, dx, log);
    }

    @Override
    public void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        layerNorm.forward(x, gamma, beta, eps, out, mean, rstd);
    }

    @Override
    public void layerNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor gamma, Tensor dx,
                                  Tensor dGamma, Tensor dBeta) {
        layerNorm.backward(dy, x, mean, rstd, gamma, dx, dGamma, dBeta);
    }

    @Override
    public void attention(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale,
                          boolean causal, Tensor out, Tensor lse) {
        attention.forward(q, k, v, keyMask, bias, heads, scale, causal, out, lse);
    }

    @Override
    public void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads,
                                  float scale, boolean causal, Tensor out, Tensor lse, Tensor dOut, Tensor dq,
                                  Tensor dk, Tensor dv) {
        attention.backward(q, k, v, keyMask, bias, heads, scale, causal, out, lse, dOut, dq, dk, dv);
    }

    @Override
    public void adamw(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                      float eps, float weightDecay, long step) {
        CpuAdamW.step(parallel, param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
    }

    @Override
    public void gather(Tensor x, Tensor index, Tensor out) {
        indexing.gather(x, index, out);
    }

    @Override
    public void scatterAdd(Tensor out, Tensor index, Tensor src) {
        indexing.scatterAdd(out, index, src);
    }

    @Override
    public void indexSelect(Tensor x, Tensor index, Tensor out) {
        indexing.indexSelect(x, index, out);
    }

    @Override
    public void indexAdd(Tensor out, Tensor index, Tensor src) {
        indexing.indexAdd(out, index, src);
    }

    @Override
    public void topk(Tensor x, int k, boolean largest, Tensor values, Tensor indices) {
        indexing.topk(x, k, largest, values, indices);
    }

    @Override
    public void random(Tensor out, long key, Distribution distribution, float a, float b) {
        CpuRandom.fill(parallel, out, key, distribution, a, b);
    }
}
