package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * A command's output folder: {@code runs/<command>-<time>/} unless --out names one. Files are written whole to
 * a temporary name and renamed, so an interrupted run leaves old or new files, never half-written ones;
 * metrics.csv grows by appending a line per step.
 */
record RunFolder(Path path) {
    static final String CHECKPOINTS = "checkpoints";

    /** A new run folder; an existing folder that already holds a run is an error (resume it instead). */
    static RunFolder create(String out, Path runs, String command) throws IOException {
        Path p = out != null ? Path.of(out)
                : runs.resolve(command + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(p.resolve("config.json"))) {
            throw new Options.UsageException(p + " already holds a run (config.json); choose another --out or "
                    + "continue it with --resume " + p);
        }
        Files.createDirectories(p);
        return new RunFolder(p);
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    void write(String name, String text) throws IOException {
        Path target = path.resolve(name);
        Path tmp = path.resolve("." + name + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void append(String name, String line) throws IOException {
        Files.writeString(path.resolve(name), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The checkpoint file of a step: checkpoints/step-000100.safetensors. */
    Path checkpoint(long step) throws IOException {
        return checkpoint(String.format("step-%06d", step));
    }

    /** A named checkpoint file in checkpoints/. */
    Path checkpoint(String name) throws IOException {
        Path dir = path.resolve(CHECKPOINTS);
        Files.createDirectories(dir);
        return dir.resolve(name + ".safetensors");
    }

    /**
     * The checkpoint a --resume or --checkpoint argument means: the file itself, or in a run folder the
     * checkpoint of its highest step.
     */
    static Path checkpointOf(String argument, String option) throws IOException {
        Path p = Path.of(argument);
        if (Files.isRegularFile(p)) {
            return p;
        }
        Path dir = p.resolve(CHECKPOINTS);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> all = files.filter(f -> f.getFileName().toString().matches("step-\\d+\\.safetensors"))
                        .sorted().toList();
                if (!all.isEmpty()) {
                    return all.get(all.size() - 1);
                }
            }
        }
        throw new Options.UsageException(option + " " + argument + ": expected a checkpoint file or a run folder "
                + "with checkpoints/step-*.safetensors");
    }

    /** The run folder a checkpoint belongs to (checkpoints/ is inside it). */
    static RunFolder ofCheckpoint(Path checkpoint) {
        Path parent = checkpoint.toAbsolutePath().getParent();
        return new RunFolder(parent.getFileName().toString().equals(CHECKPOINTS) ? parent.getParent() : parent);
    }
}
