package org.cardiograd.tensor.io;

import java.io.IOException;

/**
 * A safetensors file that breaks the format, or a request the file cannot answer (unknown tensor name, a dtype
 * that cannot be converted). The message names the file, the tensor (when there is one) and the problem.
 *
 * <p>It is an {@link IOException}: a bad file is an input problem like a missing one, and callers that read
 * files already handle {@code IOException}. Plain I/O failures (no such file, disk full) stay ordinary
 * {@code IOException}s; everything the reader finds wrong in the bytes themselves is this class.
 */
public final class SafeTensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    public SafeTensorsException(String message) {
        super(message);
    }
}
