package org.cardiograd.tensor;

/** numpy-like printing: shape header, nested brackets, long axes clipped with "..." around 3 edge items. */
final class TensorFormat {
    private static final int EDGE = 3;
    private static final int CLIP_ABOVE = 1000;

    private TensorFormat() {}

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder();
        sb.append("Tensor").append(Shapes.str(t.shape())).append(" on ").append(t.backend().name()).append('\n');
        if (t.numel() == 0) {
            return sb.append("[]").toString();
        }
        boolean clip = t.numel() > CLIP_ABOVE;
        float[] data = t.toArray();
        append(sb, data, t.shape(), 0, 0, clip, 0);
        return sb.toString();
    }

    private static void append(StringBuilder sb, float[] data, int[] shape, int axis, int base, boolean clip,
                               int indent) {
        if (shape.length == 0) {
            sb.append(num(data[0]));
            return;
        }
        int n = shape[axis];
        int stride = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            stride *= shape[i];
        }
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (clip && n > 2 * EDGE && i == EDGE) {
                sb.append(axis == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + 1));
                i = n - EDGE - 1;
                continue;
            }
            if (axis == shape.length - 1) {
                sb.append(num(data[base + i]));
            } else {
                append(sb, data, shape, axis + 1, base + i * stride, clip, indent + 1);
            }
            if (i < n - 1) {
                sb.append(axis == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + 1));
            }
        }
        sb.append(']');
    }

    private static String num(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return String.format(java.util.Locale.ROOT, "%.1f", v);
        }
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
