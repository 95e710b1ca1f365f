package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Storage;

/** Storage in a Java heap array, shared by the CPU and the reference backend. */
public final class HostStorage extends Storage {
    private final Backend backend;
    /** The elements. Kernels of host backends read and write it directly. */
    public final float[] data;

    public HostStorage(Backend backend, float[] data) {
        super(data.length);
        this.backend = backend;
        this.data = data;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    /** The array behind a tensor of a host backend. */
    public static float[] array(org.cardiograd.tensor.Tensor t) {
        return ((HostStorage) t.storage()).data;
    }
}
