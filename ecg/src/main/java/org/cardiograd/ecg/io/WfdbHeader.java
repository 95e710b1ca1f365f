package org.cardiograd.ecg.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed WFDB header ({@code .hea}): the record line, the signal lines (or, for a multi-segment record, the
 * segment lines), and the {@code #} comment lines.
 *
 * <p>Comment lines of the form {@code # Key: value} (Age, Sex, Dx, Rx, Hx, Sx in the PhysioNet/CinC challenge
 * files) are also offered as {@link #metadata()}; when a key occurs twice the map keeps the first value, and
 * {@link #comments()} keeps every comment line as written (without the {@code #}).
 *
 * @param file               the header file, used in messages
 * @param recordName         record name from the record line
 * @param numberOfSegments   segments of a multi-segment record, 0 for an ordinary record
 * @param numberOfSignals    signals declared by the record line
 * @param samplingFrequency  samples per second per signal (default 250 when the header gives none)
 * @param counterFrequency   counter frequency (defaults to the sampling frequency)
 * @param baseCounter        base counter value (default 0)
 * @param numberOfSamples    samples per signal, 0 when the header does not say
 * @param baseTime           base time as written (HH:MM:SS), or null
 * @param baseDate           base date as written (DD/MM/YYYY), or null
 * @param signals            one entry per signal line, in header order
 * @param segments           segment lines of a multi-segment record (empty otherwise)
 * @param comments           every comment line, in order, without the leading {@code #} and surrounding blanks
 * @param metadata           {@code Key: value} comments, first occurrence of each key, in order
 */
public record WfdbHeader(Path file, String recordName, int numberOfSegments, int numberOfSignals,
                         double samplingFrequency, double counterFrequency, double baseCounter, long numberOfSamples,
                         String baseTime, String baseDate, List<WfdbSignalSpec> signals, List<Segment> segments,
                         List<String> comments, Map<String, String> metadata) {

    /** The sampling frequency the specification assumes when the record line gives none. */
    public static final double DEFAULT_SAMPLING_FREQUENCY = 250.0;

    /** One segment line of a multi-segment record: a record name (or "~" for a gap) and its length. */
    public record Segment(String recordName, long numberOfSamples) {
    }

    public WfdbHeader {
        signals = List.copyOf(signals);
        segments = List.copyOf(segments);
        comments = List.copyOf(comments);
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    /** The signal descriptions (usually the lead names), in header order. */
    public List<String> descriptions() {
        return signals.stream().map(WfdbSignalSpec::description).toList();
    }
}
