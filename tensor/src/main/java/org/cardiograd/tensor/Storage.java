package org.cardiograd.tensor;

/**
 * A block of float32 memory owned by one backend. On the CPU it wraps a {@code float[]}; on a device it is a
 * region of a device-resident pool. Tensors never touch it directly: every read, write and kernel goes
 * through its {@link #backend()}.
 *
 * <p>The version counter is bumped by every in-place write through a tensor, so autograd can detect that a
 * tensor it saved for backward was modified afterwards.
 */
public abstract class Storage {
    private final long length;
    private int version;

    protected Storage(long length) {
        this.length = length;
    }

    public abstract Backend backend();

    /** Number of float elements. */
    public final long length() {
        return length;
    }

    public final int version() {
        return version;
    }

    final void bumpVersion() {
        version++;
    }
}
