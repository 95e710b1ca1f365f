package org.cardiograd.tensor;

import java.util.Arrays;

/** Lowers matmul and softmax from n-d tensors to the backend's 3-d / 2-d kernel forms. */
final class Linalg {
    private Linalg() {}

    /** A rank-3 operand with unit stride in its last dim, and whether it holds the transpose. */
    record Operand(Tensor t, boolean transposed) {}

    static Tensor matmul(Tensor a, Tensor b, Tensor bias, Epilogue epilogue) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: operands must have rank >= 1, got " + Shapes.str(a.shape())
                    + " and " + Shapes.str(b.shape()));
        }
        a.sameBackend("matmul", b);
        boolean vecA = a.rank() == 1;
        boolean vecB = b.rank() == 1;
        Tensor a2 = vecA ? a.unsqueeze(0) : a;
        Tensor b2 = vecB ? b.unsqueeze(1) : b;
        int m = a2.shape(-2);
        int k = a2.shape(-1);
        int kb = b2.shape(-2);
        int n = b2.shape(-1);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(a.shape()) + " and "
                    + Shapes.str(b.shape()) + " do not chain (" + k + " vs " + kb + ")");
        }
        if (bias != null) {
            a.sameBackend("matmul bias", bias);
            if (bias.rank() != 1 || bias.shape(0) != n) {
                throw new IllegalArgumentException("matmul: bias shape " + Shapes.str(bias.shape()) + ", expected ["
                        + n + "]");
            }
        }
        if (b2.rank() == 2 && a2.rank() > 2 && a2.isContiguous() && k > 0) {
            // A batch of row blocks times one matrix (a linear layer on [B, T, in]) is one tall GEMM: folding the
            // batch into the rows packs the shared matrix once instead of once per batch entry (32 times fewer
            // packings at batch 32). Each output element is still one dot product over the same K, so the CPU
            // backend, whose summation order depends only on K, gives the same bits.
            int[] outShape = a2.shape().clone();
            outShape[outShape.length - 1] = n;
            Tensor result = matmul(a2.reshape(-1, k), b2, bias, epilogue).reshape(outShape);
            return vecB ? result.squeeze(-1) : result;
        }
        int[] batchA = Arrays.copyOf(a2.shape(), a2.rank() - 2);
        int[] batchB = Arrays.copyOf(b2.shape(), b2.rank() - 2);
        int[] batch = Shapes.broadcast("matmul", batchA, batchB);
        int batchCount = Shapes.toIntExact("matmul", Shapes.numel(batch));
        Operand opA = operand(a2, batch, m, k);
        Operand opB = operand(b2, batch, k, n);
        Tensor out = Tensor.zeros(a.backend(), batchCount, m, n);
        a.backend().matmul(opA.t(), opA.transposed(), opB.t(), opB.transposed(), out,
                bias == null ? null : bias.contiguous(), epilogue, false);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor result = out.reshape(outShape);
        if (vecA) {
            result = result.squeeze(-2);
        }
        if (vecB) {
            result = result.squeeze(-1);
        }
        return result;
    }

    /**
     * Views x [..batch, rows, cols] broadcast to the batch shape as [batchCount, rows, cols] with unit stride
     * in the last dim, or as the transpose [batchCount, cols, rows] when the view is column-major. Copies only
     * when neither holds or the batch dims do not collapse into one stride.
     */
    static Operand operand(Tensor x, int[] batch, int rows, int cols) {
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = rows;
        full[batch.length + 1] = cols;
        Tensor e = x.broadcastTo("matmul", full);
        long[] st = e.strides();
        int r = st.length;
        long rowStride = rows == 1 ? Math.max(1, cols) : st[r - 2];
        long colStride = cols == 1 ? 1 : st[r - 1];
        long batchStride = collapsedBatchStride(e.shape(), st, batch.length);
        int batchCount = Shapes.toIntExact("matmul", Shapes.numel(batch));
        if (batchStride >= 0) {
            if (colStride == 1) {
                return new Operand(Tensor.view(e, new int[] {batchCount, rows, cols},
                        new long[] {batchStride, rowStride, 1}, e.offset()), false);
            }
            long tRowStride = cols == 1 ? Math.max(1, rows) : st[r - 1];
            long tColStride = rows == 1 ? 1 : st[r - 2];
            if (tColStride == 1) {
                return new Operand(Tensor.view(e, new int[] {batchCount, cols, rows},
                        new long[] {batchStride, tRowStride, 1}, e.offset()), true);
            }
        }
        Tensor c = e.contiguous().reshape(batchCount, rows, cols);
        return new Operand(c, false);
    }

    /** The single stride that walks the flattened batch dims, or -1 when they do not collapse. */
    private static long collapsedBatchStride(int[] shape, long[] strides, int batchRank) {
        long stride = -1;
        long expectedNext = -1;
        for (int i = batchRank - 1; i >= 0; i--) {
            if (shape[i] == 1) {
                continue;
            }
            if (stride < 0) {
                stride = strides[i];
                expectedNext = strides[i] * shape[i];
            } else {
                if (strides[i] != expectedNext && !(stride == 0 && strides[i] == 0)) {
                    return -1;
                }
                expectedNext = strides[i] * shape[i];
            }
        }
        return stride < 0 ? 0 : stride;
    }

    static Tensor softmax(Tensor x, int axis, boolean log) {
        int a = Shapes.axis(log ? "logSoftmax" : "softmax", axis, x.rank());
        Tensor moved = a == x.rank() - 1 ? x : x.transpose(a, -1);
        Tensor src = moved.contiguous();
        int n = src.shape(-1);
        int rows = Shapes.toIntExact("softmax", src.numel() / Math.max(1, n));
        Tensor out = Tensor.zeros(x.backend(), src.shape());
        x.backend().softmax(src.reshape(rows, n), out.reshape(rows, n), log);
        return a == x.rank() - 1 ? out : out.transpose(a, -1);
    }
}
