package org.cardiograd.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.SafeTensors;
import org.cardiograd.tensor.io.SafeTensorsFile;

/**
 * A model's parameters and buffers in one safetensors file, under their dotted state-dict names, as F32 with the
 * {@code format: pt} metadata HuggingFace writes: a PyTorch state dict saved with
 * {@code safetensors.torch.save_file(model.state_dict(), path)} loads into the matching cardiograd module, and a
 * file saved here loads in PyTorch with {@code model.load_state_dict(safetensors.torch.load_file(path))}.
 *
 * <p>Loading reads and validates the whole file first (format, then keys and shapes against the module), and
 * writes into the module only when everything fits, so a corrupted or truncated file, a header lying about
 * offsets, or a state dict of the wrong shapes leaves the module exactly as it was. Saving is atomic (temporary
 * file + rename), so a crash mid-save never destroys the previous checkpoint.
 */
public final class ModelCheckpoint {
    private ModelCheckpoint() {}

    /** What a non-strict load skipped. */
    public record LoadReport(List<String> missingKeys, List<String> unexpectedKeys) {}

    public static void save(Module model, Path path) throws IOException {
        save(model, path, Map.of());
    }

    /** Saves the state dict with extra string metadata (e.g. the model config as JSON). */
    public static void save(Module model, Path path, Map<String, String> metadata) throws IOException {
        SafeTensors.writer().putAll(model.stateDict()).metadata("format", "pt").metadata(metadata).write(path);
    }

    /**
     * Loads a state dict into the module. Shape mismatches are always errors; with {@code strict}, missing and
     * unexpected keys are too. Integer and half-precision tensors (e.g. PyTorch's {@code num_batches_tracked})
     * are converted to float32. On any problem it throws (a {@link CheckpointException} listing all of them, or the
     * reader's SafeTensorsException for a broken file) and the module is unchanged.
     */
    public static LoadReport load(Module model, Path path, boolean strict) throws IOException {
        LinkedHashMap<String, Tensor> loaded = SafeTensors.readAll(path);
        return load(model, loaded, path.toString(), strict);
    }

    /** The string metadata of a checkpoint file. */
    public static Map<String, String> metadata(Path path) throws IOException {
        try (SafeTensorsFile f = SafeTensors.read(path)) {
            return new LinkedHashMap<>(f.metadata());
        }
    }

    static LoadReport load(Module model, Map<String, Tensor> loaded, String file, boolean strict)
            throws CheckpointException {
        LinkedHashMap<String, Tensor> own = model.stateDict();
        List<String> problems = new ArrayList<>();
        model.checkStateDict(loaded, strict).forEach(p -> problems.add("model: " + p));
        if (!problems.isEmpty()) {
            throw new CheckpointException(file, problems);
        }
        TreeSet<String> missing = new TreeSet<>(own.keySet());
        missing.removeAll(loaded.keySet());
        TreeSet<String> unexpected = new TreeSet<>(loaded.keySet());
        unexpected.removeAll(own.keySet());
        model.loadStateDict(loaded, strict);
        return new LoadReport(List.copyOf(missing), List.copyOf(unexpected));
    }
}
