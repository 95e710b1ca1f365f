package org.cardiograd.autograd;

import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * A value in the autograd graph: a {@link Tensor}, its gradient (allocated on first accumulation) and the
 * {@link Function} that produced it. Leaves created with {@link #parameter} collect gradients; every op
 * applied to a variable that requires a gradient is recorded, define-by-run.
 *
 * <p>The fluent methods mirror {@link Tensor}'s names, so model code reads like the math:
 * {@code x.matmul(w).add(b).gelu()}.
 */
public final class Variable {
    private final Tensor value;
    private final boolean requiresGrad;
    private Function creator;
    private Tensor grad;
    private String name;

    private Variable(Tensor value, boolean requiresGrad, Function creator) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.creator = creator;
    }

    /** A leaf whose gradient is collected in {@link #grad()} (weights, or inputs you differentiate by). */
    public static Variable parameter(Tensor value) {
        return new Variable(value, true, null);
    }

    /** A leaf that needs no gradient (data, masks, targets). */
    public static Variable constant(Tensor value) {
        return new Variable(value, false, null);
    }

    static Variable created(Tensor value, Function creator) {
        return new Variable(value, true, creator);
    }

    // ---- state ----------------------------------------------------------------------------------------

    public Tensor value() {
        return value;
    }

    /** The accumulated gradient, or null before the first backward that reached this leaf. */
    public Tensor grad() {
        return grad;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for variables not produced by a recorded op. */
    public boolean isLeaf() {
        return creator == null;
    }

    /** The recorded op that produced this variable, or null for a leaf. */
    public Function creator() {
        return creator;
    }

    void setCreator(Function f) {
        this.creator = f;
    }

    public int[] shape() {
        return value.shape();
    }

    public int shape(int axis) {
        return value.shape(axis);
    }

    public int rank() {
        return value.rank();
    }

    /** An optional name used by modules and error messages. */
    public String name() {
        return name;
    }

    public Variable named(String n) {
        this.name = n;
        return this;
    }

    /** The value of a one-element variable. */
    public float item() {
        return value.item();
    }

    /** Adds to the gradient (allocating it on first use). */
    void accumulateGrad(Tensor g) {
        if (grad == null) {
            grad = g.copy(); // own it: backward may hand the same tensor to several inputs
        } else {
            grad.addInPlace(g);
        }
    }

    /** Forgets the gradient; the next backward allocates it again. */
    public void zeroGrad() {
        grad = null;
    }

    /** Sets the gradient explicitly (gradient clipping, tests). */
    public void setGrad(Tensor g) {
        if (g != null && !g.sameShape(value)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + java.util.Arrays.toString(g.shape())
                    + " differs from value shape " + java.util.Arrays.toString(value.shape()));
        }
        grad = g;
    }

    /** The same value outside the graph: no gradient flows through it. */
    public Variable detach() {
        return constant(value);
    }

    // ---- backward ---------------------------------------------------------------------------------------

    /** Backpropagates from this scalar (gradient 1). */
    public void backward() {
        if (value.numel() != 1) {
            throw new IllegalStateException("backward() needs a scalar output, got shape "
                    + java.util.Arrays.toString(value.shape()) + "; pass the output gradient: backward(grad)");
        }
        backward(value.fullLike(1f));
    }

    /** Backpropagates with an explicit gradient of this variable's value. */
    public void backward(Tensor gradOutput) {
        Backprop.run(this, gradOutput);
    }

    // ---- fluent ops -----------------------------------------------------------------------------------

    public Variable add(Variable o) {
        return Arithmetic.Add.apply(this, o);
    }

    public Variable sub(Variable o) {
        return Arithmetic.Sub.apply(this, o);
    }

    public Variable mul(Variable o) {
        return Arithmetic.Mul.apply(this, o);
    }

    public Variable div(Variable o) {
        return Arithmetic.Div.apply(this, o);
    }

    public Variable maximum(Variable o) {
        return Arithmetic.Maximum.apply(this, o);
    }

    public Variable minimum(Variable o) {
        return Arithmetic.Minimum.apply(this, o);
    }

    public Variable add(float s) {
        return Arithmetic.AddScalar.apply(this, s);
    }

    public Variable sub(float s) {
        return Arithmetic.AddScalar.apply(this, -s);
    }

    public Variable mul(float s) {
        return Arithmetic.MulScalar.apply(this, s);
    }

    public Variable div(float s) {
        return Arithmetic.MulScalar.apply(this, 1f / s);
    }

    /** this ^ exponent for a constant exponent. */
    public Variable pow(float exponent) {
        return Arithmetic.PowScalar.apply(this, exponent);
    }

    /** s - this. */
    public Variable rsub(float s) {
        return Arithmetic.MulScalar.apply(this, -1f).add(s);
    }

    public Variable neg() {
        return Arithmetic.MulScalar.apply(this, -1f);
    }

    public Variable exp() {
        return Elementwise.Exp.apply(this);
    }

    public Variable log() {
        return Elementwise.Log.apply(this);
    }

    public Variable sqrt() {
        return Elementwise.Sqrt.apply(this);
    }

    public Variable rsqrt() {
        return Elementwise.Rsqrt.apply(this);
    }

    public Variable square() {
        return Elementwise.Square.apply(this);
    }

    public Variable abs() {
        return Elementwise.Abs.apply(this);
    }

    public Variable tanh() {
        return Elementwise.Tanh.apply(this);
    }

    public Variable sigmoid() {
        return Elementwise.Sigmoid.apply(this);
    }

    public Variable relu() {
        return Elementwise.Relu.apply(this);
    }

    /** Exact (erf) GELU, PyTorch's default. */
    public Variable gelu() {
        return Elementwise.Gelu.apply(this, false);
    }

    /** Tanh-approximated GELU. */
    public Variable geluTanh() {
        return Elementwise.Gelu.apply(this, true);
    }

    /** max(lo, min(hi, x)); the gradient passes where x is inside [lo, hi]. */
    public Variable clamp(float lo, float hi) {
        return Elementwise.Clamp.apply(this, lo, hi);
    }

    /** value where mask != 0, else this; no gradient flows to the filled places. */
    public Variable maskedFill(Tensor mask, float fill) {
        return Selection.MaskedFill.apply(this, mask, fill);
    }

    public Variable sum() {
        return Reductions.Sum.apply(this, allAxes(), false);
    }

    public Variable sum(int axis, boolean keepDim) {
        return Reductions.Sum.apply(this, new int[] {axis}, keepDim);
    }

    public Variable sum(int[] axes, boolean keepDim) {
        return Reductions.Sum.apply(this, axes, keepDim);
    }

    public Variable mean() {
        return Reductions.Mean.apply(this, allAxes(), false);
    }

    public Variable mean(int axis, boolean keepDim) {
        return Reductions.Mean.apply(this, new int[] {axis}, keepDim);
    }

    public Variable mean(int[] axes, boolean keepDim) {
        return Reductions.Mean.apply(this, axes, keepDim);
    }

    /** Maximum along an axis; the gradient goes to the maximal entries (split evenly between ties). */
    public Variable max(int axis, boolean keepDim) {
        return Reductions.Max.apply(this, axis, keepDim);
    }

    /** Population (correction 0) or sample (correction 1) variance. */
    public Variable var(int[] axes, int correction, boolean keepDim) {
        Variable centered = sub(mean(axes, true));
        long n = 1;
        for (int a : axes) {
            n *= value.shape(a);
        }
        return centered.square().sum(axes, keepDim).mul(1f / (n - correction));
    }

    public Variable reshape(int... shape) {
        return Views.Reshape.apply(this, shape);
    }

    public Variable flatten(int start, int end) {
        return Views.Reshape.apply(this, value.flatten(start, end).shape());
    }

    public Variable permute(int... order) {
        return Views.Permute.apply(this, order);
    }

    public Variable transpose(int a, int b) {
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int x = a < 0 ? a + rank() : a;
        int y = b < 0 ? b + rank() : b;
        order[x] = y;
        order[y] = x;
        return permute(order);
    }

    public Variable mT() {
        return transpose(-2, -1);
    }

    public Variable slice(int axis, int start, int end, int step) {
        return Views.Slice.apply(this, axis, start, end, step);
    }

    public Variable narrow(int axis, int start, int length) {
        return slice(axis, start, start + length, 1);
    }

    public Variable select(int axis, int index) {
        int a = axis < 0 ? axis + rank() : axis;
        return narrow(a, index, 1).squeeze(a);
    }

    public Variable expand(int... shape) {
        return Views.Expand.apply(this, shape);
    }

    public Variable unsqueeze(int axis) {
        return Views.Reshape.apply(this, value.unsqueeze(axis).shape());
    }

    public Variable squeeze(int axis) {
        return Views.Reshape.apply(this, value.squeeze(axis).shape());
    }

    public Variable[] split(int axis, int... sizes) {
        Tensor[] parts = value.split(axis, sizes); // validates
        Variable[] out = new Variable[parts.length];
        int start = 0;
        int a = axis < 0 ? axis + rank() : axis;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = narrow(a, start, sizes[i]);
            start += sizes[i];
        }
        return out;
    }

    public Variable[] chunk(int axis, int n) {
        int a = axis < 0 ? axis + rank() : axis;
        if (n <= 0 || value.shape(a) % n != 0) {
            throw new IllegalArgumentException("chunk: axis " + a + " of shape "
                    + java.util.Arrays.toString(value.shape()) + " does not split into " + n + " equal pieces");
        }
        int[] sizes = new int[n];
        java.util.Arrays.fill(sizes, value.shape(a) / n);
        return split(a, sizes);
    }

    /** numpy-style matrix product with broadcast batch dims. */
    public Variable matmul(Variable o) {
        return Matmul.apply(this, o);
    }

    public Variable softmax(int axis) {
        return Softmax.apply(this, axis, false);
    }

    public Variable logSoftmax(int axis) {
        return Softmax.apply(this, axis, true);
    }

    public Variable gather(int axis, Tensor index) {
        return Selection.Gather.apply(this, axis, index);
    }

    public Variable indexSelect(int axis, Tensor index) {
        return Selection.IndexSelect.apply(this, axis, index);
    }

    /** Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1-p). */
    public Variable dropout(float p, Rng rng) {
        return Dropout.apply(this, p, rng);
    }

    /** This divided by its L2 norm along an axis (norm clamped below by eps). */
    public Variable l2Normalize(int axis, float eps) {
        return div(square().sum(axis, true).sqrt().clamp(eps, Float.MAX_VALUE));
    }

    @Override
    public String toString() {
        return "Variable(" + (name != null ? name + ", " : "") + "shape=" + java.util.Arrays.toString(value.shape())
                + (creator != null ? ", creator=" + creator.name() : requiresGrad ? ", leaf" : ", constant") + ")";
    }

    private int[] allAxes() {
        int[] ax = new int[rank()];
        for (int i = 0; i < ax.length; i++) {
            ax[i] = i;
        }
        return ax;
    }
}
