package org.cardiograd.bench;

import java.util.List;

/**
 * The GEMM shapes benchmarked against OpenBLAS (bench/gemm_numpy.py lists the same names). out = op(A) op(B)
 * with op(A) M x K and op(B) K x N; a transposed operand is stored as its transpose and flagged, never copied.
 */
public final class GemmShapes {
    private GemmShapes() {}

    public record Shape(String name, int m, int n, int k, boolean transA, boolean transB, String what) {
        public double flops() {
            return 2.0 * m * n * k;
        }

        public String dims() {
            return m + "x" + n + "x" + k + (transA ? " A^T" : "") + (transB ? " B^T" : "");
        }
    }

    /** The transformer MLP at 32 sequences x 40 tokens, width 1024, hidden 4096, forward and backward. */
    public static final List<Shape> ALL = List.of(
            new Shape("256", 256, 256, 256, false, false, "square"),
            new Shape("512", 512, 512, 512, false, false, "square"),
            new Shape("1024", 1024, 1024, 1024, false, false, "square"),
            new Shape("2048", 2048, 2048, 2048, false, false, "square"),
            new Shape("mlp-fwd", 1280, 4096, 1024, false, false, "Y = X W: [1280x1024] x [1024x4096]"),
            new Shape("mlp-dX", 1280, 1024, 4096, false, true, "dX = dY W^T: [1280x4096] x [1024x4096]^T"),
            new Shape("mlp-dW", 1024, 4096, 1280, true, false, "dW = X^T dY: [1280x1024]^T x [1280x4096]"));

    public static Shape byName(String name) {
        for (Shape s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown GEMM shape " + name + "; known: "
                + ALL.stream().map(Shape::name).toList());
    }
}
