package org.cardiograd.autograd;

import org.cardiograd.tensor.Tensor;

/**
 * im2col for 1-d convolution: x [B, C, L] to windows [B, C, Lout, K], with window j starting at j * stride and
 * taps k * dilation apart. Forward is a strided view made dense; backward (col2im) adds each tap's gradient
 * back into the positions it read, one strided slice per tap.
 */
final class Unfold extends Function {
    private int[] inputShape;
    private int kernel;
    private int stride;
    private int dilation;
    private int outLength;

    static Variable apply(Variable x, int kernel, int stride, int dilation) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("unfold1d: input must be [B, C, L], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        int length = x.shape(2);
        int span = dilation * (kernel - 1) + 1;
        if (kernel < 1 || stride < 1 || dilation < 1 || span > length) {
            throw new IllegalArgumentException("unfold1d: kernel " + kernel + ", stride " + stride + ", dilation "
                    + dilation + " do not fit length " + length);
        }
        Unfold fn = new Unfold();
        fn.inputShape = x.shape();
        fn.kernel = kernel;
        fn.stride = stride;
        fn.dilation = dilation;
        fn.outLength = (length - span) / stride + 1;
        Tensor dense = x.value().contiguous();
        long[] st = dense.strides();
        Tensor windows = dense.asStrided(new int[] {x.shape(0), x.shape(1), fn.outLength, kernel},
                new long[] {st[0], st[1], st[2] * stride, st[2] * dilation}, dense.offset());
        return record(fn, windows.contiguous(), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor dx = Tensor.zeros(g.backend(), inputShape);
        for (int k = 0; k < kernel; k++) {
            int start = k * dilation;
            int end = start + stride * (outLength - 1) + 1;
            dx.slice(2, start, end, stride).addInPlace(g.select(3, k));
        }
        return new Tensor[] {dx};
    }
}
