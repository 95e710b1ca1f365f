package org.cardiograd.tensor;

/** Lets a backend in another jar (OpenCL) register itself for {@link Backends#byName} via ServiceLoader. */
public interface BackendProvider {
    boolean accepts(String device);

    Backend create(String device);
}
