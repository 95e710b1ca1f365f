package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.Shapes;
import org.cardiograd.tensor.Tensor;

/**
 * A validated matmul call reduced to arrays, offsets and strides: out[batch, M, N] (+)= A[batch] (M x K) times
 * B[batch] (K x N), then bias and epilogue.
 */
record GemmProblem(int batch, int m, int n, int k, GemmOperand a, GemmOperand b, float[] c, int cOffset,
                   float[] bias, int biasOffset, Epilogue epilogue, boolean accumulate) {

    static GemmProblem of(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, Tensor bias,
                          Epilogue epilogue, boolean accumulate) {
        String where = "matmul: " + Gemm.shapes(a, transA, b, transB, out);
        if (a.rank() != 3 || b.rank() != 3 || out.rank() != 3) {
            throw new IllegalArgumentException(where + ": operands and output must have rank 3");
        }
        int m = transA ? a.shape(2) : a.shape(1);
        int k = transA ? a.shape(1) : a.shape(2);
        int kb = transB ? b.shape(2) : b.shape(1);
        int n = transB ? b.shape(1) : b.shape(2);
        int batch = out.shape(0);
        if (k != kb || out.shape(1) != m || out.shape(2) != n) {
            throw new IllegalArgumentException(where + ": shapes do not chain");
        }
        if (!out.isContiguous()) {
            throw new IllegalArgumentException(where + ": output must be dense");
        }
        if (accumulate && (bias != null || epilogue != Epilogue.NONE)) {
            throw new IllegalArgumentException(where + ": accumulate does not take a bias or an epilogue");
        }
        if (bias != null && (bias.rank() != 1 || bias.shape(0) != n || !bias.isContiguous())) {
            throw new IllegalArgumentException(where + ": bias " + Shapes.str(bias.shape()) + " must be dense [" + n
                    + "]");
        }
        GemmOperand opA = operand(where, "a", a, transA, batch);
        GemmOperand opB = operand(where, "b", b, transB, batch);
        return new GemmProblem(batch, m, n, k, opA, opB, HostStorage.array(out), Math.toIntExact(out.offset()),
                bias == null ? null : HostStorage.array(bias), bias == null ? 0 : Math.toIntExact(bias.offset()),
                epilogue, accumulate);
    }

    /** The logical matrix (rows x cols of the product's operand) of a stored [batch, r, c] view. */
    private static GemmOperand operand(String where, String name, Tensor t, boolean trans, int batch) {
        if (t.shape(0) != batch && t.shape(0) != 1) {
            throw new IllegalArgumentException(where + ": batch of " + name + " is neither " + batch + " nor 1");
        }
        if (t.shape(2) > 1 && t.stride(2) != 1) {
            throw new IllegalArgumentException(where + ": " + name + " needs unit stride in its last dim, strides "
                    + java.util.Arrays.toString(t.strides()));
        }
        long batchStride = t.shape(0) == 1 ? 0 : t.stride(0);
        int rowStride = Math.toIntExact(t.stride(1));
        return trans
                ? new GemmOperand(HostStorage.array(t), t.offset(), batchStride, 1, rowStride)
                : new GemmOperand(HostStorage.array(t), t.offset(), batchStride, rowStride, 1);
    }
}
