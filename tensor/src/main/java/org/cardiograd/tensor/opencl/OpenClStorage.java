package org.cardiograd.tensor.opencl;

import java.lang.ref.Cleaner;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Storage;

/**
 * A region of an OpenCL device's memory pool. The region returns to the pool when this storage becomes
 * unreachable (a Cleaner, so no tensor lifetime bookkeeping leaks into model code) or on {@link #release()}.
 */
final class OpenClStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final OpenClBackend backend;
    /** Position of element 0 in the pool. */
    final int base;
    private final Cleaner.Cleanable cleanable;

    OpenClStorage(OpenClBackend backend, OpenClPool pool, long length) {
        super(length);
        this.backend = backend;
        long offset = pool.allocate(length);
        this.base = Math.toIntExact(offset);
        // the action must not reference this storage, or it would never become unreachable
        this.cleanable = CLEANER.register(this, () -> pool.release(offset, length));
    }

    @Override
    public Backend backend() {
        return backend;
    }

    /** Frees the region now (idempotent); the storage must not be used afterwards. */
    void release() {
        cleanable.clean();
    }
}
