package org.cardiograd.tensor.opencl;

import java.lang.ref.Reference;

import com.aparapi.device.OpenCLDevice;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.BinaryOp;
import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.ReduceOp;
import org.cardiograd.tensor.Shapes;
import org.cardiograd.tensor.Storage;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.UnaryOp;

/**
 * The OpenCL backend (Aparapi): every tensor lives in one device-resident pool owned by the device's single
 * kernel ({@link OpenClKernel}); ops are launches of that kernel, so a chain of ops never touches the host.
 * Data crosses only in {@link #write} and {@link #read} (counted, see {@link #reads()} and {@link #writes()}).
 *
 * <p>Pick it with {@code Backends.byName("opencl")} or {@code "opencl:N"}; the pool size is
 * {@code -Dcardiograd.opencl.poolMiB} (default 512, capped by the device's largest allocation). Unreachable
 * tensors give their memory back through a Cleaner; when the pool is full an allocation first asks the JVM to
 * collect garbage tensors, then fails with the requested and free sizes.
 */
public final class OpenClBackend implements Backend {
    private final int index;
    private final OpenClLauncher launcher;
    private final OpenClPool pool;
    private final OpenClOps ops;

    OpenClBackend(OpenCLDevice device, int index) {
        this.index = index;
        long mib = Long.getLong("cardiograd.opencl.poolMiB", 512);
        long floats = Math.min(mib << 18, Math.min(device.getMaxMemAllocSize() / 4, Integer.MAX_VALUE - 64));
        this.launcher = new OpenClLauncher(device, (int) floats);
        this.pool = new OpenClPool(floats, OpenClKernel.ERROR_CELLS);
        this.ops = new OpenClOps(launcher);
    }

    @Override
    public String name() {
        return index == 0 ? "opencl" : "opencl:" + index;
    }

    @Override
    public String toString() {
        return name() + "(" + launcher.device().getName().trim() + ")";
    }

    /** Host-device transfers so far in both directions: {@link #reads()} + {@link #writes()}. */
    public long transfers() {
        return launcher.reads() + launcher.writes();
    }

    /**
     * Device-to-host transfers so far (each staging get is one: item(), toArray(), a chunk of a large read). A
     * chain of ops adds none; a read in the middle of a training step stalls the device queue.
     */
    public long reads() {
        return launcher.reads();
    }

    /** Host-to-device transfers so far (each staging put is one: fromArray, to(device), a chunk of them). */
    public long writes() {
        return launcher.writes();
    }

    /** Floats moved between host and device so far. */
    public long transferredFloats() {
        return launcher.transferredFloats();
    }

    /** Floats of the pool not held by any live storage. */
    public long freeFloats() {
        return pool.freeFloats();
    }

    /** Gives a tensor's device memory back now instead of when it becomes unreachable; it must not be used again. */
    public void release(Tensor t) {
        storage(t).release();
    }

    /** Absolute pool position of a tensor's element 0. */
    static long position(Tensor t) {
        return storage(t).base + t.offset();
    }

    private static OpenClStorage storage(Tensor t) {
        Storage s = t.storage();
        if (!(s instanceof OpenClStorage)) {
            throw new IllegalArgumentException("OpenCL op got a tensor of backend " + s.backend().name()
                    + "; move it first with tensor.to(backend)");
        }
        return (OpenClStorage) s;
    }

    // ---- memory ---------------------------------------------------------------------------------------

    @Override
    public Storage allocate(long length) {
        OpenClStorage s = allocateCollectingGarbage(length);
        OpenClElementwise.fillRange(launcher, s.base, Math.toIntExact(length), 0f);
        return s;
    }

    /**
     * Tensors that became unreachable free their region only after a GC: a nearly full pool does not make the
     * Java heap full, so on exhaustion ask for a collection and give the Cleaner a moment before failing.
     */
    private OpenClStorage allocateCollectingGarbage(long length) {
        IllegalStateException failure = null;
        // beyond the whole pool no collection can help: fail at once
        int attempts = length > pool.capacity() ? 1 : 3;
        for (int attempt = 0; attempt < attempts; attempt++) {
            try {
                return new OpenClStorage(this, pool, length);
            } catch (IllegalStateException e) {
                failure = e;
                if (attempt == attempts - 1) {
                    break;
                }
                System.gc();
                try {
                    Thread.sleep(50L << (2 * attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw failure;
    }

    @Override
    public void write(Storage dst, long offset, float[] src, int srcOffset, int length) {
        launcher.write(Math.toIntExact(((OpenClStorage) dst).base + offset), src, srcOffset, length);
        // the caller may hold only this storage: keep its region from the Cleaner until the data is in
        Reference.reachabilityFence(dst);
    }

    @Override
    public void read(Storage src, long offset, float[] dst, int dstOffset, int length) {
        launcher.read(Math.toIntExact(((OpenClStorage) src).base + offset), dst, dstOffset, length);
        Reference.reachabilityFence(src);
    }

    // ---- elementwise --------------------------------------------------------------------------------

    @Override
    public void copy(Tensor src, Tensor dst) {
        OpenClElementwise.run(launcher, OpenClKernel.EW_COPY, 0, 0f, dst, src);
    }

    @Override
    public void fill(Tensor dst, float value) {
        OpenClElementwise.run(launcher, OpenClKernel.EW_FILL, 0, value, dst);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        OpenClElementwise.run(launcher, OpenClKernel.EW_UNARY, op.ordinal(), 0f, out, x);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        OpenClElementwise.run(launcher, OpenClKernel.EW_BINARY, op.ordinal(), 0f, out, a, b);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        OpenClElementwise.run(launcher, OpenClKernel.EW_WHERE, 0, 0f, out, cond, a, b);
    }

    // ---- reductions and fused kernels -------------------------------------------------------------------

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        ops.reduce(op, x, out);
    }

    @Override
    public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, Tensor bias,
                       Epilogue epilogue, boolean accumulate) {
        ops.matmul(a, transA, b, transB, out, bias, epilogue, accumulate);
    }

    @Override
    public void softmax(Tensor x, Tensor out, boolean log) {
        ops.softmax(x, out, log);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx, boolean log) {
        ops.softmaxBackward(y, dy, dx, log);
    }

    @Override
    public void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        ops.layerNorm(x, gamma, beta, eps, out, mean, rstd);
    }

    @Override
    public void layerNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor gamma, Tensor dx,
                                  Tensor dGamma, Tensor dBeta) {
        ops.layerNormBackward(dy, x, mean, rstd, gamma, dx, dGamma, dBeta);
    }

    @Override
    public void attention(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale,
                          boolean causal, Tensor out, Tensor lse) {
        ops.attention(q, k, v, keyMask, bias, heads, scale, causal, out, lse);
    }

    @Override
    public void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor keyMask, Tensor bias, int heads,
                                  float scale, boolean causal, Tensor out, Tensor lse, Tensor dOut, Tensor dq,
                                  Tensor dk, Tensor dv) {
        ops.attentionBackward(q, k, v, keyMask, bias, heads, scale, causal, out, lse, dOut, dq, dk, dv);
    }

    @Override
    public void adamw(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                      float eps, float weightDecay, long step) {
        ops.adamw(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
    }

    // ---- indexing and random -------------------------------------------------------------------------

    @Override
    public void gather(Tensor x, Tensor index, Tensor out) {
        ops.gather(x, index, out, true);
    }

    @Override
    public void scatterAdd(Tensor out, Tensor index, Tensor src) {
        ops.scatterAdd(out, index, src, true);
    }

    @Override
    public void indexSelect(Tensor x, Tensor index, Tensor out) {
        ops.gather(x, index, out, false);
    }

    @Override
    public void indexAdd(Tensor out, Tensor index, Tensor src) {
        ops.scatterAdd(out, index, src, false);
    }

    /** Checked on the device: a bad value is reported at the next host read, so a step makes no round trip. */
    @Override
    public void checkIndices(Tensor index, int bound, String what) {
        ops.checkIndices(index.contiguous(), bound, what);
    }

    @Override
    public void topk(Tensor x, int k, boolean largest, Tensor values, Tensor indices) {
        ops.topk(x, k, largest, values, indices);
    }

    @Override
    public void random(Tensor out, long key, Distribution distribution, float a, float b) {
        if (!out.isContiguous()) {
            throw new IllegalArgumentException("random: out must be dense, got shape " + Shapes.str(out.shape()));
        }
        ops.random(out, key, distribution, a, b);
    }
}
