package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.nn.checkpoint.ModelCheckpoint;

/**
 * The --resume option of the training commands: a resumed run takes the options saved in its checkpoints (what
 * the user gave, and the defaults that were in effect, kept apart), so it continues exactly the run that was
 * started. Only where it computes may change: --threads and --device (cpu or opencl[:N], see {@link Compute}).
 */
final class Resume {
    private static final String ARGUMENTS = "arguments";
    private static final String DEFAULTS = "defaults";

    private Resume() {}

    /** The options that a resume may give again: where the run computes, not what it computes. */
    static final List<String> CHANGEABLE = List.of("--threads", "--device");

    /** The options to continue with: the saved ones, with a --threads or --device given now replacing the saved. */
    static Options.Parsed options(Options o, String command, String[] args, Options.Parsed given, Path checkpoint)
            throws IOException {
        return restore(o, command, args, given, savedMetadata(checkpoint, command, "--resume"));
    }

    /** {@link #options} on a checkpoint's metadata. */
    static Options.Parsed restore(Options o, String command, String[] args, Options.Parsed given,
                                  Map<String, String> meta) {
        for (String a : args) {
            String name = a.split("=")[0];
            if (a.startsWith("--") && !name.equals("--resume") && !CHANGEABLE.contains(name)) {
                throw new Options.UsageException(command + ": --resume continues with the run's saved options; "
                        + name + " cannot be changed (only " + String.join(" and ", CHANGEABLE) + ")");
            }
        }
        Options.Parsed saved = restore(o, meta);
        List<String> arguments = new ArrayList<>(arguments(meta));
        for (String name : CHANGEABLE) {
            if (given.has(name)) {
                String value = given.string(name);
                if (!value.equals(saved.string(name))) {
                    System.err.println(command + ": note: " + name + " " + value + " differs from the run's ("
                            + saved.string(name) + "); the resumed steps will not match an uninterrupted run bit "
                            + "for bit");
                }
                arguments.removeIf(s -> s.startsWith(name + "="));
                arguments.add(name + "=" + value);
            }
        }
        return o.parse(arguments.toArray(String[]::new), defaults(meta));
    }

    /** The options a checkpoint of {@code command} was written with. */
    static Options.Parsed saved(Options o, Path checkpoint, String command, String option) throws IOException {
        return restore(o, savedMetadata(checkpoint, command, option));
    }

    /** The options saved in a checkpoint's metadata ({@link #metadata}). */
    static Options.Parsed restore(Options o, Map<String, String> meta) {
        return o.parse(arguments(meta).toArray(String[]::new), defaults(meta));
    }

    private static Map<String, String> savedMetadata(Path checkpoint, String command, String option)
            throws IOException {
        Map<String, String> meta = ModelCheckpoint.metadata(checkpoint);
        if (!command.equals(meta.get("command")) || meta.get(ARGUMENTS) == null) {
            throw new Options.UsageException(option + " " + checkpoint + ": not a checkpoint of ./cardiograd "
                    + command + " (no saved options)");
        }
        return meta;
    }

    private static List<String> arguments(Map<String, String> meta) {
        String saved = meta.get(ARGUMENTS);
        return saved.isEmpty() ? List.of() : List.of(saved.split("\n"));
    }

    /** The saved defaults; none in checkpoints written before they were saved apart (their arguments hold them). */
    private static Map<String, String> defaults(Map<String, String> meta) {
        Map<String, String> out = new LinkedHashMap<>();
        String saved = meta.getOrDefault(DEFAULTS, "");
        for (String line : saved.isEmpty() ? new String[0] : saved.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("--") || eq < 0) {
                throw new Options.UsageException("saved defaults: expected --name=value lines, got '" + line + "'");
            }
            out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    /**
     * The metadata every checkpoint of a run carries: the command, the options the user gave, the defaults in
     * effect for the others, and the resolved config.
     */
    static Map<String, String> metadata(String command, Options.Parsed p, String configJson) {
        List<String> defaults = new ArrayList<>();
        p.defaultsInEffect().forEach((name, value) -> defaults.add(name + "=" + value));
        return Map.of("command", command, ARGUMENTS, String.join("\n", p.arguments()), DEFAULTS,
                String.join("\n", defaults), "config", configJson);
    }
}
