package org.cardiograd.tensor.reference;

import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.ScalarMath;
import org.cardiograd.tensor.Shapes;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.HostStorage;

/** The oracle GEMM: a triple loop over logical indices of the strided 3-d views, summing in double. */
final class ReferenceMatmul {
    private ReferenceMatmul() {}

    static void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, Tensor bias, Epilogue epilogue,
                       boolean accumulate) {
        String where = "matmul: " + Shapes.str(a.shape()) + (transA ? "^T" : "") + " x " + Shapes.str(b.shape())
                + (transB ? "^T" : "") + " -> " + Shapes.str(out.shape());
        if (a.rank() != 3 || b.rank() != 3 || out.rank() != 3) {
            throw new IllegalArgumentException(where + ": operands and output must have rank 3");
        }
        int batch = out.shape(0);
        int m = out.shape(1);
        int n = out.shape(2);
        int k = transA ? a.shape(1) : a.shape(2);
        if ((transA ? a.shape(2) : a.shape(1)) != m || (transB ? b.shape(2) : b.shape(1)) != k
                || (transB ? b.shape(1) : b.shape(2)) != n || (a.shape(0) != batch && a.shape(0) != 1)
                || (b.shape(0) != batch && b.shape(0) != 1)) {
            throw new IllegalArgumentException(where + ": shapes do not chain");
        }
        if (accumulate && (bias != null || (epilogue != null && epilogue != Epilogue.NONE))) {
            throw new IllegalArgumentException(where + ": accumulate does not take a bias or an epilogue");
        }
        if (bias != null && (bias.rank() != 1 || bias.shape(0) != n)) {
            throw new IllegalArgumentException(where + ": bias " + Shapes.str(bias.shape()) + " must be [" + n + "]");
        }
        Epilogue e = epilogue == null ? Epilogue.NONE : epilogue;
        float[] ad = HostStorage.array(a);
        float[] bd = HostStorage.array(b);
        float[] od = HostStorage.array(out);
        for (int p = 0; p < batch; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int q = 0; q < k; q++) {
                        float x = transA ? ad[index(a, p, q, i)] : ad[index(a, p, i, q)];
                        float y = transB ? bd[index(b, p, j, q)] : bd[index(b, p, q, j)];
                        sum += (double) x * y;
                    }
                    int o = index(out, p, i, j);
                    if (accumulate) {
                        od[o] = (float) (od[o] + sum);
                    } else {
                        if (bias != null) {
                            sum += HostStorage.array(bias)[index(bias, j)];
                        }
                        od[o] = (float) ScalarMath.epilogue(e, sum);
                    }
                }
            }
        }
    }

    /** Storage index of element (p, r, c) of a rank-3 view; a batch dim of size 1 broadcasts. */
    private static int index(Tensor t, int p, int r, int c) {
        long batch = t.shape(0) == 1 ? 0 : p;
        return Math.toIntExact(t.offset() + batch * t.stride(0) + r * t.stride(1) + c * t.stride(2));
    }

    private static int index(Tensor t, int j) {
        return Math.toIntExact(t.offset() + j * t.stride(0));
    }
}
