package org.cardiograd.tensor.opencl;

import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.ReduceOp;
import org.cardiograd.tensor.Shapes;
import org.cardiograd.tensor.Tensor;

/**
 * The host half of every op except the elementwise ones: checks the layout the Backend contract promises, maps
 * the tensors to pool positions and sizes in the kernel's fields, and picks the launch shape. Each method holds
 * the launcher's lock from the first field it sets to the end of its launches.
 *
 * <p>Why a position may outlive its tensor: once a method has read a tensor's last field, the JIT may treat the
 * tensor as unreachable and the Cleaner may free its region while the launch still reads it. That is harmless
 * because positions are taken under the launcher's lock: the region can be handed out again at once, but the new
 * owner touches the device (zeroing, writes, launches) only through the same lock, so after our launches.
 */
final class OpenClOps {
    private final OpenClLauncher launcher;
    private final OpenClKernel k;

    OpenClOps(OpenClLauncher launcher) {
        this.launcher = launcher;
        this.k = launcher.kernel;
    }

    private static int at(Tensor t) {
        return Math.toIntExact(OpenClBackend.position(t));
    }

    /** Position of an optional tensor, -1 when absent (the kernels test for it). */
    private static int atOrNone(Tensor t) {
        return t == null ? -1 : at(t);
    }

    private static Tensor dense(String op, String name, Tensor t) {
        if (t != null && !t.isContiguous()) {
            throw new IllegalArgumentException(op + ": " + name + " must be dense on OpenCL, got shape "
                    + Shapes.str(t.shape()) + " with strides " + java.util.Arrays.toString(t.strides()));
        }
        return t;
    }

    /** Axes at least this long, with few outputs, are reduced in chunks by many work-items, then combined. */
    private static final int CHUNKED_AXIS = 4096;
    private static final int CHUNK = 1024;

    void reduce(ReduceOp op, Tensor x, Tensor out) {
        dense("reduce", "x", x);
        dense("reduce", "out", out);
        int outer = x.shape(0);
        int n = x.shape(1);
        int inner = x.shape(2);
        if (n == 0) {
            throw new IllegalArgumentException("reduce: cannot reduce an empty axis on OpenCL");
        }
        boolean chunked = n >= CHUNKED_AXIS && (long) outer * inner < 1024
                && op != ReduceOp.ARGMAX && op != ReduceOp.ARGMIN;
        synchronized (launcher) {
            if (!chunked) {
                reducePass(op.ordinal(), at(x), outer, n, inner, n, at(out), n);
                return;
            }
            int chunks = (n + CHUNK - 1) / CHUNK;
            Tensor partial = Tensor.zeros(x.backend(), outer, chunks, inner);
            // partial sums (a MEAN divides once, at the end); a fixed split, so the same bits every run
            int first = op == ReduceOp.MEAN ? ReduceOp.SUM.ordinal() : op.ordinal();
            reducePass(first, at(x), outer, n, inner, CHUNK, at(partial), n);
            reducePass(op.ordinal(), at(partial), outer, chunks, inner, chunks, at(out), n);
            ((OpenClBackend) x.backend()).release(partial);
        }
    }

    /** One launch: out [outer, ceil(n / chunk), inner] from x [outer, n, inner]; MEAN divides by divisor. */
    private void reducePass(int fn, int xAt, int outer, int n, int inner, int chunk, int outAt, int divisor) {
        int chunks = (n + chunk - 1) / chunk;
        k.op = OpenClKernel.OP_REDUCE;
        k.fn = fn;
        k.aBase = xAt;
        k.oBase = outAt;
        k.dimN = n;
        k.dimInner = inner;
        k.dimChunk = chunk;
        k.chunks = chunks;
        k.scalar = divisor;
        k.count = outer * chunks * inner;
        launcher.launch(k.count);
    }

    void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, Tensor bias, Epilogue epilogue,
                boolean accumulate) {
        dense("matmul", "out", out);
        dense("matmul", "bias", bias);
        if (a.stride(2) != 1 || b.stride(2) != 1) {
            throw new IllegalArgumentException("matmul: operands need unit stride in the last dim, got strides "
                    + java.util.Arrays.toString(a.strides()) + " and " + java.util.Arrays.toString(b.strides()));
        }
        int batch = out.shape(0);
        int m = out.shape(1);
        int n = out.shape(2);
        int inner = transA ? a.shape(1) : a.shape(2);
        synchronized (launcher) {
            k.op = OpenClKernel.OP_GEMM;
            k.aBase = at(a);
            k.strideAb = Math.toIntExact(a.stride(0));
            k.strideAm = Math.toIntExact(transA ? a.stride(2) : a.stride(1));
            k.strideAk = Math.toIntExact(transA ? a.stride(1) : a.stride(2));
            k.bBase = at(b);
            k.strideBb = Math.toIntExact(b.stride(0));
            k.strideBk = Math.toIntExact(transB ? b.stride(2) : b.stride(1));
            k.strideBn = Math.toIntExact(transB ? b.stride(1) : b.stride(2));
            k.oBase = at(out);
            k.cBase = atOrNone(bias);
            k.fn = epilogue == null ? 0 : epilogue.ordinal();
            k.flagA = accumulate ? 1 : 0;
            k.count = m;
            k.dimN = n;
            k.dimK = inner;
            if (batch > 0 && m > 0 && n > 0) {
                launcher.launchTiles(n, m, batch);
            }
        }
    }

    void softmax(Tensor x, Tensor out, boolean log) {
        dense("softmax", "x", x);
        dense("softmax", "out", out);
        synchronized (launcher) {
            k.op = OpenClKernel.OP_SOFTMAX;
            k.aBase = at(x);
            k.oBase = at(out);
            k.dimN = x.shape(1);
            k.flagA = log ? 1 : 0;
            k.count = x.shape(0);
            launcher.launch(k.count);
        }
    }

    void softmaxBackward(Tensor y, Tensor dy, Tensor dx, boolean log) {
        dense("softmaxBackward", "y", y);
        dense("softmaxBackward", "dy", dy);
        dense("softmaxBackward", "dx", dx);
        synchronized (launcher) {
            k.op = OpenClKernel.OP_SOFTMAX_BACKWARD;
            k.aBase = at(y);
            k.bBase = at(dy);
            k.oBase = at(dx);
            k.dimN = y.shape(1);
            k.flagA = log ? 1 : 0;
            k.count = y.shape(0);
            launcher.launch(k.count);
        }
    }

    void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor out, Tensor mean, Tensor rstd) {
        for (Tensor t : new Tensor[] {x, gamma, beta, out, mean, rstd}) {
            dense("layerNorm", "every operand", t);
        }
        synchronized (launcher) {
            k.op = OpenClKernel.OP_LAYER_NORM;
            k.aBase = at(x);
            k.bBase = atOrNone(gamma);
            k.cBase = atOrNone(beta);
            k.oBase = at(out);
            k.dBase = at(mean);
            k.fBase = at(rstd);
            k.scalar = eps;
            k.dimN = x.shape(1);
            k.count = x.shape(0);
            launcher.launch(k.count);
        }
    }

    void layerNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor gamma, Tensor dx, Tensor dGamma,
                           Tensor dBeta) {
        for (Tensor t : new Tensor[] {dy, x, mean, rstd, gamma, dx, dGamma, dBeta}) {
            dense("layerNormBackward", "every operand", t);
        }
        int rows = x.shape(0);
        synchronized (launcher) {
            k.op = OpenClKernel.OP_LAYER_NORM_BACKWARD_DX;
            k.aBase = at(dy);
            k.bBase = at(x);
            k.cBase = at(mean);
            k.dBase = at(rstd);
            k.fBase = atOrNone(gamma);
            k.oBase = at(dx);
            k.dimN = x.shape(1);
            k.count = rows;
            launcher.launch(rows);
            if (gamma != null && (dGamma != null || dBeta != null)) {
                k.op = OpenClKernel.OP_LAYER_NORM_BACKWARD_PARAMS;
                k.gBase = atOrNone(dGamma);
                k.hBase = atOrNone(dBeta);
                k.count = rows;
                launcher.launch(k.dimN);
            }
        }
    }

    private void setAttention(Tensor q, Tensor k2, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale,
                              boolean causal, Tensor out, Tensor lse) {
        for (Tensor t : new Tensor[] {q, k2, v, keyMask, bias, out, lse}) {
            dense("attention", "every operand", t);
        }
        k.aBase = at(q);
        k.bBase = at(k2);
        k.cBase = at(v);
        k.dBase = atOrNone(keyMask);
        k.fBase = atOrNone(bias);
        k.oBase = at(out);
        k.gBase = at(lse);
        k.flagA = heads;
        k.flagB = causal ? 1 : 0;
        k.f0 = scale;
        k.dimBatch = q.shape(0);
        k.count = q.shape(1);
        k.dimK = q.shape(2);
        k.dimN = k2.shape(1);
    }

    void attention(Tensor q, Tensor k2, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale,
                   boolean causal, Tensor out, Tensor lse) {
        synchronized (launcher) {
            setAttention(q, k2, v, keyMask, bias, heads, scale, causal, out, lse);
            k.op = OpenClKernel.OP_ATTENTION;
            launcher.launch(k.dimBatch * k.count);
        }
    }

    void attentionBackward(Tensor q, Tensor k2, Tensor v, Tensor keyMask, Tensor bias, int heads, float scale,
                           boolean causal, Tensor out, Tensor lse, Tensor dOut, Tensor dq, Tensor dk, Tensor dv) {
        for (Tensor t : new Tensor[] {dOut, dq, dk, dv}) {
            dense("attentionBackward", "every operand", t);
        }
        synchronized (launcher) {
            setAttention(q, k2, v, keyMask, bias, heads, scale, causal, out, lse);
            k.hBase = at(dOut);
            k.iBase = at(dq);
            k.jBase = at(dk);
            k.kBase = at(dv);
            k.op = OpenClKernel.OP_ATTENTION_BACKWARD_Q;
            launcher.launch(k.dimBatch * k.count);
            k.op = OpenClKernel.OP_ATTENTION_BACKWARD_KV;
            launcher.launch(k.dimBatch * k.dimN);
        }
    }

    void adamw(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
               float weightDecay, long step) {
        for (Tensor t : new Tensor[] {param, grad, m, v}) {
            dense("adamw", "every operand", t);
        }
        synchronized (launcher) {
            k.op = OpenClKernel.OP_ADAMW;
            k.oBase = at(param);
            k.aBase = at(grad);
            k.bBase = at(m);
            k.cBase = at(v);
            k.f0 = lr;
            k.f1 = beta1;
            k.f2 = beta2;
            k.f3 = eps;
            k.f4 = weightDecay;
            // the bias corrections in double on the host, as the reference does
            k.f5 = (float) (1.0 - Math.pow(beta1, step));
            k.f6 = (float) (1.0 - Math.pow(beta2, step));
            k.count = Math.toIntExact(param.numel());
            launcher.launch(k.count);
        }
    }

    /** gather (perElement) or indexSelect: x [outer, nx, inner] -> out [outer, ni, inner]. */
    void gather(Tensor x, Tensor index, Tensor out, boolean perElement) {
        indexed(OpenClKernel.OP_GATHER, perElement ? "gather" : "indexSelect", x, index, out, perElement,
                x.shape(1), out.shape(1));
    }

    /** scatterAdd (perElement) or indexAdd: out [outer, nx, inner] += src [outer, ni, inner] by index. */
    void scatterAdd(Tensor out, Tensor index, Tensor src, boolean perElement) {
        indexed(OpenClKernel.OP_SCATTER_ADD, perElement ? "scatterAdd" : "indexAdd", src, index, out, perElement,
                out.shape(1), src.shape(1));
    }

    /** One work-item per element of {@code out}; nx the size of the indexed axis, ni the number of indices. */
    private void indexed(int opCode, String name, Tensor in, Tensor index, Tensor out, boolean perElement, int nx,
                         int ni) {
        dense(name, "input", in);
        dense(name, "index", index);
        dense(name, "output", out);
        synchronized (launcher) {
            k.op = opCode;
            k.errorCode = launcher.errorCode(name);
            k.aBase = at(in);
            k.bBase = at(index);
            k.oBase = at(out);
            k.flagA = perElement ? 1 : 0;
            k.dimK = nx;
            k.dimN = ni;
            k.dimInner = out.shape(2);
            k.count = Math.toIntExact(out.numel());
            launcher.launch(k.count);
        }
    }

    /** A bad value of dense index is flagged in the error cells, reported as {@code what} at the next read. */
    void checkIndices(Tensor index, int bound, String what) {
        dense("checkIndices", "index", index);
        synchronized (launcher) {
            k.op = OpenClKernel.OP_CHECK_INDEX;
            k.errorCode = launcher.errorCode(what);
            k.aBase = at(index);
            k.dimK = bound;
            k.count = Math.toIntExact(index.numel());
            launcher.launch(k.count);
        }
    }

    void topk(Tensor x, int count, boolean largest, Tensor values, Tensor indices) {
        dense("topk", "x", x);
        dense("topk", "values", values);
        dense("topk", "indices", indices);
        synchronized (launcher) {
            k.op = OpenClKernel.OP_TOPK;
            k.aBase = at(x);
            k.oBase = at(values);
            k.bBase = at(indices);
            k.flagA = largest ? 1 : 0;
            k.dimN = x.shape(1);
            k.dimK = count;
            k.count = x.shape(0);
            launcher.launch(k.count);
        }
    }

    void random(Tensor out, long key, Distribution distribution, float a, float b) {
        synchronized (launcher) {
            k.op = OpenClKernel.OP_RANDOM;
            k.oBase = at(out);
            k.key = key;
            k.fn = distribution == Distribution.UNIFORM ? 0 : 1;
            k.f0 = a;
            k.f1 = b;
            k.count = Math.toIntExact(out.numel());
            launcher.launch(k.count);
        }
    }
}
