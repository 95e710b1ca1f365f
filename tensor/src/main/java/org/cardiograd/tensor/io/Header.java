package org.cardiograd.tensor.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated JSON header of a safetensors file: its tensor entries (in header order) and its
 * {@code __metadata__}. Everything is checked here, before any tensor byte is touched:
 * well-formed strict JSON, every entry an object with a known dtype, a shape of non-negative ints and two
 * data_offsets {@code begin <= end} inside the data buffer, {@code end - begin == numel * dtype size}, and the
 * entries tiling the data buffer exactly: no overlaps, no gaps, no trailing bytes (the spec forbids holes so a
 * file cannot hide a second payload).
 */
final class Header {
    static final String METADATA_KEY = "__metadata__";

    /** One tensor's description; offsets relative to the start of the data buffer. */
    record Entry(String name, DType dtype, int[] shape, long begin, long end) {
        long numel() {
            long n = 1;
            for (int d : shape) {
                n *= d; // cannot overflow: validated against the byte length
            }
            return n;
        }
    }

    final Map<String, Entry> entries;
    final Map<String, String> metadata;

    private Header(Map<String, Entry> entries, Map<String, String> metadata) {
        this.entries = Collections.unmodifiableMap(entries);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Parses header bytes (trailing padding included) for a data buffer of {@code dataLength} bytes.
     * {@code file} only names the file in messages.
     */
    static Header parse(String file, byte[] bytes, long dataLength) throws SafeTensorsException {
        if (bytes.length == 0 || bytes[0] != '{') {
            throw new SafeTensorsException(file + ": header does not start with '{' (the spec requires a JSON "
                    + "object at byte 8)");
        }
        String text = decodeUtf8(file, bytes);
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.JsonException e) {
            int byteOffset = text.substring(0, Math.min(e.position, text.length()))
                    .getBytes(StandardCharsets.UTF_8).length;
            throw new SafeTensorsException(file + ": malformed header JSON at byte " + byteOffset
                    + " of the header (file offset " + (8 + byteOffset) + "): " + e.getMessage());
        }
        @SuppressWarnings("unchecked") // a value that starts with '{' is an object
        Map<String, Object> top = (Map<String, Object>) root;

        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, Object> kv : top.entrySet()) {
            if (kv.getKey().equals(METADATA_KEY)) {
                metadata = metadata(file, kv.getValue());
            } else {
                entries.put(kv.getKey(), entry(file, kv.getKey(), kv.getValue(), dataLength));
            }
        }
        checkTiling(file, entries, dataLength);
        return new Header(entries, metadata);
    }

    private static String decodeUtf8(String file, byte[] bytes) throws SafeTensorsException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            throw new SafeTensorsException(file + ": header is not valid UTF-8 at byte " + in.position()
                    + " of the header (file offset " + (8 + in.position()) + ")");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static Map<String, String> metadata(String file, Object value) throws SafeTensorsException {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (value == Json.NULL) {
            return metadata;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new SafeTensorsException(file + ": \"" + METADATA_KEY + "\" must be an object of strings, got "
                    + kind(value));
        }
        for (Map.Entry<?, ?> kv : map.entrySet()) {
            if (!(kv.getValue() instanceof String s)) {
                throw new SafeTensorsException(file + ": metadata '" + Json.printable((String) kv.getKey())
                        + "': value must be a string, got " + kind(kv.getValue()));
            }
            metadata.put((String) kv.getKey(), s);
        }
        return metadata;
    }

    private static Entry entry(String file, String name, Object value, long dataLength)
            throws SafeTensorsException {
        String where = file + ": tensor '" + Json.printable(name) + "': ";
        if (!(value instanceof Map<?, ?> map)) {
            throw new SafeTensorsException(where + "expected an object with dtype, shape and data_offsets, got "
                    + kind(value));
        }
        // Unknown fields are ignored, as the reference implementation does.
        Object dtypeValue = require(where, map, "dtype");
        if (!(dtypeValue instanceof String dtypeName)) {
            throw new SafeTensorsException(where + "\"dtype\" must be a string, got " + kind(dtypeValue));
        }
        DType dtype = DType.of(dtypeName);
        if (dtype == null) {
            throw new SafeTensorsException(where + "unknown or unsupported dtype '" + Json.printable(dtypeName)
                    + "' (supported: " + Arrays.toString(DType.values()) + ")");
        }
        long[] dims = integers(where, "shape", require(where, map, "shape"), -1);
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) {
                throw new SafeTensorsException(where + "shape dimension " + i + " is " + dims[i]
                        + ", above the 2^31-1 limit of a dimension here");
            }
            shape[i] = (int) dims[i];
        }
        long[] offsets = integers(where, "data_offsets", require(where, map, "data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        String range = "data_offsets [" + begin + ", " + end + "]";
        if (begin > end) {
            throw new SafeTensorsException(where + range + " begin after end");
        }
        if (end > dataLength) {
            throw new SafeTensorsException(where + range + " reach past the end of the data buffer, which holds "
                    + dataLength + " bytes");
        }
        long needed = byteSize(dims, dtype);
        if (needed != end - begin) {
            throw new SafeTensorsException(where + range + " hold " + (end - begin) + " bytes but shape "
                    + Arrays.toString(dims) + " of " + dtype + " needs "
                    + (needed < 0 ? "more than 2^63-1" : String.valueOf(needed)));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** numel * element size, or -1 when that overflows a long. */
    private static long byteSize(long[] dims, DType dtype) {
        try {
            long n = dtype.byteSize();
            for (long d : dims) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static Object require(String where, Map<?, ?> map, String field) throws SafeTensorsException {
        Object v = map.get(field);
        if (v == null) {
            throw new SafeTensorsException(where + "missing \"" + field + "\"");
        }
        return v;
    }

    /** A JSON array of non-negative integers (of the given length, or any length when -1). */
    private static long[] integers(String where, String field, Object value, int length)
            throws SafeTensorsException {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new SafeTensorsException(where + "\"" + field + "\" must be an array of "
                    + (length >= 0 ? length + " " : "") + "non-negative integers, got " + describe(value));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = list.get(i);
            long n = v instanceof Json.JsonNumber num ? num.asNonNegativeLong() : -1;
            if (n < 0) {
                throw new SafeTensorsException(where + "\"" + field + "\" element " + i + " is " + describe(v)
                        + ", not a non-negative integer below 2^63");
            }
            out[i] = n;
        }
        return out;
    }

    /** The entries sorted by offset must follow each other exactly from 0 to the end of the data buffer. */
    private static void checkTiling(String file, Map<String, Entry> entries, long dataLength)
            throws SafeTensorsException {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin < covered) {
                throw new SafeTensorsException(file + ": tensor '" + Json.printable(e.name) + "': data_offsets ["
                        + e.begin + ", " + e.end + "] overlap tensor '" + Json.printable(previous.name)
                        + "' at [" + previous.begin + ", " + previous.end + "]");
            }
            if (e.begin > covered) {
                throw new SafeTensorsException(file + ": tensor '" + Json.printable(e.name) + "': data_offsets ["
                        + e.begin + ", " + e.end + "] leave a gap: bytes [" + covered + ", " + e.begin
                        + ") of the data buffer belong to no tensor");
            }
            covered = e.end;
            previous = e;
        }
        if (covered != dataLength) {
            throw new SafeTensorsException(file + ": bytes [" + covered + ", " + dataLength
                    + ") at the end of the data buffer belong to no tensor (the tensors must cover it exactly)");
        }
    }

    private static String kind(Object v) {
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Json.JsonNumber) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "null";
    }

    /** Short description of a value for messages: numbers and small strings verbatim. */
    private static String describe(Object v) {
        if (v instanceof Json.JsonNumber n) {
            return n.text().length() <= 40 ? n.text() : "a " + n.text().length() + "-character number";
        }
        if (v instanceof String s && s.length() <= 40) {
            return "\"" + Json.printable(s) + "\"";
        }
        return kind(v);
    }
}
