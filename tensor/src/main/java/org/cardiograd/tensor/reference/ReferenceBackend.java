package org.cardiograd.tensor.reference;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.BinaryOp;
import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.ReduceOp;
import org.cardiograd.tensor.Storage;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.UnaryOp;
import org.cardiograd.tensor.cpu.HostStorage;

/**
 * The test oracle: every op written as the plainest scalar loop over logical indices, accumulating in double.
 * Slow on purpose; never used for training.
 */
public final class ReferenceBackend implements Backend {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String toString() {
        return "reference";
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
        ReferenceElementwise.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, float value) {
        ReferenceElementwise.fill(dst, value);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        ReferenceElementwise.unary(op, x, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        ReferenceElementwise.binary(op, a, b, out);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        ReferenceElementwise.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        ReferenceElementwise.reduce(op, x, out);
    }

    @Override
    public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, Tensor bias,
                       Epilogue epilogue, boolean accumulate) {
        ReferenceMatmul.matmul(a, transA, b, transB, out, bias, epilogue, accumulate);
    }

    @Override
    public void softmax(Tensor x, Tensor out, boolean log) {
        ReferenceNn.softmax(x, out, log);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx, boolean log) {
        ReferenceNn.softmaxBackward(y, dy, dx, log);
    }

    @Override
    public void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        ReferenceNn.layerNorm(x, gamma, beta, eps, out, mean, rstd);
    }

    @Override
    public void layerNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor gamma, Tensor dx,
                                  Tensor dGamma, Tensor dBeta) {
        ReferenceNn.layerNormBackward(dy, x, mean, rstd, gamma, dx, dGamma, dBeta);
    }

    @Override
    public void attention(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale,
                          boolean causal, Tensor out, Tensor lse) {
        ReferenceNn.attention(q, k, v, keyMask, bias, heads, scale, causal, out, lse);
    }

    @Override
    public void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads,
                                  float scale, boolean causal, Tensor out, Tensor lse, Tensor dOut, Tensor dq,
                                  Tensor dk, Tensor dv) {
        ReferenceNn.attentionBackward(q, k, v, keyMask, bias, heads, scale, causal, out, lse, dOut, dq, dk, dv);
    }

    @Override
    public void adamw(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                      float eps, float weightDecay, long step) {
        ReferenceNn.adamw(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
    }

    @Override
    public void gather(Tensor x, Tensor index, Tensor out) {
        ReferenceElementwise.gather(x, index, out);
    }

    @Override
    public void scatterAdd(Tensor out, Tensor index, Tensor src) {
        ReferenceElementwise.scatterAdd(out, index, src);
    }

    @Override
    public void indexSelect(Tensor x, Tensor index, Tensor out) {
        ReferenceElementwise.indexSelect(x, index, out);
    }

    @Override
    public void indexAdd(Tensor out, Tensor index, Tensor src) {
        ReferenceElementwise.indexAdd(out, index, src);
    }

    @Override
    public void topk(Tensor x, int k, boolean largest, Tensor values, Tensor indices) {
        ReferenceElementwise.topk(x, k, largest, values, indices);
    }

    @Override
    public void random(Tensor out, long key, Distribution distribution, float a, float b) {
        ReferenceElementwise.random(out, key, distribution, a, b);
    }
}
