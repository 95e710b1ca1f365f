package org.cardiograd.nn.checkpoint;

import java.io.IOException;
import java.util.List;

/**
 * A checkpoint that does not fit what it is loaded into: missing or unexpected keys, shape mismatches, an
 * incomplete optimizer state, a file of the wrong kind. The message lists every problem; when it is thrown nothing
 * was loaded. (A file that breaks the safetensors format is a
 * {@link org.cardiograd.tensor.io.SafeTensorsException}, also an IOException, also thrown before anything is
 * loaded.)
 */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public CheckpointException(String file, List<String> problems) {
        super(file + ": " + String.join("; ", problems) + " (nothing was loaded)");
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
