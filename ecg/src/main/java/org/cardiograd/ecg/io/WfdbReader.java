package org.cardiograd.ecg.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads single-segment WFDB records in formats 16 (including a byte offset, as in the {@code 16x1+24}
 * MAT-v4 files of the PhysioNet/CinC challenges), 212 and 80, with the signals of a record either multiplexed
 * into one file or spread over several.
 *
 * <p>The data must agree with the header, otherwise an {@link EcgFormatException} names the file, the header
 * line or the sample, and what was expected:
 * <ul>
 *   <li>a signal file shorter than the declared samples (truncated) or longer (the sample count or the number
 *       of signals in the file disagrees with the data);</li>
 *   <li>for {@code .mat} files, a MAT-v4 matrix shape different from the header's signal and sample counts;</li>
 *   <li>a checksum (16-bit sum of a signal's samples) different from the header's;</li>
 *   <li>a missing signal file, a format this reader does not decode, more than one sample per frame,
 *       multi-segment records.</li>
 * </ul>
 * A signal with skew {@code k} takes its sample {@code t} from stored frame {@code t + k}; the file may then hold
 * up to {@code k} frames beyond the declared length, and samples past the end of the file are invalid.
 * The header's initial values are not checked (the specification treats them as informational for these
 * formats); {@link WfdbRecord#adu(int)} gives the decoded values to compare.
 */
public final class WfdbReader {
    /** Largest signal length this reader keeps in a Java array. */
    static final long MAX_SAMPLES = Integer.MAX_VALUE - 16;

    private WfdbReader() {
    }

    /** Parses the header file and reads the signal files it names (resolved in the header's folder). */
    public static WfdbRecord read(Path headerFile) throws IOException {
        return read(WfdbHeaderParser.parse(headerFile));
    }

    /** Reads the signal files of an already parsed header. */
    public static WfdbRecord read(WfdbHeader header) throws IOException {
        if (header.numberOfSegments() > 0) {
            throw new EcgFormatException(header.file(), "line 1", "multi-segment record ("
                    + header.numberOfSegments() + " segments); this reader expects a single-segment record");
        }
        List<WfdbSignalSpec> signals = header.signals();
        int[][] samples = new int[signals.size()][];
        long length = header.numberOfSamples();
        for (int first = 0; first < signals.size(); ) {
            int end = first;
            while (end < signals.size() && signals.get(end).fileName().equals(signals.get(first).fileName())) {
                end++;
            }
            length = readGroup(header, first, end, length, samples);
            first = end;
        }
        if (signals.isEmpty()) {
            return new WfdbRecord(header, new int[0][]);
        }
        verifyChecksums(header, samples);
        return new WfdbRecord(header, samples);
    }

    /**
     * Reads signals {@code [first, end)}, which share one file, into {@code samples}.
     *
     * @param length samples per signal: from the header, or from an earlier file, or 0 when still unknown
     * @return the samples per signal (found from the file size when it was unknown)
     */
    private static long readGroup(WfdbHeader header, int first, int end, long length, int[][] samples)
            throws IOException {
        WfdbSignalSpec spec = header.signals().get(first);
        String where = "line " + spec.lineNumber();
        WfdbFormat format = WfdbFormat.of(spec.format());
        if (format == null) {
            throw new EcgFormatException(header.file(), where, "format " + spec.format() + " is valid WFDB but not"
                    + " supported by this reader; expected 16, 212 or 80");
        }
        int maxSkew = 0;
        for (int s = first; s < end; s++) {
            WfdbSignalSpec signal = header.signals().get(s);
            if (signal.samplesPerFrame() != 1) {
                throw new EcgFormatException(header.file(), "line " + signal.lineNumber(), signal.samplesPerFrame()
                        + " samples per frame; this reader expects 1 (no 'x' multiplier in the format)");
            }
            maxSkew = Math.max(maxSkew, signal.skew());
        }
        if (spec.fileName().equals("-")) {
            throw new EcgFormatException(header.file(), where, "signal file '-' (standard input) is not supported;"
                    + " expected a file name");
        }
        Path base = header.file().toAbsolutePath().getParent();
        Path dataFile = base == null ? Path.of(spec.fileName()) : base.resolve(spec.fileName());
        String headerLine = header.file().getFileName() + " " + where;
        if (!Files.isRegularFile(dataFile)) {
            throw new EcgFormatException(dataFile, null, "missing signal file; expected by " + headerLine);
        }
        long size = Files.size(dataFile);
        if (size > Integer.MAX_VALUE - 16) {
            throw new EcgFormatException(dataFile, null, "file is " + size + " bytes; this reader reads files of"
                    + " at most 2 GiB");
        }
        byte[] data = Files.readAllBytes(dataFile);
        if (MatV4Header.applies(dataFile, spec)) {
            MatV4Header.check(data, dataFile, spec, end - first, header.numberOfSamples(), headerLine);
        }
        if (spec.byteOffset() > data.length) {
            throw new EcgFormatException(dataFile, null, "file has " + data.length + " bytes but " + headerLine
                    + " gives a byte offset of " + spec.byteOffset());
        }
        int offset = (int) spec.byteOffset();
        int group = end - first;
        long available = data.length - offset;
        long storedSamples = samplesIn(format, available);
        String layout = group + " signal" + (group == 1 ? "" : "s") + " in format " + format.code()
                + (offset > 0 ? " after a " + offset + "-byte offset" : "");

        long frames;
        if (length > 0) {
            if (length > MAX_SAMPLES) {
                throw new EcgFormatException(header.file(), "line 1", "declares " + length + " samples per signal;"
                        + " this reader handles at most " + MAX_SAMPLES);
            }
            long needed = format.bytesFor(length * group);
            if (available < needed) {
                long firstMissing = storedSamples;
                throw new EcgFormatException(dataFile, "sample " + firstMissing / group + " of signal "
                        + (first + firstMissing % group), "truncated: expected " + length + " samples of " + layout
                        + " (" + needed + " bytes) but the file holds " + available + " bytes, ending before this sample");
            }
            long allowed = format.bytesFor((length + maxSkew) * group);
            if (available > allowed && !isPadding212(format, available, (length + maxSkew) * group)) {
                throw new EcgFormatException(dataFile, null, (available - allowed) + " bytes more than the " + length
                        + " samples of " + layout + " that " + header.file().getFileName() + " declares (" + allowed
                        + " bytes); its sample count (line 1) or the number of signals in this file (" + group
                        + ") disagrees with the data");
            }
            frames = Math.min(length + maxSkew, storedSamples / group);
        } else {
            if (storedSamples % group != 0 || format.bytesFor(storedSamples) != available
                    && !isPadding212(format, available, storedSamples)) {
                throw new EcgFormatException(dataFile, null, "file holds " + available + " bytes, not a whole number of"
                        + " frames of " + layout + "; the number of signals in this file (" + headerLine
                        + " onwards) disagrees with the data");
            }
            frames = storedSamples / group;
            if (frames > MAX_SAMPLES) {
                throw new EcgFormatException(dataFile, null, "holds " + frames + " samples per signal; this reader"
                        + " handles at most " + MAX_SAMPLES);
            }
            length = frames;
        }

        int[][] raw = new int[group][(int) frames];
        format.decode(data, offset, raw, (int) frames);
        for (int s = 0; s < group; s++) {
            samples[first + s] = deskew(raw[s], header.signals().get(first + s).skew(), (int) length,
                    format.invalidMarker());
        }
        return length;
    }

    /** A 212 file with an odd number of samples may end with one padding byte completing the last 3-byte pair. */
    private static boolean isPadding212(WfdbFormat format, long available, long samples) {
        return format == WfdbFormat.FORMAT_212 && samples % 2 == 1 && available == format.bytesFor(samples) + 1;
    }

    /** Whole samples held by this many bytes. */
    private static long samplesIn(WfdbFormat format, long bytes) {
        return switch (format) {
            case FORMAT_16 -> bytes / 2;
            case FORMAT_80 -> bytes;
            case FORMAT_212 -> bytes / 3 * 2 + (bytes % 3 == 2 ? 1 : 0);
        };
    }

    private static int[] deskew(int[] stored, int skew, int length, int invalidMarker) {
        if (skew == 0 && stored.length == length) {
            return stored;
        }
        int[] out = new int[length];
        for (int t = 0; t < length; t++) {
            out[t] = t + skew < stored.length ? stored[t + skew] : invalidMarker;
        }
        return out;
    }

    /** The checksum is the sum of all samples of a signal, modulo 2^16 (the header may write it signed). */
    private static void verifyChecksums(WfdbHeader header, int[][] samples) throws EcgFormatException {
        for (int s = 0; s < samples.length; s++) {
            WfdbSignalSpec spec = header.signals().get(s);
            if (spec.checksum() == null) {
                continue;
            }
            long sum = 0;
            for (int value : samples[s]) {
                sum += value;
            }
            if ((sum & 0xffff) != (spec.checksum() & 0xffff)) {
                throw new EcgFormatException(header.file(), "line " + spec.lineNumber(), "checksum mismatch for signal "
                        + s + " (" + spec.description() + "): the header gives " + spec.checksum() + " but the "
                        + samples[s].length + " samples in " + spec.fileName() + " sum to " + (short) sum
                        + " (16-bit); the header or the signal file is corrupt");
            }
        }
    }
}
