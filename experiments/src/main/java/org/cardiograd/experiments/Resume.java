package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cardiograd.nn.checkpoint.ModelCheckpoint;

/**
 * The --resume option of the training commands: a resumed run takes the options saved in its checkpoints
 * (every option, defaults included), so it continues exactly the run that was started; only --threads may be
 * given again.
 */
final class Resume {
    private Resume() {}

    /** The options to continue with: the saved ones, with a --threads given now replacing the saved one. */
    static Options.Parsed options(Options o, String command, String[] args, Options.Parsed given, Path checkpoint)
            throws IOException {
        for (String a : args) {
            if (a.startsWith("--") && !a.startsWith("--resume") && !a.startsWith("--threads")) {
                throw new Options.UsageException(command + ": --resume continues with the run's saved options; "
                        + a.split("=")[0] + " cannot be changed (only --threads)");
            }
        }
        List<String> saved = new ArrayList<>(savedArguments(checkpoint, command, "--resume"));
        if (given.has("--threads")) {
            if (!saved.contains("--threads=" + given.string("--threads"))) {
                System.err.println(command + ": note: --threads differs from the run's; the resumed steps will not "
                        + "match an uninterrupted run bit for bit");
            }
            saved.removeIf(s -> s.startsWith("--threads="));
            saved.add("--threads=" + given.string("--threads"));
        }
        return o.parse(saved.toArray(String[]::new));
    }

    /** The options a checkpoint of {@code command} was written with. */
    static List<String> savedArguments(Path checkpoint, String command, String option) throws IOException {
        Map<String, String> meta = ModelCheckpoint.metadata(checkpoint);
        if (!command.equals(meta.get("command")) || meta.get("arguments") == null) {
            throw new Options.UsageException(option + " " + checkpoint + ": not a checkpoint of ./cardiograd "
                    + command + " (no saved options)");
        }
        return List.of(meta.get("arguments").split("\n"));
    }

    /** The metadata every checkpoint of a run carries: the command and its resolved options. */
    static Map<String, String> metadata(String command, Options.Parsed p, String configJson) {
        return Map.of("command", command, "arguments", String.join("\n", p.arguments()), "config", configJson);
    }
}
