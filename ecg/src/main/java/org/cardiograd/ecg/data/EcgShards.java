package org.cardiograd.ecg.data;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.io.EcgDataset;
import org.cardiograd.ecg.io.EcgFormatException;

/**
 * A shard folder written by {@link ShardWriter}, opened for reading: the index is parsed into memory and each
 * shard file is memory-mapped (read-only, one mapping per file), so reading a record decodes its 16-bit samples
 * straight from the page cache into a float array.
 *
 * <p>Opening checks everything that can be checked without reading the samples: the index syntax, that each
 * shard file exists, has the magic number and version, agrees with the index (encoding, scale, leads, length,
 * record count, first record) and has exactly the size its header implies. Failures are
 * {@link EcgFormatException}s naming the file. Safe for concurrent reads.
 */
public final class EcgShards implements RecordSource, EcgDataset {
    /** Per-thread staging for one record's raw samples, reused across calls. */
    private static final ThreadLocal<short[]> STAGING = ThreadLocal.withInitial(() -> new short[0]);

    private final Path folder;
    private final ShardIndex index;
    private final ShortBuffer[] shards; // each a little-endian view of a whole shard file
    private final int[] shardOfRecord;
    private final int[] firstShortOfRecord; // position of the record's first sample in its shard view
    private final float scale;
    private final Map<String, Integer> positionOfId = new HashMap<>();

    private EcgShards(Path folder, ShardIndex index, ShortBuffer[] shards, int[] shardOfRecord,
                      int[] firstShortOfRecord) {
        this.folder = folder;
        this.index = index;
        this.shards = shards;
        this.shardOfRecord = shardOfRecord;
        this.firstShortOfRecord = firstShortOfRecord;
        this.scale = (float) index.scale();
        for (int i = 0; i < index.records().size(); i++) {
            String id = index.records().get(i).id();
            if (positionOfId.put(id, i) != null) {
                throw new IllegalStateException(folder.resolve(ShardIndex.FILE_NAME) + ": record id '" + id
                        + "' appears twice");
            }
        }
    }

    /** Opens and validates a shard folder. */
    public static EcgShards open(Path folder) throws IOException {
        Path indexFile = folder.resolve(ShardIndex.FILE_NAME);
        ShardIndex index = ShardIndex.read(indexFile);
        int count = index.records().size();
        ShortBuffer[] views = new ShortBuffer[index.shards().size()];
        int[] shardOfRecord = new int[count];
        int[] firstShort = new int[count];
        int first = 0;
        for (int s = 0; s < views.length; s++) {
            ShardIndex.Shard shard = index.shards().get(s);
            Path file = shardFile(folder, indexFile, shard.file());
            ShardHeader expected = new ShardHeader(ShardHeader.VERSION, index.encoding(), index.leads(),
                    index.length(), shard.records(), first, index.scale());
            views[s] = map(file, expected);
            for (int j = 0; j < shard.records(); j++) {
                shardOfRecord[first + j] = s;
                firstShort[first + j] = (int) ((ShardHeader.BYTES + j * expected.recordBytes()) / SampleEncoding.BYTES);
            }
            first += shard.records();
        }
        if (index.leads() != EcgRecord.LEADS.size()) {
            throw new EcgFormatException(indexFile, null, "records have " + index.leads() + " leads; expected "
                    + EcgRecord.LEADS.size());
        }
        return new EcgShards(folder, index, views, shardOfRecord, firstShort);
    }

    private static Path shardFile(Path folder, Path indexFile, String name) throws EcgFormatException {
        if (name == null || name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
            throw new EcgFormatException(indexFile, null, "shard file name '" + name + "'; expected a plain file"
                    + " name inside the shard folder");
        }
        return folder.resolve(name);
    }

    private static ShortBuffer map(Path file, ShardHeader expected) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new EcgFormatException(file, null, "missing shard file named in " + ShardIndex.FILE_NAME);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new EcgFormatException(file, null, "file has " + size + " bytes; expected a shard under 2 GiB");
            }
            MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            ShardHeader header = ShardHeader.decode(bytes, file);
            if (!header.equals(expected)) {
                throw new EcgFormatException(file, "header", "says " + describe(header) + "; expected "
                        + describe(expected) + " as " + ShardIndex.FILE_NAME + " says");
            }
            if (size != header.fileBytes()) {
                throw new EcgFormatException(file, null, "file has " + size + " bytes; expected " + header.fileBytes()
                        + " (a " + ShardHeader.BYTES + "-byte header and " + header.records() + " records of "
                        + header.recordBytes() + " bytes)" + (size < header.fileBytes() ? ": truncated, record "
                        + (header.firstRecord() + (size - ShardHeader.BYTES) / header.recordBytes())
                        + " is incomplete" : ""));
            }
            return bytes.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        }
    }

    private static String describe(ShardHeader h) {
        return h.records() + " records from record " + h.firstRecord() + ", " + h.leads() + " x " + h.samples()
                + " " + h.encoding().name().toLowerCase(java.util.Locale.ROOT) + " samples at scale " + h.scale();
    }

    public Path folder() {
        return folder;
    }

    @Override
    public int size() {
        return index.records().size();
    }

    @Override
    public int length() {
        return index.length();
    }

    @Override
    public double samplingRate() {
        return index.samplingRate();
    }

    public SampleEncoding encoding() {
        return index.encoding();
    }

    /** mV per int16 unit (1.0 for float16). */
    public double scaleMvPerUnit() {
        return index.scale();
    }

    /** Samples clipped during conversion. */
    public long saturatedSamples() {
        return index.saturatedSamples();
    }

    /** How the records were preprocessed, as recorded by the writer. */
    public String preprocessing() {
        return index.preprocessing();
    }

    @Override
    public List<String> labelVocabulary() {
        return index.labels();
    }

    @Override
    public void readSignal(int record, float[] dest, int offset) {
        checkIndex(record);
        int n = index.leads() * index.length();
        if (offset < 0 || offset + n > dest.length) {
            throw new IndexOutOfBoundsException("a record needs " + n + " floats from offset " + offset
                    + "; the array has " + dest.length);
        }
        short[] raw = STAGING.get();
        if (raw.length < n) {
            raw = new short[n];
            STAGING.set(raw);
        }
        // one bulk copy out of the mapping (absolute, so concurrent readers do not disturb each other)
        shards[shardOfRecord[record]].get(firstShortOfRecord[record], raw, 0, n);
        if (index.encoding() == SampleEncoding.INT16) {
            float s = scale;
            for (int k = 0; k < n; k++) {
                dest[offset + k] = raw[k] * s;
            }
        } else {
            for (int k = 0; k < n; k++) {
                dest[offset + k] = Half.toFloat(raw[k]);
            }
        }
    }

    /** Record {@code record}'s signal as {@code float[12][length]} in mV. */
    public float[][] signal(int record) {
        int n = index.length();
        float[] flat = new float[index.leads() * n];
        readSignal(record, flat, 0);
        float[][] leads = new float[index.leads()][];
        for (int lead = 0; lead < leads.length; lead++) {
            leads[lead] = java.util.Arrays.copyOfRange(flat, lead * n, (lead + 1) * n);
        }
        return leads;
    }

    @Override
    public int[] labelPositions(int record) {
        checkIndex(record);
        return index.records().get(record).labels().clone();
    }

    /** The record's labels, in vocabulary order. */
    public Set<String> labels(int record) {
        Set<String> labels = new LinkedHashSet<>();
        for (int p : labelPositions(record)) {
            labels.add(index.labels().get(p));
        }
        return labels;
    }

    @Override
    public String id(int record) {
        checkIndex(record);
        return index.records().get(record).id();
    }

    @Override
    public String report(int record) {
        checkIndex(record);
        return index.records().get(record).report();
    }

    @Override
    public String patientId(int record) {
        checkIndex(record);
        return index.records().get(record).patientId();
    }

    public Map<String, String> metadata(int record) {
        checkIndex(record);
        return java.util.Collections.unmodifiableMap(index.records().get(record).metadata());
    }

    @Override
    public EcgRecord record(int record) {
        ShardIndex.Entry e = index.records().get(checkIndex(record));
        return new EcgRecord(e.id(), signal(record), index.samplingRate(), labels(record), e.report(),
                e.patientId(), e.metadata());
    }

    /** The position of a record id, or -1. */
    public int indexOf(String id) {
        return positionOfId.getOrDefault(id, -1);
    }

    @Override
    public List<String> recordIds() {
        List<String> ids = new ArrayList<>(size());
        index.records().forEach(e -> ids.add(e.id()));
        return ids;
    }

    @Override
    public EcgRecord load(String id) {
        int position = indexOf(id);
        if (position < 0) {
            throw new IllegalArgumentException("no record '" + id + "' in " + folder);
        }
        return record(position);
    }

    private int checkIndex(int record) {
        if (record < 0 || record >= size()) {
            throw new IndexOutOfBoundsException("record " + record + " of " + size() + " in " + folder);
        }
        return record;
    }
}
