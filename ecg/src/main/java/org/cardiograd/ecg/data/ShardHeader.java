package org.cardiograd.ecg.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cardiograd.ecg.io.EcgFormatException;

/**
 * The fixed 64-byte header at the start of every shard file (all little-endian):
 * <pre>
 *  offset size  field
 *   0      8    magic, the ASCII bytes "CGECGSHD"
 *   8      4    format version ({@value #VERSION})
 *  12      4    sample encoding: 1 = int16, 2 = float16 ({@link SampleEncoding})
 *  16      4    leads per record (12)
 *  20      4    samples per lead
 *  24      4    records in this shard
 *  28      4    dataset index of the shard's first record
 *  32      8    scale in mV per unit (float64; int16 only, 1.0 for float16)
 *  40     24    zero
 * </pre>
 * Record {@code i} of the shard follows at byte {@code 64 + i * leads * samples * 2}, lead by lead (all samples
 * of lead I, then lead II, ...), so any record is one computable offset away.
 */
record ShardHeader(int version, SampleEncoding encoding, int leads, int samples, int records, int firstRecord,
                   double scale) {

    static final int BYTES = 64;
    static final int VERSION = 1;
    private static final byte[] MAGIC = "CGECGSHD".getBytes(StandardCharsets.US_ASCII);

    /** Bytes of one record. */
    long recordBytes() {
        return (long) leads * samples * SampleEncoding.BYTES;
    }

    /** The exact size of a shard file with this header. */
    long fileBytes() {
        return BYTES + records * recordBytes();
    }

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(version).putInt(encoding.code).putInt(leads).putInt(samples).putInt(records)
                .putInt(firstRecord).putDouble(scale);
        return b.position(0);
    }

    /** Reads and checks a header; {@code bytes} holds at least the first 64 bytes of {@code file}. */
    static ShardHeader decode(ByteBuffer bytes, Path file) throws EcgFormatException {
        if (bytes.remaining() < BYTES) {
            throw new EcgFormatException(file, null, "file has " + bytes.remaining() + " bytes; expected a "
                    + BYTES + "-byte shard header followed by records");
        }
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new EcgFormatException(file, "bytes 0-7", "magic number is '" + printable(magic)
                    + "'; expected 'CGECGSHD' (not a cardiograd ECG shard file)");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new EcgFormatException(file, "bytes 8-11", "shard format version " + version
                    + "; this reader knows version " + VERSION);
        }
        int code = b.getInt();
        SampleEncoding encoding = SampleEncoding.ofCode(code);
        if (encoding == null) {
            throw new EcgFormatException(file, "bytes 12-15", "sample encoding code " + code
                    + "; expected 1 (int16) or 2 (float16)");
        }
        int leads = b.getInt();
        int samples = b.getInt();
        int records = b.getInt();
        int firstRecord = b.getInt();
        double scale = b.getDouble();
        if (leads < 1 || samples < 1 || records < 0 || firstRecord < 0) {
            throw new EcgFormatException(file, "bytes 16-31", "leads " + leads + ", samples " + samples
                    + ", records " + records + ", first record " + firstRecord
                    + "; expected positive leads and samples and non-negative counts");
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new EcgFormatException(file, "bytes 32-39", "scale " + scale + " mV per unit; expected a"
                    + " positive finite number");
        }
        return new ShardHeader(version, encoding, leads, samples, records, firstRecord, scale);
    }

    private static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte x : bytes) {
            sb.append(x >= 0x20 && x < 0x7f ? String.valueOf((char) x) : String.format("\\x%02X", x & 0xFF));
        }
        return sb.toString();
    }
}
