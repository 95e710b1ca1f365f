package org.cardiograd.ecg.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses WFDB header files as described by the PhysioNet WFDB header specification (header(5)).
 *
 * <pre>
 * record line:  name[/segments] nsig [fs[/counterfreq[(basecounter)]] [nsamp [basetime [basedate]]]]
 * signal line:  file fmt[xSPF][:skew][+byteoffset] [gain[(baseline)][/units] [adcres [adczero [initval
 *               [checksum [blocksize [description]]]]]]]
 * segment line: name nsamp              (multi-segment records only)
 * comment line: # text                  ("# Key: value" also becomes metadata)
 * </pre>
 *
 * The record line of the PhysioNet/CinC 2020 files, which writes its date before its time in the form
 * {@code 05-Feb-2020 11:39:16}, is accepted too (base date and time kept as written).
 * Defaults follow the specification: sampling frequency 250, counter frequency = sampling frequency, gain 0 or
 * missing = 200 ADC units per physical unit, baseline = ADC zero, units = mV, initial value = ADC zero.
 * Empty lines are ignored. Everything else that does not fit the grammar is an {@link EcgFormatException}
 * naming the header file, the line and the field that was expected; the parser throws nothing else for any
 * input (it is fuzzed with mutated real headers) and does work linear in the size of the input.
 */
public final class WfdbHeaderParser {

    /** Headers are small text files; a larger file is rejected instead of read into memory. */
    static final int MAX_HEADER_BYTES = 16 << 20;

    /** Format codes defined by the specification (signal files may use any of these). */
    static final Set<Integer> KNOWN_FORMATS =
            Set.of(0, 8, 16, 24, 32, 61, 80, 160, 212, 310, 311, 508, 516, 524);

    private static final String NUMBER = "[+-]?(?:\\d{1,20}(?:\\.\\d{0,20})?|\\.\\d{1,20})(?:[eE][+-]?\\d{1,3})?";
    private static final Pattern RECORD_NAME = Pattern.compile("([-\\w]{1,200})(?:/(\\d{1,9}))?");
    private static final Pattern FREQUENCY =
            Pattern.compile("(" + NUMBER + ")(?:/(" + NUMBER + ")(?:\\((" + NUMBER + ")\\))?)?");
    private static final Pattern BASE_TIME = Pattern.compile("\\d{1,2}(?::\\d{1,2}){0,2}(?:\\.\\d{1,9})?");
    private static final Pattern BASE_DATE = Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{1,5}");
    private static final Pattern CINC2020_DATE = Pattern.compile("\\d{1,2}-[A-Za-z]{3}-\\d{4}");
    private static final Pattern FORMAT =
            Pattern.compile("(\\d{1,4})(?:x(\\d{1,9}))?(?::(\\d{1,9}))?(?:\\+(\\d{1,18}))?");
    private static final Pattern GAIN = Pattern.compile("(" + NUMBER + ")(?:\\((-?\\d{1,10})\\))?(?:/(\\S{1,100}))?");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern COUNT = Pattern.compile("\\d{1,18}");

    private WfdbHeaderParser() {
    }

    /** Reads and parses a header file; a missing file is an {@link EcgFormatException} too. */
    public static WfdbHeader parse(Path headerFile) throws IOException {
        if (!Files.isRegularFile(headerFile)) {
            throw new EcgFormatException(headerFile, null, "missing header file (expected a WFDB .hea file here)");
        }
        long size = Files.size(headerFile);
        if (size > MAX_HEADER_BYTES) {
            throw new EcgFormatException(headerFile, null, "header is " + size + " bytes; expected a text header of at most "
                    + MAX_HEADER_BYTES + " bytes");
        }
        return parse(Files.readAllBytes(headerFile), headerFile);
    }

    /**
     * Parses header content.
     *
     * @param content the bytes of the header (ASCII or UTF-8 text)
     * @param file    the file the content came from, named in error messages
     */
    public static WfdbHeader parse(byte[] content, Path file) throws EcgFormatException {
        if (content.length > MAX_HEADER_BYTES) {
            throw new EcgFormatException(file, null, "header is " + content.length
                    + " bytes; expected a text header of at most " + MAX_HEADER_BYTES + " bytes");
        }
        return new Parse(file).run(splitLines(content, file));
    }

    /** Splits at '\n' (dropping a trailing '\r'), decoding each line as strict UTF-8 so errors can name the line. */
    private static List<String> splitLines(byte[] content, Path file) throws EcgFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start <= content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            int stop = end > start && content[end - 1] == '\r' ? end - 1 : end;
            int lineNumber = lines.size() + 1;
            try {
                CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(content, start, stop - start));
                lines.add(checkCharacters(chars.toString(), file, lineNumber));
            } catch (CharacterCodingException e) {
                throw new EcgFormatException(file, "line " + lineNumber, "expected ASCII or UTF-8 text, found bytes"
                        + " that are not valid UTF-8", e);
            }
            start = end + 1;
        }
        return lines;
    }

    private static String checkCharacters(String line, Path file, int lineNumber) throws EcgFormatException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new EcgFormatException(file, "line " + lineNumber, String.format(
                        "unexpected control character 0x%02x at column %d; expected printable text", (int) c, i + 1));
            }
        }
        return line;
    }

    /** The state of one parse; a fresh instance per header. */
    private static final class Parse {
        private final Path file;
        private int lineNumber;

        private String recordName;
        private int numberOfSegments;
        private int numberOfSignals;
        private double samplingFrequency = WfdbHeader.DEFAULT_SAMPLING_FREQUENCY;
        private double counterFrequency = Double.NaN;
        private double baseCounter;
        private long numberOfSamples;
        private String baseTime;
        private String baseDate;
        private final List<WfdbSignalSpec> signals = new ArrayList<>();
        private final List<WfdbHeader.Segment> segments = new ArrayList<>();
        private final List<String> comments = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        Parse(Path file) {
            this.file = file;
        }

        WfdbHeader run(List<String> lines) throws EcgFormatException {
            for (String line : lines) {
                lineNumber++;
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                if (text.startsWith("#")) {
                    comment(text.substring(1).strip());
                } else if (recordName == null) {
                    recordLine(tokens(text));
                } else if (numberOfSegments > 0) {
                    segmentLine(tokens(text));
                } else {
                    signalLine(text, tokens(text));
                }
            }
            if (recordName == null) {
                throw new EcgFormatException(file, null, "no record line; expected 'name nsig [fs [nsamp]]'");
            }
            int found = numberOfSegments > 0 ? segments.size() : signals.size();
            int declared = numberOfSegments > 0 ? numberOfSegments : numberOfSignals;
            if (found < declared) {
                throw new EcgFormatException(file, "line " + lineNumber, "header ends after " + found + " "
                        + (numberOfSegments > 0 ? "segment" : "signal") + " lines; the record line declares "
                        + declared);
            }
            checkSharedFiles();
            return new WfdbHeader(file, recordName, numberOfSegments, numberOfSignals, samplingFrequency,
                    Double.isNaN(counterFrequency) ? samplingFrequency : counterFrequency, baseCounter,
                    numberOfSamples, baseTime, baseDate, signals, segments, comments, metadata);
        }

        private void comment(String text) {
            comments.add(text);
            int colon = text.indexOf(':');
            if (colon > 0) {
                metadata.putIfAbsent(text.substring(0, colon).strip(), text.substring(colon + 1).strip());
            }
        }

        private void recordLine(List<Token> tokens) throws EcgFormatException {
            Matcher name = match(RECORD_NAME, tokens.get(0), "a record name (letters, digits, '_', '-') "
                    + "optionally followed by /segments");
            recordName = name.group(1);
            if (name.group(2) != null) {
                numberOfSegments = (int) range(tokens.get(0), Long.parseLong(name.group(2)), 1, 1_000_000,
                        "number of segments");
            }
            if (tokens.size() < 2) {
                throw error("expected the number of signals after the record name");
            }
            numberOfSignals = (int) count(tokens.get(1), 1_000_000, "number of signals");
            if (tokens.size() > 2) {
                Matcher frequency = match(FREQUENCY, tokens.get(2), "a sampling frequency such as 500 or 360/720(0)");
                samplingFrequency = positive(tokens.get(2), frequency.group(1), "sampling frequency");
                if (frequency.group(2) != null) {
                    counterFrequency = positive(tokens.get(2), frequency.group(2), "counter frequency");
                }
                if (frequency.group(3) != null) {
                    baseCounter = Double.parseDouble(frequency.group(3));
                }
            }
            if (tokens.size() > 3) {
                numberOfSamples = count(tokens.get(3), Long.MAX_VALUE, "number of samples per signal");
            }
            if (tokens.size() > 5 && CINC2020_DATE.matcher(tokens.get(4).text).matches()) {
                // the PhysioNet/CinC 2020 files write "05-Feb-2020 11:39:16": date first, month by name
                baseDate = tokens.get(4).text;
                baseTime = match(BASE_TIME, tokens.get(5), "a base time HH:MM:SS after the date").group();
            } else {
                if (tokens.size() > 4) {
                    baseTime = match(BASE_TIME, tokens.get(4), "a base time HH:MM:SS").group();
                }
                if (tokens.size() > 5) {
                    baseDate = match(BASE_DATE, tokens.get(5), "a base date DD/MM/YYYY").group();
                }
            }
            if (tokens.size() > 6) {
                throw error("unexpected field " + quote(tokens.get(6).text) + "; the record line ends after the base date");
            }
        }

        private void segmentLine(List<Token> tokens) throws EcgFormatException {
            if (segments.size() == numberOfSegments) {
                throw error("unexpected line " + quote(tokens.get(0).text) + "; the record line declares only "
                        + numberOfSegments + " segments");
            }
            if (tokens.size() != 2) {
                throw error("expected a segment line 'name nsamp', found " + tokens.size() + " fields");
            }
            String name = tokens.get(0).text;
            if (!name.equals("~")) {
                match(RECORD_NAME, tokens.get(0), "a segment record name or '~'");
            }
            segments.add(new WfdbHeader.Segment(name, count(tokens.get(1), Long.MAX_VALUE, "segment length")));
        }

        private void signalLine(String text, List<Token> tokens) throws EcgFormatException {
            if (signals.size() == numberOfSignals) {
                throw error("unexpected line " + quote(tokens.get(0).text) + "; the record line declares only "
                        + numberOfSignals + " signals");
            }
            if (tokens.size() < 2) {
                throw error("expected a signal line 'file format [gain ...]', found only " + quote(tokens.get(0).text));
            }
            String fileName = tokens.get(0).text;
            Matcher format = match(FORMAT, tokens.get(1), "a format such as 16, 212, 80 or 16x1+24");
            int formatCode = Integer.parseInt(format.group(1));
            if (!KNOWN_FORMATS.contains(formatCode)) {
                throw error("unknown format " + formatCode + "; expected one of " + new java.util.TreeSet<>(KNOWN_FORMATS));
            }
            int samplesPerFrame = format.group(2) == null ? 1
                    : (int) range(tokens.get(1), Long.parseLong(format.group(2)), 1, 1_000_000, "samples per frame");
            int skew = format.group(3) == null ? 0
                    : (int) range(tokens.get(1), Long.parseLong(format.group(3)), 0, Integer.MAX_VALUE, "skew");
            long byteOffset = format.group(4) == null ? 0 : Long.parseLong(format.group(4));

            double gain = WfdbSignalSpec.DEFAULT_GAIN;
            Integer baseline = null;
            String units = WfdbSignalSpec.DEFAULT_UNITS;
            if (tokens.size() > 2) {
                Matcher gainField = match(GAIN, tokens.get(2), "a gain such as 1000(0)/mV");
                double value = Double.parseDouble(gainField.group(1));
                if (Double.isInfinite(value)) {
                    throw error("gain " + quote(tokens.get(2).text) + " is out of range; expected a finite number");
                }
                gain = value == 0 ? WfdbSignalSpec.DEFAULT_GAIN : value;
                if (gainField.group(2) != null) {
                    baseline = (int) range(tokens.get(2), Long.parseLong(gainField.group(2)),
                            Integer.MIN_VALUE, Integer.MAX_VALUE, "baseline");
                }
                if (gainField.group(3) != null) {
                    units = gainField.group(3);
                }
            }
            int adcResolution = tokens.size() > 3 ? (int) count(tokens.get(3), 64, "ADC resolution in bits") : 0;
            int adcZero = tokens.size() > 4 ? integer(tokens.get(4), "ADC zero") : 0;
            int initialValue = tokens.size() > 5 ? integer(tokens.get(5), "initial value") : adcZero;
            Integer checksum = null;
            if (tokens.size() > 6) {
                checksum = (int) range(tokens.get(6), integer(tokens.get(6), "checksum"), -32768, 65535, "checksum");
            }
            int blockSize = tokens.size() > 7 ? (int) count(tokens.get(7), Integer.MAX_VALUE, "block size") : 0;
            String description = tokens.size() > 8 ? text.substring(tokens.get(8).start) : "";
            signals.add(new WfdbSignalSpec(fileName, formatCode, samplesPerFrame, skew, byteOffset, gain,
                    baseline == null ? adcZero : baseline, units, adcResolution, adcZero, initialValue, checksum,
                    blockSize, description, lineNumber));
        }

        /** The specification requires signals stored in one file to be listed together with one format and offset. */
        private void checkSharedFiles() throws EcgFormatException {
            Map<String, Integer> firstSignalOfFile = new HashMap<>();
            for (int i = 0; i < signals.size(); i++) {
                WfdbSignalSpec signal = signals.get(i);
                Integer first = firstSignalOfFile.putIfAbsent(signal.fileName(), i);
                if (first == null) {
                    continue;
                }
                WfdbSignalSpec previous = signals.get(i - 1);
                WfdbSignalSpec head = signals.get(first);
                String where = "line " + signal.lineNumber();
                if (!previous.fileName().equals(signal.fileName())) {
                    throw new EcgFormatException(file, where, "signal " + i + " returns to file " + quote(signal.fileName())
                            + " after other files; signals stored in one file must be listed consecutively");
                }
                if (head.format() != signal.format() || head.byteOffset() != signal.byteOffset()) {
                    throw new EcgFormatException(file, where, "signal " + i + " in file " + quote(signal.fileName())
                            + " has format " + signal.format() + "+" + signal.byteOffset() + "; expected the format "
                            + head.format() + "+" + head.byteOffset() + " of the file's first signal (line "
                            + head.lineNumber() + ")");
                }
            }
        }

        private Matcher match(Pattern pattern, Token token, String expected) throws EcgFormatException {
            Matcher matcher = pattern.matcher(token.text);
            if (token.text.length() > 256 || !matcher.matches()) {
                throw error("expected " + expected + ", found " + quote(token.text));
            }
            return matcher;
        }

        private long count(Token token, long max, String what) throws EcgFormatException {
            match(COUNT, token, "the " + what + " (a whole number)");
            return range(token, parseLong(token, what), 0, max, what);
        }

        private int integer(Token token, String what) throws EcgFormatException {
            match(INTEGER, token, "the " + what + " (an integer)");
            return (int) range(token, parseLong(token, what), Integer.MIN_VALUE, Integer.MAX_VALUE, what);
        }

        private long parseLong(Token token, String what) throws EcgFormatException {
            try {
                return Long.parseLong(token.text);
            } catch (NumberFormatException e) {
                throw error("the " + what + " " + quote(token.text) + " is too large");
            }
        }

        private long range(Token token, long value, long min, long max, String what) throws EcgFormatException {
            if (value < min || value > max) {
                throw error("the " + what + " " + quote(token.text) + " is out of range; expected " + min + " to " + max);
            }
            return value;
        }

        private double positive(Token token, String number, String what) throws EcgFormatException {
            double value = Double.parseDouble(number);
            if (!(value > 0) || Double.isInfinite(value)) {
                throw error("expected a positive finite " + what + ", found " + quote(token.text));
            }
            return value;
        }

        private EcgFormatException error(String problem) {
            return new EcgFormatException(file, "line " + lineNumber, problem);
        }
    }

    /** A whitespace-separated field and where it starts in its line (so the description can keep its spaces). */
    private record Token(String text, int start) {
    }

    private static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(new Token(text.substring(start, i), start));
            }
        }
        return tokens;
    }

    static String quote(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return "'" + shown + "'";
    }
}
