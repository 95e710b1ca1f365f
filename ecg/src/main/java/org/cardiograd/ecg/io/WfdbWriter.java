package org.cardiograd.ecg.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cardiograd.ecg.EcgRecord;

/**
 * Writes WFDB records in format 16 (header + little-endian int16 {@code .dat}), with checksums and initial
 * values, so that records can be round-tripped and test datasets built. Every file is written to a temporary
 * file in the target folder and then renamed over the target, so a reader never sees a half-written file; the
 * signal files are written before the header that names them.
 */
public final class WfdbWriter {
    private static final int INVALID = WfdbFormat.FORMAT_16.invalidMarker();

    private WfdbWriter() {
    }

    /** How the signals are laid out on disk. */
    public enum Layout {
        /** All signals interleaved in one file {@code <record>.dat}. */
        MULTIPLEXED,
        /** One file per signal, {@code <record>_<n>.dat}. */
        SEPARATE_FILES
    }

    /**
     * Writes a record of raw ADC values.
     *
     * @param directory    folder to write into (created if needed)
     * @param recordName   record name: letters, digits, '_' or '-'
     * @param samplingRate samples per second
     * @param names        one description (lead name) per signal, without line breaks
     * @param adu          one array per signal, equal lengths; values in [-32767, 32767] or -32768 for invalid
     * @param gain         ADC units per mV written for every signal (baseline 0, units mV)
     * @param comments     {@code Key: value} lines written as {@code # Key: value} after the signal lines
     * @return the header file
     */
    public static Path writeFormat16(Path directory, String recordName, double samplingRate, List<String> names,
                                     int[][] adu, double gain, Map<String, String> comments, Layout layout)
            throws IOException {
        if (!recordName.matches("[-\\w]+")) {
            throw new IllegalArgumentException("record name '" + recordName + "' must use letters, digits, '_' or '-'");
        }
        if (names.size() != adu.length) {
            throw new IllegalArgumentException(adu.length + " signals but " + names.size() + " names");
        }
        if (!(gain > 0) || Double.isInfinite(gain) || !(samplingRate > 0) || Double.isInfinite(samplingRate)) {
            throw new IllegalArgumentException("gain and sampling rate must be positive, got " + gain + ", " + samplingRate);
        }
        int length = adu.length == 0 ? 0 : adu[0].length;
        for (int s = 0; s < adu.length; s++) {
            checkSignal(names.get(s), s, adu[s], length);
        }
        Files.createDirectories(directory);

        List<String> fileNames = new ArrayList<>();
        if (layout == Layout.MULTIPLEXED) {
            String fileName = recordName + ".dat";
            AtomicFiles.write(directory.resolve(fileName), interleave(adu, 0, adu.length, length));
            for (int s = 0; s < adu.length; s++) {
                fileNames.add(fileName);
            }
        } else {
            for (int s = 0; s < adu.length; s++) {
                String fileName = recordName + "_" + s + ".dat";
                AtomicFiles.write(directory.resolve(fileName), interleave(adu, s, s + 1, length));
                fileNames.add(fileName);
            }
        }

        StringBuilder header = new StringBuilder();
        header.append(recordName).append(' ').append(adu.length).append(' ').append(number(samplingRate))
                .append(' ').append(length).append('\n');
        for (int s = 0; s < adu.length; s++) {
            header.append(fileNames.get(s)).append(" 16 ").append(number(gain)).append("(0)/mV 16 0 ")
                    .append(length == 0 ? 0 : adu[s][0]).append(' ').append(checksum(adu[s])).append(" 0 ")
                    .append(names.get(s)).append('\n');
        }
        for (Map.Entry<String, String> comment : comments.entrySet()) {
            if ((comment.getKey() + comment.getValue()).matches("(?s).*[\\r\\n].*") || comment.getKey().contains(":")) {
                throw new IllegalArgumentException("comment '" + comment.getKey() + "' must be one line with no ':' in its key");
            }
            header.append("# ").append(comment.getKey()).append(": ").append(comment.getValue()).append('\n');
        }
        Path headerFile = directory.resolve(recordName + ".hea");
        AtomicFiles.write(headerFile, header.toString().getBytes(StandardCharsets.UTF_8));
        return headerFile;
    }

    /**
     * Writes an {@link EcgRecord} (12 leads in mV, standard lead names) quantized at {@code gain} ADC units per mV;
     * NaN samples are written as the invalid marker. Labels are written as a {@code # Labels:} comment and
     * metadata as further comments; the report is not written.
     *
     * @throws IllegalArgumentException when a sample does not fit in 16 bits at this gain
     */
    public static Path write(Path directory, EcgRecord record, double gain) throws IOException {
        int[][] adu = new int[EcgRecord.LEADS.size()][record.length()];
        for (int lead = 0; lead < adu.length; lead++) {
            float[] mv = record.signal()[lead];
            for (int t = 0; t < mv.length; t++) {
                if (Float.isNaN(mv[t])) {
                    adu[lead][t] = INVALID;
                    continue;
                }
                long value = Math.round(mv[t] * gain);
                if (value < -32767 || value > 32767) {
                    throw new IllegalArgumentException(record.id() + " lead " + EcgRecord.LEADS.get(lead) + " sample "
                            + t + ": " + mv[t] + " mV does not fit in 16 bits at gain " + gain + "/mV");
                }
                adu[lead][t] = (int) value;
            }
        }
        Map<String, String> comments = new java.util.LinkedHashMap<>(record.metadata());
        if (!record.labels().isEmpty()) {
            comments.put("Labels", String.join(",", record.labels()));
        }
        return writeFormat16(directory, record.id(), record.samplingRate(), EcgRecord.LEADS, adu, gain, comments,
                Layout.MULTIPLEXED);
    }

    private static void checkSignal(String name, int s, int[] signal, int length) {
        if (signal.length != length) {
            throw new IllegalArgumentException("signal " + s + " has " + signal.length + " samples, expected " + length);
        }
        if (name.isBlank() || name.contains("\n") || name.contains("\r")) {
            throw new IllegalArgumentException("signal " + s + " needs a one-line, non-blank name, got '" + name + "'");
        }
        for (int t = 0; t < signal.length; t++) {
            if (signal[t] < INVALID || signal[t] > -INVALID - 1) {
                throw new IllegalArgumentException("signal " + s + " sample " + t + ": " + signal[t]
                        + " does not fit in format 16 (-32767..32767, or -32768 for invalid)");
            }
        }
    }

    /** Signals {@code [from, to)} interleaved frame by frame as little-endian int16. */
    private static byte[] interleave(int[][] adu, int from, int to, int length) {
        byte[] out = new byte[2 * length * (to - from)];
        int at = 0;
        for (int t = 0; t < length; t++) {
            for (int s = from; s < to; s++) {
                out[at++] = (byte) adu[s][t];
                out[at++] = (byte) (adu[s][t] >> 8);
            }
        }
        return out;
    }

    /** The WFDB checksum: the sum of the samples as a signed 16-bit number. */
    static int checksum(int[] samples) {
        long sum = 0;
        for (int value : samples) {
            sum += value;
        }
        return (short) sum;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }
}
