package org.cardiograd.tensor;

import java.util.Arrays;

/**
 * An n-dimensional float32 array: an immutable handle over {@link Storage} + offset + shape + strides.
 *
 * <p>Views (reshape of dense data, permute, transpose, slice, narrow, expand, squeeze, unsqueeze) share
 * storage and copy nothing. Every other op validates shapes, lowers the problem to one of the simple forms of
 * {@link Backend}, allocates the result on the same backend and dispatches. Methods whose names end in
 * {@code InPlace} write into this tensor's storage and bump its version (autograd checks it).
 *
 * <p>Shape errors are {@link IllegalArgumentException}s that name the op and the shapes involved.
 */
public final class Tensor {
    private final Storage storage;
    private final long offset;
    private final int[] shape;
    private final long[] strides;

    Tensor(Storage storage, long offset, int[] shape, long[] strides) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
    }

    // =====================================================================================================
    // Factories
    // =====================================================================================================

    /** A new zero-filled dense tensor on the given backend. */
    public static Tensor zeros(Backend backend, int... shape) {
        int[] s = checkShape("zeros", shape);
        return new Tensor(backend.allocate(Shapes.numel(s)), 0, s, Shapes.contiguousStrides(s));
    }

    public static Tensor zeros(int... shape) {
        return zeros(Backends.current(), shape);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        return full(Backends.current(), value, shape);
    }

    public static Tensor full(Backend backend, float value, int... shape) {
        Tensor t = zeros(backend, shape);
        if (value != 0f) {
            backend.fill(t, value);
        }
        return t;
    }

    /** A 0-d tensor holding one value. */
    public static Tensor scalar(float value) {
        return scalar(Backends.current(), value);
    }

    public static Tensor scalar(Backend backend, float value) {
        // filled on the device rather than copied from the host: x.add(1f) on a GPU makes no host transfer
        return full(backend, value);
    }

    /** Copies data (row-major) into a new tensor of the given shape; no shape means 1-d (0-d for one value). */
    public static Tensor fromArray(float[] data, int... shape) {
        return fromArray(Backends.current(), data, shape);
    }

    public static Tensor fromArray(Backend backend, float[] data, int... shape) {
        int[] s = shape.length == 0 && data.length != 1 ? new int[] {data.length} : checkShape("fromArray", shape);
        if (Shapes.numel(s) != data.length) {
            throw new IllegalArgumentException("fromArray: " + data.length + " values do not fill shape "
                    + Shapes.str(s) + " (" + Shapes.numel(s) + " elements)");
        }
        Tensor t = zeros(backend, s);
        backend.write(t.storage, 0, data, 0, data.length);
        return t;
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n) {
        return arange(Backends.current(), n);
    }

    /**
     * 0, 1, ..., n-1, built on the backend itself by doubling ([0], then a followed by a + |a|, ...): log2(n)
     * small ops and no host transfer, so a loss that needs class ids on a device does not upload them each step.
     */
    public static Tensor arange(Backend backend, int n) {
        if (n <= 0) {
            if (n == 0) {
                return zeros(backend, 0);
            }
            throw new IllegalArgumentException("arange: negative length " + n);
        }
        Tensor a = zeros(backend, 1);
        while (a.shape[0] < n) {
            a = cat(0, a, a.add(a.shape[0]));
        }
        return a.shape[0] == n ? a : a.narrow(0, 0, n).contiguous();
    }

    /** start, start+step, ... up to (excluding) end (written from the host). */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || (end - start) / step < 0) {
            throw new IllegalArgumentException("arange: empty or infinite range start=" + start + " end=" + end
                    + " step=" + step);
        }
        int n = (int) Math.ceil((end - start) / step);
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = start + i * step;
        }
        return fromArray(data, n);
    }

    /** The n x n identity. */
    public static Tensor eye(int n) {
        return eye(Backends.current(), n);
    }

    /** The n x n identity, built on the backend (no host transfer): arange(n) compared with itself transposed. */
    public static Tensor eye(Backend backend, int n) {
        Tensor i = arange(backend, n);
        return i.reshape(n, 1).eq(i.reshape(1, n));
    }

    /** Uniform on [0, 1). */
    public static Tensor rand(Rng rng, int... shape) {
        return uniform(rng, 0f, 1f, shape);
    }

    public static Tensor uniform(Rng rng, float low, float high, int... shape) {
        return random(Backends.current(), rng, Distribution.UNIFORM, low, high, shape);
    }

    /** Standard normal. */
    public static Tensor randn(Rng rng, int... shape) {
        return normal(rng, 0f, 1f, shape);
    }

    public static Tensor normal(Rng rng, float mean, float std, int... shape) {
        return random(Backends.current(), rng, Distribution.NORMAL, mean, std, shape);
    }

    public static Tensor random(Backend backend, Rng rng, Distribution distribution, float a, float b,
                                int... shape) {
        Tensor t = zeros(backend, shape);
        backend.random(t, rng.nextKey(), distribution, a, b);
        return t;
    }

    /** A new zero-filled dense tensor with this tensor's shape and backend. */
    public Tensor zerosLike() {
        return zeros(backend(), shape);
    }

    public Tensor fullLike(float value) {
        return full(backend(), value, shape);
    }

    /** One-hot encoding of integer class indices along a new last axis of size {@code classes}. */
    public Tensor oneHot(int classes) {
        checkIndices("oneHot: class", classes);
        // class ids compared with 0..classes-1: built on the device, no scatter
        return reshape(append(shape, 1)).eq(arange(backend(), classes));
    }

    // =====================================================================================================
    // Accessors
    // =====================================================================================================

    public Storage storage() {
        return storage;
    }

    public Backend backend() {
        return storage.backend();
    }

    public long offset() {
        return offset;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int shape(int axis) {
        return shape[Shapes.axis("shape", axis, shape.length)];
    }

    public long[] strides() {
        return strides.clone();
    }

    public long stride(int axis) {
        return strides[Shapes.axis("stride", axis, shape.length)];
    }

    public int rank() {
        return shape.length;
    }

    public long numel() {
        return Shapes.numel(shape);
    }

    public boolean isContiguous() {
        return Shapes.isContiguous(shape, strides);
    }

    /** The storage version, bumped by every in-place write; autograd uses it to detect stale saved tensors. */
    public int version() {
        return storage.version();
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    // =====================================================================================================
    // Views (no copy)
    // =====================================================================================================

    /** A view with new shape (one entry may be -1); copies first only when this tensor is not dense. */
    public Tensor reshape(int... newShape) {
        int[] s = inferShape(newShape);
        if (!isContiguous()) {
            return contiguous().reshape(s);
        }
        return new Tensor(storage, offset, s, Shapes.contiguousStrides(s));
    }

    /** Merges axes [start, end] into one. */
    public Tensor flatten(int start, int end) {
        int s = Shapes.axis("flatten", start, rank());
        int e = Shapes.axis("flatten", end, rank());
        int[] out = new int[rank() - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) {
            out[k++] = shape[i];
        }
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= shape[i];
        }
        out[k++] = merged;
        for (int i = e + 1; i < rank(); i++) {
            out[k++] = shape[i];
        }
        return reshape(out);
    }

    /** Reorders axes: result axis i is this tensor's axis order[i]. */
    public Tensor permute(int... order) {
        if (order.length != rank()) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " does not match rank "
                    + rank() + " of shape " + Shapes.str(shape));
        }
        int[] s = new int[rank()];
        long[] st = new long[rank()];
        boolean[] seen = new boolean[rank()];
        for (int i = 0; i < rank(); i++) {
            int a = Shapes.axis("permute", order[i], rank());
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axis " + a + " repeated in " + Arrays.toString(order));
            }
            seen[a] = true;
            s[i] = shape[a];
            st[i] = strides[a];
        }
        return new Tensor(storage, offset, s, st);
    }

    public Tensor transpose(int axis0, int axis1) {
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int a = Shapes.axis("transpose", axis0, rank());
        int b = Shapes.axis("transpose", axis1, rank());
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Swaps the last two axes (matrix transpose of every batch entry). */
    public Tensor mT() {
        if (rank() < 2) {
            throw new IllegalArgumentException("mT: needs rank >= 2, got shape " + Shapes.str(shape));
        }
        return transpose(-2, -1);
    }

    /** Elements [start, start + length) along an axis. */
    public Tensor narrow(int axis, int start, int length) {
        return slice(axis, start, start + length, 1);
    }

    /** Elements start, start+step, ... below end along an axis (Python's a[start:end:step]). */
    public Tensor slice(int axis, int start, int end, int step) {
        int a = Shapes.axis("slice", axis, rank());
        if (start < 0 || end > shape[a] || start > end || step < 1) {
            throw new IllegalArgumentException("slice: [" + start + ":" + end + ":" + step + "] out of range for axis "
                    + a + " of shape " + Shapes.str(shape));
        }
        int[] s = shape.clone();
        long[] st = strides.clone();
        s[a] = (end - start + step - 1) / step;
        st[a] = strides[a] * step;
        return new Tensor(storage, offset + start * strides[a], s, st);
    }

    /** The sub-tensor at one index of an axis; the axis disappears. */
    public Tensor select(int axis, int index) {
        int a = Shapes.axis("select", axis, rank());
        if (index < 0 || index >= shape[a]) {
            throw new IllegalArgumentException("select: index " + index + " out of range for axis " + a
                    + " of shape " + Shapes.str(shape));
        }
        return narrow(a, index, 1).squeeze(a);
    }

    /** Broadcasts size-1 axes (and new leading axes) to a larger shape with stride 0. -1 keeps a size. */
    public Tensor expand(int... newShape) {
        if (newShape.length < rank()) {
            throw new IllegalArgumentException("expand: cannot expand shape " + Shapes.str(shape) + " to "
                    + Shapes.str(newShape));
        }
        int lead = newShape.length - rank();
        int[] s = new int[newShape.length];
        long[] st = new long[newShape.length];
        for (int i = 0; i < newShape.length; i++) {
            int want = newShape[i];
            if (i < lead) {
                if (want < 0) {
                    throw new IllegalArgumentException("expand: -1 not allowed for new leading axis " + i);
                }
                s[i] = want;
                st[i] = 0;
                continue;
            }
            int have = shape[i - lead];
            if (want == -1 || want == have) {
                s[i] = have;
                st[i] = strides[i - lead];
            } else if (have == 1) {
                s[i] = want;
                st[i] = 0;
            } else {
                throw new IllegalArgumentException("expand: cannot expand shape " + Shapes.str(shape) + " to "
                        + Shapes.str(newShape) + " (axis " + i + " has size " + have + ")");
            }
        }
        return new Tensor(storage, offset, s, st);
    }

    public Tensor unsqueeze(int axis) {
        int a = Shapes.axis("unsqueeze", axis, rank() + 1);
        int[] s = new int[rank() + 1];
        long[] st = new long[rank() + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i == a) {
                s[i] = 1;
                st[i] = j < rank() ? strides[j] * shape[j] : 1;
            } else {
                s[i] = shape[j];
                st[i] = strides[j];
                j++;
            }
        }
        return new Tensor(storage, offset, s, st);
    }

    /** Removes one size-1 axis. */
    public Tensor squeeze(int axis) {
        int a = Shapes.axis("squeeze", axis, rank());
        if (shape[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + a + " of shape " + Shapes.str(shape)
                    + " has size " + shape[a] + ", expected 1");
        }
        int[] s = new int[rank() - 1];
        long[] st = new long[rank() - 1];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i != a) {
                s[j] = shape[i];
                st[j] = strides[i];
                j++;
            }
        }
        return new Tensor(storage, offset, s, st);
    }

    /**
     * A view with explicit shape, strides and storage offset over this tensor's storage: the building block of
     * im2col (overlapping windows). The caller guarantees every addressed element lies inside the storage.
     */
    public Tensor asStrided(int[] newShape, long[] newStrides, long newOffset) {
        if (newShape.length != newStrides.length) {
            throw new IllegalArgumentException("asStrided: shape " + Shapes.str(newShape) + " and strides "
                    + Arrays.toString(newStrides) + " differ in rank");
        }
        long max = newOffset;
        for (int i = 0; i < newShape.length; i++) {
            if (newShape[i] < 0 || newStrides[i] < 0) {
                throw new IllegalArgumentException("asStrided: negative size or stride in " + Shapes.str(newShape));
            }
            if (newShape[i] == 0) {
                max = newOffset;
                break;
            }
            max += (long) (newShape[i] - 1) * newStrides[i];
        }
        if (newOffset < 0 || (Shapes.numel(newShape) > 0 && max >= storage.length())) {
            throw new IllegalArgumentException("asStrided: view " + Shapes.str(newShape) + " strides "
                    + Arrays.toString(newStrides) + " offset " + newOffset + " reaches element " + max
                    + " of a storage of " + storage.length());
        }
        return new Tensor(storage, newOffset, newShape.clone(), newStrides.clone());
    }

    /** Splits an axis into pieces of the given sizes (views). */
    public Tensor[] split(int axis, int... sizes) {
        int a = Shapes.axis("split", axis, rank());
        int total = 0;
        for (int s : sizes) {
            total += s;
        }
        if (total != shape[a]) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " sum to " + total
                    + " but axis " + a + " of shape " + Shapes.str(shape) + " has " + shape[a]);
        }
        Tensor[] parts = new Tensor[sizes.length];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            parts[i] = narrow(a, start, sizes[i]);
            start += sizes[i];
        }
        return parts;
    }

    /** Splits an axis into {@code n} equal pieces (views). */
    public Tensor[] chunk(int axis, int n) {
        int a = Shapes.axis("chunk", axis, rank());
        if (n <= 0 || shape[a] % n != 0) {
            throw new IllegalArgumentException("chunk: axis " + a + " of shape " + Shapes.str(shape)
                    + " does not split into " + n + " equal pieces");
        }
        int[] sizes = new int[n];
        Arrays.fill(sizes, shape[a] / n);
        return split(a, sizes);
    }

    // =====================================================================================================
    // Copies and host access
    // =====================================================================================================

    /** This tensor if dense, else a dense copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : copy();
    }

    /** A dense copy (always new storage). */
    public Tensor copy() {
        Tensor out = zeros(backend(), shape);
        backend().copy(this, out);
        return out;
    }

    /** The same values on another backend. */
    public Tensor to(Backend target) {
        if (target == backend()) {
            return this;
        }
        return fromArray(target, toArray(), shape);
    }

    /** All elements, row-major, copied to the host. */
    public float[] toArray() {
        Tensor c = contiguous();
        float[] out = new float[Shapes.toIntExact("toArray", numel())];
        c.backend().read(c.storage, c.offset, out, 0, out.length);
        return out;
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: tensor of shape " + Shapes.str(shape) + " has " + numel()
                    + " elements, expected 1");
        }
        float[] out = new float[1];
        backend().read(storage, offset, out, 0, 1);
        return out[0];
    }

    /** One element by its full index. */
    public float get(int... index) {
        if (index.length != rank()) {
            throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " for shape "
                    + Shapes.str(shape));
        }
        long pos = offset;
        for (int i = 0; i < rank(); i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " out of range for shape "
                        + Shapes.str(shape));
            }
            pos += index[i] * strides[i];
        }
        float[] out = new float[1];
        backend().read(storage, pos, out, 0, 1);
        return out[0];
    }

    // =====================================================================================================
    // In-place writes (bump the version)
    // =====================================================================================================

    /** this = src (broadcast to this shape). */
    public Tensor copyFromInPlace(Tensor src) {
        sameBackend("copyFrom", src);
        backend().copy(unaliased(src.broadcastTo("copyFrom", shape)), this);
        storage.bumpVersion();
        return this;
    }

    public Tensor fillInPlace(float value) {
        backend().fill(this, value);
        storage.bumpVersion();
        return this;
    }

    /** this += other (broadcast to this shape): gradient accumulation. */
    public Tensor addInPlace(Tensor other) {
        return binaryInPlace(BinaryOp.ADD, other);
    }

    public Tensor subInPlace(Tensor other) {
        return binaryInPlace(BinaryOp.SUB, other);
    }

    public Tensor mulInPlace(Tensor other) {
        return binaryInPlace(BinaryOp.MUL, other);
    }

    public Tensor mulInPlace(float s) {
        return binaryInPlace(BinaryOp.MUL, scalarLike(s));
    }

    private Tensor binaryInPlace(BinaryOp op, Tensor other) {
        sameBackend(op.name().toLowerCase() + "InPlace", other);
        Tensor b = unaliased(other.broadcastTo(op.name().toLowerCase() + "InPlace", shape));
        if (isContiguous()) {
            backend().binary(op, this, b, this);
        } else {
            Tensor tmp = zeros(backend(), shape);
            backend().binary(op, this, b, tmp);
            backend().copy(tmp, this);
        }
        storage.bumpVersion();
        return this;
    }

    /** this[..., index, ...] += src along an axis (torch's scatter_add_). index and src share a shape. */
    public Tensor scatterAddInPlace(int axis, Tensor index, Tensor src) {
        int a = Shapes.axis("scatterAdd", axis, rank());
        checkIndexShape("scatterAdd", a, index);
        if (!index.sameShape(src)) {
            throw new IllegalArgumentException("scatterAdd: index shape " + Shapes.str(index.shape)
                    + " differs from src shape " + Shapes.str(src.shape));
        }
        requireDense("scatterAdd");
        sameBackend("scatterAdd", index);
        sameBackend("scatterAdd", src);
        index.checkIndices("scatterAdd: index", shape[a]);
        backend().scatterAdd(view3(this, a), view3(index.contiguous(), a), view3(src.contiguous(), a));
        storage.bumpVersion();
        return this;
    }

    /** this[..., index[j], ...] += src[..., j, ...] along an axis, index 1-d (torch's index_add_). */
    public Tensor indexAddInPlace(int axis, Tensor index, Tensor src) {
        int a = Shapes.axis("indexAdd", axis, rank());
        if (index.rank() != 1) {
            throw new IllegalArgumentException("indexAdd: index must be 1-d, got " + Shapes.str(index.shape));
        }
        int[] expect = shape.clone();
        expect[a] = index.shape[0];
        if (!Arrays.equals(expect, src.shape)) {
            throw new IllegalArgumentException("indexAdd: src shape " + Shapes.str(src.shape) + ", expected "
                    + Shapes.str(expect));
        }
        requireDense("indexAdd");
        sameBackend("indexAdd", index);
        sameBackend("indexAdd", src);
        index.checkIndices("indexAdd: index", shape[a]);
        backend().indexAdd(view3(this, a), index.contiguous(), view3(src.contiguous(), a));
        storage.bumpVersion();
        return this;
    }

    // =====================================================================================================
    // Elementwise
    // =====================================================================================================

    public Tensor apply(UnaryOp op) {
        Tensor out = zeros(backend(), shape);
        backend().unary(op, this, out);
        return out;
    }

    public Tensor neg() {
        return apply(UnaryOp.NEG);
    }

    public Tensor abs() {
        return apply(UnaryOp.ABS);
    }

    public Tensor sign() {
        return apply(UnaryOp.SIGN);
    }

    public Tensor square() {
        return apply(UnaryOp.SQUARE);
    }

    public Tensor reciprocal() {
        return apply(UnaryOp.RECIPROCAL);
    }

    public Tensor exp() {
        return apply(UnaryOp.EXP);
    }

    public Tensor log() {
        return apply(UnaryOp.LOG);
    }

    public Tensor sqrt() {
        return apply(UnaryOp.SQRT);
    }

    public Tensor rsqrt() {
        return apply(UnaryOp.RSQRT);
    }

    public Tensor tanh() {
        return apply(UnaryOp.TANH);
    }

    public Tensor sigmoid() {
        return apply(UnaryOp.SIGMOID);
    }

    public Tensor relu() {
        return apply(UnaryOp.RELU);
    }

    /** Exact GELU (erf), PyTorch's default. */
    public Tensor gelu() {
        return apply(UnaryOp.GELU_ERF);
    }

    /** GELU with the tanh approximation. */
    public Tensor geluTanh() {
        return apply(UnaryOp.GELU_TANH);
    }

    public Tensor apply(BinaryOp op, Tensor other) {
        String name = op.name().toLowerCase();
        sameBackend(name, other);
        int[] outShape = Shapes.broadcast(name, shape, other.shape);
        Tensor out = zeros(backend(), outShape);
        backend().binary(op, broadcastTo(name, outShape), other.broadcastTo(name, outShape), out);
        return out;
    }

    public Tensor add(Tensor other) {
        return apply(BinaryOp.ADD, other);
    }

    public Tensor sub(Tensor other) {
        return apply(BinaryOp.SUB, other);
    }

    public Tensor mul(Tensor other) {
        return apply(BinaryOp.MUL, other);
    }

    public Tensor div(Tensor other) {
        return apply(BinaryOp.DIV, other);
    }

    public Tensor pow(Tensor other) {
        return apply(BinaryOp.POW, other);
    }

    public Tensor maximum(Tensor other) {
        return apply(BinaryOp.MAX, other);
    }

    public Tensor minimum(Tensor other) {
        return apply(BinaryOp.MIN, other);
    }

    public Tensor eq(Tensor other) {
        return apply(BinaryOp.EQ, other);
    }

    public Tensor ne(Tensor other) {
        return apply(BinaryOp.NE, other);
    }

    public Tensor lt(Tensor other) {
        return apply(BinaryOp.LT, other);
    }

    public Tensor le(Tensor other) {
        return apply(BinaryOp.LE, other);
    }

    public Tensor gt(Tensor other) {
        return apply(BinaryOp.GT, other);
    }

    public Tensor ge(Tensor other) {
        return apply(BinaryOp.GE, other);
    }

    public Tensor add(float s) {
        return add(scalarLike(s));
    }

    public Tensor sub(float s) {
        return sub(scalarLike(s));
    }

    public Tensor mul(float s) {
        return mul(scalarLike(s));
    }

    public Tensor div(float s) {
        return div(scalarLike(s));
    }

    public Tensor pow(float s) {
        return pow(scalarLike(s));
    }

    public Tensor maximum(float s) {
        return maximum(scalarLike(s));
    }

    public Tensor minimum(float s) {
        return minimum(scalarLike(s));
    }

    public Tensor eq(float s) {
        return eq(scalarLike(s));
    }

    public Tensor lt(float s) {
        return lt(scalarLike(s));
    }

    public Tensor gt(float s) {
        return gt(scalarLike(s));
    }

    public Tensor ge(float s) {
        return ge(scalarLike(s));
    }

    public Tensor le(float s) {
        return le(scalarLike(s));
    }

    public Tensor ne(float s) {
        return ne(scalarLike(s));
    }

    /** s - this. */
    public Tensor rsub(float s) {
        return scalarLike(s).sub(this);
    }

    /** cond != 0 ? a : b, all three broadcast together. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        cond.sameBackend("where", a);
        cond.sameBackend("where", b);
        int[] outShape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape, a.shape), b.shape);
        Tensor out = zeros(cond.backend(), outShape);
        cond.backend().where(cond.broadcastTo("where", outShape), a.broadcastTo("where", outShape),
                b.broadcastTo("where", outShape), out);
        return out;
    }

    /** value where mask != 0, else this (mask broadcasts to this shape). */
    public Tensor maskedFill(Tensor mask, float value) {
        return where(mask.broadcastTo("maskedFill", shape), scalarLike(value), this);
    }

    /** Clamps into [lo, hi]. */
    public Tensor clamp(float lo, float hi) {
        return maximum(lo).minimum(hi);
    }

    // =====================================================================================================
    // Reductions
    // =====================================================================================================

    public Tensor sum() {
        return reduce(ReduceOp.SUM, allAxes(), false);
    }

    public Tensor sum(int axis, boolean keepDim) {
        return reduce(ReduceOp.SUM, new int[] {axis}, keepDim);
    }

    public Tensor sum(int[] axes, boolean keepDim) {
        return reduce(ReduceOp.SUM, axes, keepDim);
    }

    public Tensor mean() {
        return reduce(ReduceOp.MEAN, allAxes(), false);
    }

    public Tensor mean(int axis, boolean keepDim) {
        return reduce(ReduceOp.MEAN, new int[] {axis}, keepDim);
    }

    public Tensor mean(int[] axes, boolean keepDim) {
        return reduce(ReduceOp.MEAN, axes, keepDim);
    }

    public Tensor max() {
        return reduce(ReduceOp.MAX, allAxes(), false);
    }

    public Tensor max(int axis, boolean keepDim) {
        return reduce(ReduceOp.MAX, new int[] {axis}, keepDim);
    }

    public Tensor min() {
        return reduce(ReduceOp.MIN, allAxes(), false);
    }

    public Tensor min(int axis, boolean keepDim) {
        return reduce(ReduceOp.MIN, new int[] {axis}, keepDim);
    }

    /** Index of the first maximum along an axis, as float. */
    public Tensor argmax(int axis, boolean keepDim) {
        return reduce(ReduceOp.ARGMAX, new int[] {axis}, keepDim);
    }

    public Tensor argmin(int axis, boolean keepDim) {
        return reduce(ReduceOp.ARGMIN, new int[] {axis}, keepDim);
    }

    /** Variance over axes with Bessel's correction {@code correction} (0 = population, 1 = sample). */
    public Tensor var(int[] axes, int correction, boolean keepDim) {
        Tensor mean = mean(axes, true);
        Tensor sq = sub(mean).square();
        long n = 1;
        for (int a : normalizeAxes("var", axes)) {
            n *= shape[a];
        }
        if (n - correction <= 0) {
            throw new IllegalArgumentException("var: " + n + " elements with correction " + correction);
        }
        return sq.sum(axes, keepDim).mul(1f / (n - correction));
    }

    /** Reduces the given axes. Lowered to the backend's [outer, n, inner] form, permuting only when needed. */
    public Tensor reduce(ReduceOp op, int[] axes, boolean keepDim) {
        String name = op.name().toLowerCase();
        int[] ax = normalizeAxes(name, axes);
        if ((op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) && ax.length != 1) {
            throw new IllegalArgumentException(name + ": needs exactly one axis, got " + Arrays.toString(axes));
        }
        boolean[] reduced = new boolean[rank()];
        for (int a : ax) {
            reduced[a] = true;
        }
        int[] keptShape = new int[rank()];
        int n = 1;
        for (int i = 0; i < rank(); i++) {
            keptShape[i] = reduced[i] ? 1 : shape[i];
            if (reduced[i]) {
                n *= shape[i];
            }
        }
        int[] dropped = new int[rank() - ax.length];
        for (int i = 0, k = 0; i < rank(); i++) {
            if (!reduced[i]) {
                dropped[k++] = shape[i];
            }
        }
        if (n == 0) {
            if (op != ReduceOp.SUM) {
                throw new IllegalArgumentException(name + ": reducing an empty axis of shape " + Shapes.str(shape));
            }
            return zeros(backend(), keepDim ? keptShape : dropped); // like numpy, an empty sum is 0
        }
        boolean run = ax.length == 0 || ax[ax.length - 1] - ax[0] == ax.length - 1;
        Tensor src;
        int outer;
        int inner;
        if (run && ax.length > 0) {
            src = contiguous();
            outer = 1;
            for (int i = 0; i < ax[0]; i++) {
                outer *= shape[i];
            }
            inner = 1;
            for (int i = ax[ax.length - 1] + 1; i < rank(); i++) {
                inner *= shape[i];
            }
        } else {
            int[] order = new int[rank()];
            int k = 0;
            for (int i = 0; i < rank(); i++) {
                if (!reduced[i]) {
                    order[k++] = i;
                }
            }
            for (int a : ax) {
                order[k++] = a;
            }
            src = permute(order).contiguous();
            outer = Shapes.toIntExact(name, numel() / Math.max(1, n));
            inner = 1;
        }
        Tensor out = zeros(backend(), outer, inner);
        backend().reduce(op, src.reshape(outer, n, inner), out);
        return out.reshape(keepDim ? keptShape : dropped);
    }

    // =====================================================================================================
    // Joining, indexing, sorting
    // =====================================================================================================

    /** Concatenates along an existing axis. */
    public static Tensor cat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("cat: no tensors");
        }
        Tensor first = parts[0];
        int a = Shapes.axis("cat", axis, first.rank());
        int[] outShape = first.shape();
        outShape[a] = 0;
        for (Tensor p : parts) {
            first.sameBackend("cat", p);
            if (p.rank() != first.rank()) {
                throw new IllegalArgumentException("cat: shapes " + Shapes.str(first.shape) + " and "
                        + Shapes.str(p.shape) + " differ in rank");
            }
            for (int i = 0; i < p.rank(); i++) {
                if (i != a && p.shape[i] != first.shape[i]) {
                    throw new IllegalArgumentException("cat: shapes " + Shapes.str(first.shape) + " and "
                            + Shapes.str(p.shape) + " differ outside axis " + a);
                }
            }
            outShape[a] += p.shape[a];
        }
        Tensor out = zeros(first.backend(), outShape);
        int start = 0;
        for (Tensor p : parts) {
            if (p.shape[a] > 0) {
                first.backend().copy(p, out.narrow(a, start, p.shape[a]));
            }
            start += p.shape[a];
        }
        return out;
    }

    /** Stacks equal-shaped tensors along a new axis. */
    public static Tensor stack(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: no tensors");
        }
        int a = Shapes.axis("stack", axis, parts[0].rank() + 1);
        Tensor[] expanded = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].sameShape(parts[0])) {
                throw new IllegalArgumentException("stack: shapes " + Shapes.str(parts[0].shape) + " and "
                        + Shapes.str(parts[i].shape) + " differ");
            }
            expanded[i] = parts[i].unsqueeze(a);
        }
        return cat(a, expanded);
    }

    /** out[..., j, ...] = this[..., index[..., j, ...], ...] along an axis (torch.gather). */
    public Tensor gather(int axis, Tensor index) {
        int a = Shapes.axis("gather", axis, rank());
        checkIndexShape("gather", a, index);
        sameBackend("gather", index);
        Tensor out = zeros(backend(), index.shape);
        backend().gather(view3(contiguous(), a), view3(index.contiguous(), a), view3(out, a));
        return out;
    }

    /** Rows (or slices) along an axis picked by a 1-d index: embedding lookup, MAE token selection. */
    public Tensor indexSelect(int axis, Tensor index) {
        int a = Shapes.axis("indexSelect", axis, rank());
        if (index.rank() != 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-d, got " + Shapes.str(index.shape));
        }
        sameBackend("indexSelect", index);
        int[] outShape = shape.clone();
        outShape[a] = index.shape[0];
        Tensor out = zeros(backend(), outShape);
        backend().indexSelect(view3(contiguous(), a), index.contiguous(), view3(out, a));
        return out;
    }

    /** Values and indices of the k largest (or smallest) entries along the last axis, sorted. */
    public TopK topk(int k, boolean largest) {
        int n = shape[rank() - 1];
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("topk: k=" + k + " out of range for last axis of shape "
                    + Shapes.str(shape));
        }
        int rows = Shapes.toIntExact("topk", numel() / Math.max(1, n));
        int[] outShape = shape.clone();
        outShape[rank() - 1] = k;
        Tensor values = zeros(backend(), outShape);
        Tensor indices = zeros(backend(), outShape);
        backend().topk(contiguous().reshape(rows, n), k, largest, values.reshape(rows, k), indices.reshape(rows, k));
        return new TopK(values, indices);
    }

    /** Indices that sort the last axis (ascending, or descending), stable. */
    public Tensor argsort(boolean descending) {
        return topk(shape[rank() - 1], descending).indices();
    }

    /** Result of {@link #topk}. */
    public record TopK(Tensor values, Tensor indices) {}

    // =====================================================================================================
    // Fused ops
    // =====================================================================================================

    /**
     * Matrix product with numpy semantics: 1-d operands are promoted, batch dims broadcast. Transposed views
     * (from {@link #mT()}) are passed to the kernel as transpose flags, never copied.
     */
    public Tensor matmul(Tensor other) {
        return Linalg.matmul(this, other, null, Epilogue.NONE);
    }

    /** Softmax along an axis. */
    public Tensor softmax(int axis) {
        return Linalg.softmax(this, axis, false);
    }

    /** Log-softmax along an axis. */
    public Tensor logSoftmax(int axis) {
        return Linalg.softmax(this, axis, true);
    }

    /** This tensor divided by its L2 norm along an axis (norm clamped below by eps). */
    public Tensor l2Normalize(int axis, float eps) {
        Tensor norm = square().sum(axis, true).sqrt().maximum(eps);
        return div(norm);
    }

    // =====================================================================================================
    // Comparison and printing
    // =====================================================================================================

    /** True when shapes match and |a - b| &lt;= atol + rtol |b| everywhere (NaN equals NaN). */
    public boolean allClose(Tensor other, float rtol, float atol) {
        if (!sameShape(other)) {
            return false;
        }
        float[] a = toArray();
        float[] b = other.toArray();
        for (int i = 0; i < a.length; i++) {
            if (Float.isNaN(a[i]) && Float.isNaN(b[i])) {
                continue;
            }
            if (a[i] == b[i]) {
                continue;
            }
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    // =====================================================================================================
    // Helpers
    // =====================================================================================================

    /** A view of this tensor broadcast to a shape (stride 0 on broadcast dims). */
    Tensor broadcastTo(String op, int[] target) {
        if (Arrays.equals(shape, target)) {
            return this;
        }
        Shapes.broadcast(op, shape, target); // validates, names op
        try {
            return expand(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": shape " + Shapes.str(shape) + " does not broadcast to "
                    + Shapes.str(target));
        }
    }

    /**
     * Kernels may write an output that aliases an input only with the same layout; an operand that shares this
     * tensor's storage in another layout (x += x.transpose(0, 1), a shifted view) is copied first.
     */
    private Tensor unaliased(Tensor operand) {
        boolean sameLayout = operand.offset == offset && Arrays.equals(operand.strides, strides);
        return operand.storage == storage && !sameLayout ? operand.copy() : operand;
    }

    Tensor scalarLike(float s) {
        return scalar(backend(), s);
    }

    void sameBackend(String op, Tensor other) {
        if (other.backend() != backend()) {
            throw new IllegalArgumentException(op + ": tensors live on different backends (" + backend().name()
                    + " and " + other.backend().name() + "); move one with to(backend)");
        }
    }

    private void requireDense(String op) {
        if (!isContiguous()) {
            throw new IllegalArgumentException(op + ": in-place target must be dense, got strides "
                    + Arrays.toString(strides) + " for shape " + Shapes.str(shape));
        }
    }

    private void checkIndexShape(String op, int axis, Tensor index) {
        if (index.rank() != rank()) {
            throw new IllegalArgumentException(op + ": index shape " + Shapes.str(index.shape) + " must have the rank of "
                    + Shapes.str(shape));
        }
        for (int i = 0; i < rank(); i++) {
            if (i != axis && index.shape[i] != shape[i]) {
                throw new IllegalArgumentException(op + ": index shape " + Shapes.str(index.shape)
                        + " must match " + Shapes.str(shape) + " outside axis " + axis);
            }
        }
    }

    /**
     * Checks that every value is an integer in [0, bound) (class ids, token ids, positions), else an
     * IllegalArgumentException starting with {@code what}: on the CPU now, on a device at its next host read
     * (no round trip in the middle of a step). Returns this. The in-place scatters check their index so before
     * any write, so on the CPU a bad index leaves the target untouched; gather and indexSelect write fresh outputs
     * and leave the check to their kernel (see {@link Backend}), which reads every index anyway.
     */
    public Tensor checkIndices(String what, int bound) {
        if (numel() > 0) {
            backend().checkIndices(this, bound, what);
        }
        return this;
    }

    /** A dense tensor viewed as [outer, shape[axis], inner] around an axis. */
    static Tensor view3(Tensor t, int axis) {
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= t.shape[i];
        }
        int inner = 1;
        for (int i = axis + 1; i < t.rank(); i++) {
            inner *= t.shape[i];
        }
        return t.reshape(outer, t.shape[axis], inner);
    }

    private int[] allAxes() {
        int[] ax = new int[rank()];
        for (int i = 0; i < ax.length; i++) {
            ax[i] = i;
        }
        return ax;
    }

    private int[] normalizeAxes(String op, int[] axes) {
        int[] ax = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            ax[i] = Shapes.axis(op, axes[i], rank());
        }
        Arrays.sort(ax);
        for (int i = 1; i < ax.length; i++) {
            if (ax[i] == ax[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + ax[i] + " repeated in " + Arrays.toString(axes));
            }
        }
        return ax;
    }

    private int[] inferShape(int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Shapes.str(newShape));
                }
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: negative size in " + Shapes.str(newShape));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(shape) + " to "
                        + Shapes.str(newShape));
            }
            s[infer] = (int) (numel() / known);
        }
        if (Shapes.numel(s) != numel()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(shape) + " (" + numel()
                    + " elements) to " + Shapes.str(newShape));
        }
        return s;
    }

    private static int[] checkShape(String op, int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative size in shape " + Shapes.str(shape));
            }
        }
        Shapes.toIntExact(op, Shapes.numel(shape));
        return shape.clone();
    }

    private static int[] append(int[] shape, int d) {
        int[] s = Arrays.copyOf(shape, shape.length + 1);
        s[shape.length] = d;
        return s;
    }

    /** Package-private constructor access for Linalg. */
    static Tensor view(Tensor base, int[] shape, long[] strides, long offset) {
        return new Tensor(base.storage, offset, shape, strides);
    }
}
