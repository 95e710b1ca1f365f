package org.cardiograd.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Tensor;

/**
 * Named tensors in the safetensors format (the HuggingFace format PyTorch checkpoints use): an 8-byte
 * little-endian header length N, N bytes of UTF-8 JSON mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} plus an optional {@code "__metadata__"} object of
 * strings, then the little-endian row-major tensor bytes.
 *
 * <p>Reading:
 * <pre>{@code
 * try (SafeTensorsFile f = SafeTensors.read(path)) {
 *     Tensor w = f.tensor("encoder.blocks.0.attn.qkv.weight");   // F32/F16/BF16/F64 -> float32
 *     long[] ids = f.longs("token_ids");                          // integer dtypes, exact
 *     String format = f.metadata().get("format");
 * }
 * Map<String, Tensor> all = SafeTensors.readAll(path);            // open, convert everything, close
 * }</pre>
 * The whole header is validated when the file is opened: header length within the file and at most
 * {@link #MAX_HEADER_BYTES}, strict well-formed JSON without duplicate keys, every entry with a known dtype, a
 * shape and two data_offsets {@code begin <= end} inside the data buffer holding exactly
 * {@code numel * dtype size} bytes, and the tensors covering the data buffer without overlaps or gaps (the spec
 * forbids holes). Any violation is a {@link SafeTensorsException} naming the file, the tensor and the problem.
 *
 * <p>Writing:
 * <pre>{@code
 * SafeTensors.writer()
 *     .put("encoder.weight", weight)                       // F32
 *     .putLongs("positions", new int[] {2, 3}, positions)  // I64
 *     .metadata("format", "pt")
 *     .write(path);
 * }</pre>
 * The output matches what the Python library writes for the same tensors: compact JSON with
 * {@code __metadata__} first, I64 tensors before F32 ones (larger alignment first), each group sorted by name,
 * the header padded with spaces so the data starts at a multiple of 8. The write is atomic: a temporary file in
 * the target's directory, fsync, then a rename over the target.
 */
public final class SafeTensors {
    /** Largest header accepted, the limit of the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private SafeTensors() {}

    /** Opens and validates a file; the caller closes it. */
    public static SafeTensorsFile read(Path path) throws IOException {
        String file = path.toString();
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new SafeTensorsException(file + ": file has " + fileSize
                        + " bytes, too short for the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0); // unsigned in the spec: negative means >= 2^63
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw new SafeTensorsException(file + ": header length " + Long.toUnsignedString(headerLength)
                        + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
            }
            if (headerLength > fileSize - 8) {
                throw new SafeTensorsException(file + ": header length " + headerLength
                        + " runs past the end of the file (" + fileSize + " bytes, so at most " + (fileSize - 8)
                        + " bytes of header)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            Header header = Header.parse(file, headerBytes.array(), fileSize - 8 - headerLength);
            return new SafeTensorsFile(file, channel, 8 + headerLength, header);
        } catch (IOException | RuntimeException | Error e) {
            channel.close();
            throw e;
        }
    }

    /** Every tensor of the file as float32 on the current backend, in header order. */
    public static LinkedHashMap<String, Tensor> readAll(Path path) throws IOException {
        try (SafeTensorsFile f = read(path)) {
            return f.readAll();
        }
    }

    /** Every tensor of the file as float32 on the given backend, in header order. */
    public static LinkedHashMap<String, Tensor> readAll(Path path, Backend backend) throws IOException {
        try (SafeTensorsFile f = read(path)) {
            return f.readAll(backend);
        }
    }

    /** A new, empty writer. */
    public static SafeTensorsWriter writer() {
        return new SafeTensorsWriter();
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int n = channel.read(buf, position + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of file"); // size was checked: only if the file shrinks
            }
        }
    }
}
