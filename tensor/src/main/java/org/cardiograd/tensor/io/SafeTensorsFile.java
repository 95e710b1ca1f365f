package org.cardiograd.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Tensor;

/**
 * An open, validated safetensors file (see {@link SafeTensors#read}). The header was parsed and checked when
 * the file was opened; tensor data is memory-mapped and converted only when a tensor is asked for.
 *
 * <p>It keeps the file open (so the data read is the data that was validated, even if the path is replaced
 * meanwhile): close it, ideally with try-with-resources. Safe to use from several threads.
 *
 * <p>Conversions: F32, F16, BF16 and F64 (rounded to nearest) become float32 tensors. Integer dtypes (I8 to
 * I64, U8 to U64, BOOL as 0/1) are available exactly as {@code long[]} via {@link #longs}, and as float32
 * tensors via {@link #tensor} when every value is exact in a float ({@code |v| <= 2^24}). F8 dtypes are
 * validated but not converted.
 */
public final class SafeTensorsFile implements AutoCloseable {
    /** Bytes mapped at a time: a multiple of every element size, well below the 2 GB limit of one mapping. */
    private static final long CHUNK = 1L << 28;
    private static final long FLOAT_EXACT_LIMIT = 1L << 24;

    private final String file;
    private final FileChannel channel;
    private final long dataStart;
    private final Header header;

    SafeTensorsFile(String file, FileChannel channel, long dataStart, Header header) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.header = header;
    }

    /** Tensor names in the order of the header. */
    public List<String> names() {
        return new ArrayList<>(header.entries.keySet());
    }

    public boolean contains(String name) {
        return header.entries.containsKey(name);
    }

    /** The {@code __metadata__} strings (empty when absent), in header order; unmodifiable. */
    public Map<String, String> metadata() {
        return header.metadata;
    }

    public int[] shape(String name) throws SafeTensorsException {
        return entry(name).shape().clone();
    }

    public DType dtype(String name) throws SafeTensorsException {
        return entry(name).dtype();
    }

    /** The tensor as float32 on the current backend ({@link Backends#current()}). */
    public Tensor tensor(String name) throws IOException {
        return tensor(name, Backends.current());
    }

    /** The tensor as float32 on the given backend. */
    public Tensor tensor(String name, Backend backend) throws IOException {
        Header.Entry e = entry(name);
        float[] values;
        if (e.dtype().isReadableAsFloat()) {
            values = new float[elementCount(e)];
            int size = e.dtype().byteSize();
            for (long off = 0; off < e.end() - e.begin(); off += CHUNK) {
                ByteBuffer buf = map(e, off);
                ElementDecoding.floats(e.dtype(), buf, values, (int) (off / size), buf.remaining() / size);
            }
        } else if (e.dtype().isInteger()) {
            values = exactFloats(e, longs(name));
        } else {
            throw new SafeTensorsException(where(e) + "dtype " + e.dtype() + " cannot be converted to float32");
        }
        return Tensor.fromArray(backend, values, e.shape());
    }

    /** The values of an integer (or BOOL) tensor, row-major, exactly. */
    public long[] longs(String name) throws IOException {
        Header.Entry e = entry(name);
        if (!e.dtype().isInteger()) {
            throw new SafeTensorsException(where(e) + "dtype " + e.dtype() + " is not an integer dtype");
        }
        long[] values = new long[elementCount(e)];
        int size = e.dtype().byteSize();
        for (long off = 0; off < e.end() - e.begin(); off += CHUNK) {
            ByteBuffer buf = map(e, off);
            ElementDecoding.longs(e.dtype(), buf, values, (int) (off / size), buf.remaining() / size);
        }
        if (e.dtype() == DType.U64) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] < 0) {
                    throw new SafeTensorsException(where(e) + "element " + i + " is "
                            + Long.toUnsignedString(values[i]) + ", above the 2^63-1 limit of a long");
                }
            }
        }
        return values;
    }

    /** Every tensor as float32 on the current backend, in header order. */
    public LinkedHashMap<String, Tensor> readAll() throws IOException {
        return readAll(Backends.current());
    }

    /** Every tensor as float32 on the given backend, in header order. */
    public LinkedHashMap<String, Tensor> readAll(Backend backend) throws IOException {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (String name : header.entries.keySet()) {
            out.put(name, tensor(name, backend));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "SafeTensorsFile[" + file + ", " + header.entries.size() + " tensors]";
    }

    private Header.Entry entry(String name) throws SafeTensorsException {
        Header.Entry e = header.entries.get(name);
        if (e == null) {
            throw new SafeTensorsException(file + ": no tensor named '" + Json.printable(name) + "' (the file has "
                    + header.entries.size() + " tensors)");
        }
        return e;
    }

    private int elementCount(Header.Entry e) throws SafeTensorsException {
        long n = e.numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new SafeTensorsException(where(e) + "shape " + Arrays.toString(e.shape()) + " has " + n
                    + " elements, more than one Java array holds");
        }
        return (int) n;
    }

    /** Maps the chunk of the tensor's bytes that starts {@code off} bytes into it. */
    private ByteBuffer map(Header.Entry e, long off) throws IOException {
        long length = Math.min(CHUNK, e.end() - e.begin() - off);
        return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin() + off, length)
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    private float[] exactFloats(Header.Entry e, long[] values) throws SafeTensorsException {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            if (v > FLOAT_EXACT_LIMIT || v < -FLOAT_EXACT_LIMIT) {
                throw new SafeTensorsException(where(e) + e.dtype() + " element " + i + " is " + v
                        + ", not exact as a float32 (|v| must be <= 2^24); read it with longs()");
            }
            out[i] = v;
        }
        return out;
    }

    private String where(Header.Entry e) {
        return file + ": tensor '" + Json.printable(e.name()) + "': ";
    }
}
