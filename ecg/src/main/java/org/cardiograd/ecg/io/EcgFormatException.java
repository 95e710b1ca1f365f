package org.cardiograd.ecg.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An ECG file that does not match its format or its own header: a malformed or unparseable header line, an
 * unknown or unsupported signal format, a signal file that is missing, truncated or longer than the header
 * says, a signal or sample count that disagrees with the data, a checksum mismatch, a dataset table whose rows
 * cannot be read.
 *
 * <p>The message always names the file, the place in it (a line, a signal, a sample or a byte) when there is
 * one, and what was expected, for example
 * {@code "HR06000.hea line 3: expected a gain such as 1000(0)/mV, found '10x0'"}.
 * It is an {@link IOException} so that code which already handles I/O failures handles bad data too; catch
 * this type to tell bad data from an unreadable disk. Every reader in this package throws only this exception
 * for bad content; other {@code IOException}s mean the file system failed.
 */
public class EcgFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String location;
    private final String problem;

    /**
     * @param file     the file at fault (never null)
     * @param location where in the file, e.g. "line 3" or "sample 4999 of signal 2"; null when the whole file
     * @param problem  what is wrong and what was expected
     */
    public EcgFormatException(Path file, String location, String problem) {
        this(file, location, problem, null);
    }

    public EcgFormatException(Path file, String location, String problem, Throwable cause) {
        super(file + (location == null ? "" : " " + location) + ": " + problem, cause);
        this.file = file;
        this.location = location;
        this.problem = problem;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** Where in the file ("line 3", "sample 17 of signal 2"), or null when the problem concerns the whole file. */
    public String location() {
        return location;
    }

    /** What is wrong, without the file name and location. */
    public String problem() {
        return problem;
    }
}
