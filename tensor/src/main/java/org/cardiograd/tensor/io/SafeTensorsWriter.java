package org.cardiograd.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import org.cardiograd.tensor.Shapes;
import org.cardiograd.tensor.Tensor;

/**
 * Collects F32 tensors, I64 arrays and string metadata, then writes them as one safetensors file (see
 * {@link SafeTensors} for the layout). Tensors are read (copied to the host) during {@link #write}, not when
 * they are put. Putting a name again replaces the earlier entry of the same kind; a name cannot be both a float
 * tensor and a long array, and {@code "__metadata__"} is reserved. Not thread-safe.
 */
public final class SafeTensorsWriter {
    private static final int IO_BUFFER = 1 << 20;

    private final TreeMap<String, Tensor> floats = new TreeMap<>();
    private final TreeMap<String, LongArray> longs = new TreeMap<>();
    private final TreeMap<String, String> metadata = new TreeMap<>();

    private record LongArray(int[] shape, long[] values) {}

    /** One row of the layout: name, dtype, shape, data offsets. */
    private record Slot(String name, DType dtype, int[] shape, long begin, long end) {}

    SafeTensorsWriter() {}

    /** Adds a tensor, written as F32. */
    public SafeTensorsWriter put(String name, Tensor tensor) {
        checkName(name, longs);
        if (tensor == null) {
            throw new IllegalArgumentException("safetensors put '" + name + "': null tensor");
        }
        floats.put(name, tensor);
        return this;
    }

    /** Adds every tensor of the map, written as F32. */
    public SafeTensorsWriter putAll(Map<String, Tensor> tensors) {
        tensors.forEach(this::put);
        return this;
    }

    /** Adds an integer tensor of the given shape (row-major values, copied now), written as I64. */
    public SafeTensorsWriter putLongs(String name, int[] shape, long[] values) {
        checkName(name, floats);
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("safetensors putLongs '" + name + "': negative size in shape "
                        + Shapes.str(shape));
            }
        }
        if (Shapes.numel(shape) != values.length) {
            throw new IllegalArgumentException("safetensors putLongs '" + name + "': " + values.length
                    + " values do not fill shape " + Shapes.str(shape));
        }
        longs.put(name, new LongArray(shape.clone(), values.clone()));
        return this;
    }

    /** Adds a {@code __metadata__} entry (replacing an earlier value of the same key). */
    public SafeTensorsWriter metadata(String key, String value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("safetensors metadata: null key or value");
        }
        metadata.put(key, value);
        return this;
    }

    public SafeTensorsWriter metadata(Map<String, String> entries) {
        entries.forEach(this::metadata);
        return this;
    }

    /**
     * Writes the file atomically: to a temporary file next to {@code path}, forced to disk, then renamed over
     * {@code path}. On any failure the temporary file is deleted and an existing file at {@code path} is
     * left as it was.
     */
    public void write(Path path) throws IOException {
        List<Slot> layout = layout();
        byte[] header = headerBytes(layout);
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        boolean created = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                created = true;
                ByteBuffer buf = ByteBuffer.allocate(IO_BUFFER).order(ByteOrder.LITTLE_ENDIAN);
                buf.putLong(header.length);
                writeBytes(ch, buf, header);
                for (Slot s : layout) {
                    if (s.dtype == DType.I64) {
                        writeLongs(ch, buf, longs.get(s.name).values());
                    } else {
                        writeFloats(ch, buf, floats.get(s.name).toArray());
                    }
                }
                flush(ch, buf);
                ch.force(true);
            }
            moveIntoPlace(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            if (created) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        syncDirectory(dir);
    }

    private static void checkName(String name, Map<String, ?> otherKind) {
        if (name == null) {
            throw new IllegalArgumentException("safetensors: null tensor name");
        }
        if (otherKind.containsKey(name)) {
            throw new IllegalArgumentException("safetensors: tensor name '" + name
                    + "' is already used by a tensor of the other kind (float tensor vs long array)");
        }
        if (name.equals(Header.METADATA_KEY)) {
            throw new IllegalArgumentException("safetensors: \"" + Header.METADATA_KEY
                    + "\" is reserved and cannot name a tensor");
        }
    }

    /** I64 first, then F32 (larger alignment first, as the reference writer orders), each sorted by name. */
    private List<Slot> layout() {
        List<Slot> slots = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, LongArray> e : longs.entrySet()) {
            long end = offset + 8L * e.getValue().values().length;
            slots.add(new Slot(e.getKey(), DType.I64, e.getValue().shape(), offset, end));
            offset = end;
        }
        for (Map.Entry<String, Tensor> e : floats.entrySet()) {
            long end = offset + 4L * e.getValue().numel();
            slots.add(new Slot(e.getKey(), DType.F32, e.getValue().shape(), offset, end));
            offset = end;
        }
        return slots;
    }

    /** Compact JSON like serde_json writes it, padded with spaces to a multiple of 8 bytes. */
    private byte[] headerBytes(List<Slot> layout) {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            sb.append(quote(Header.METADATA_KEY)).append(":{");
            String sep = "";
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                sb.append(sep).append(quote(e.getKey())).append(':').append(quote(e.getValue()));
                sep = ",";
            }
            sb.append('}');
        }
        for (Slot s : layout) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(quote(s.name)).append(":{\"dtype\":\"").append(s.dtype).append("\",\"shape\":[");
            for (int i = 0; i < s.shape.length; i++) {
                sb.append(i > 0 ? "," : "").append(s.shape[i]);
            }
            sb.append("],\"data_offsets\":[").append(s.begin).append(',').append(s.end).append("]}");
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    /** A JSON string literal with serde_json's escapes: quote, backslash, and control characters only. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static void writeBytes(FileChannel ch, ByteBuffer buf, byte[] bytes) throws IOException {
        for (int i = 0; i < bytes.length; ) {
            if (!buf.hasRemaining()) {
                flush(ch, buf);
            }
            int n = Math.min(buf.remaining(), bytes.length - i);
            buf.put(bytes, i, n);
            i += n;
        }
    }

    private static void writeFloats(FileChannel ch, ByteBuffer buf, float[] values) throws IOException {
        for (float v : values) {
            if (buf.remaining() < 4) {
                flush(ch, buf);
            }
            buf.putFloat(v); // putFloat keeps NaN payloads (raw bits)
        }
    }

    private static void writeLongs(FileChannel ch, ByteBuffer buf, long[] values) throws IOException {
        for (long v : values) {
            if (buf.remaining() < 8) {
                flush(ch, buf);
            }
            buf.putLong(v);
        }
    }

    private static void flush(FileChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; a plain replace is the best left.
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename durable where the platform allows opening a directory (not on Windows). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the file itself is complete and in place
        }
    }
}

