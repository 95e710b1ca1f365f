package org.cardiograd.ecg.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.io.EcgDataset;
import org.cardiograd.ecg.signal.Preprocessor;

/**
 * Converts records into a shard folder ({@link EcgShards} reads it): every record goes through the given
 * {@link Preprocessor}, which must produce a fixed length, and is stored as 16-bit samples
 * ({@link SampleEncoding}) in shard files of at most {@link #recordsPerShard} records, described by an
 * {@code index.tsv} ({@link ShardIndex}).
 *
 * <p>Conversion is all or nothing: files are written into a hidden temporary folder beside the target, which is
 * renamed to the target only when everything was written. A failure (a bad record, an iterator that throws, a
 * full disk) deletes the temporary folder and leaves no target folder. (The rename is atomic for other
 * processes; it does not force the data to disk, so it does not protect against a power cut.)
 *
 * <p>The label vocabulary is, unless given, the sorted set of all labels of the converted records.
 *
 * @param preprocessor    applied to every record; its {@code length} must be positive
 * @param encoding        sample encoding (default {@link SampleEncoding#INT16})
 * @param scaleMvPerUnit  int16 scale in mV per unit (default {@value SampleEncoding#DEFAULT_SCALE_MV})
 * @param recordsPerShard records per shard file (default: as many as fit in 1 GiB)
 * @param labelVocabulary the classes in order, or null to collect them; a record label outside it is an error
 */
public record ShardWriter(Preprocessor preprocessor, SampleEncoding encoding, double scaleMvPerUnit,
                          int recordsPerShard, List<String> labelVocabulary) {

    private static final long DEFAULT_SHARD_BYTES = 1L << 30;

    public ShardWriter {
        if (preprocessor == null || preprocessor.length() < 1) {
            throw new IllegalArgumentException("the preprocessor must set a fixed length (length > 0) so every"
                    + " record has the same size; got " + preprocessor);
        }
        if (encoding == null) {
            throw new IllegalArgumentException("encoding is null");
        }
        if (!(scaleMvPerUnit > 0) || Double.isInfinite(scaleMvPerUnit)) {
            throw new IllegalArgumentException("scaleMvPerUnit must be positive and finite, got " + scaleMvPerUnit);
        }
        long recordBytes = recordBytes(preprocessor);
        if (recordsPerShard == 0) {
            recordsPerShard = (int) Math.max(1, DEFAULT_SHARD_BYTES / recordBytes);
        }
        if (recordsPerShard < 1 || ShardHeader.BYTES + recordsPerShard * recordBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("recordsPerShard must be at least 1 and keep a shard under 2 GiB"
                    + " (one memory mapping per shard): at most " + (Integer.MAX_VALUE - ShardHeader.BYTES)
                    / recordBytes + " records of " + recordBytes + " bytes, got " + recordsPerShard);
        }
        if (labelVocabulary != null) {
            labelVocabulary = List.copyOf(labelVocabulary);
            if (new HashSet<>(labelVocabulary).size() != labelVocabulary.size()) {
                throw new IllegalArgumentException("label vocabulary has repeated entries: " + labelVocabulary);
            }
        }
    }

    /** int16 at 1 uV per unit, shards of up to 1 GiB, vocabulary collected from the records. */
    public static ShardWriter of(Preprocessor preprocessor) {
        return new ShardWriter(preprocessor, SampleEncoding.INT16, SampleEncoding.DEFAULT_SCALE_MV, 0, null);
    }

    public ShardWriter withEncoding(SampleEncoding e) {
        return new ShardWriter(preprocessor, e, scaleMvPerUnit, recordsPerShard, labelVocabulary);
    }

    public ShardWriter withScale(double mvPerUnit) {
        return new ShardWriter(preprocessor, encoding, mvPerUnit, recordsPerShard, labelVocabulary);
    }

    public ShardWriter withRecordsPerShard(int n) {
        return new ShardWriter(preprocessor, encoding, scaleMvPerUnit, n, labelVocabulary);
    }

    public ShardWriter withLabelVocabulary(List<String> classes) {
        return new ShardWriter(preprocessor, encoding, scaleMvPerUnit, recordsPerShard, classes);
    }

    /**
     * What a conversion did.
     *
     * @param saturatedSamples samples clipped to the encoding's range (see {@link SampleEncoding})
     * @param cleanedRecords   records whose NaN or flat leads the preprocessor's cleaner had to repair
     * @param skipped          records left out by {@link EcgDataset.BadRecordPolicy#SKIP}
     */
    public record Summary(Path folder, int records, int shards, long saturatedSamples, int cleanedRecords,
                          List<EcgDataset.SkippedRecord> skipped) {
        public Summary {
            skipped = List.copyOf(skipped);
        }
    }

    /** Converts the records, in iteration order, into the new folder {@code target} (which must not exist). */
    public Summary write(Iterable<EcgRecord> records, Path target) throws IOException {
        return convert(target, conversion -> {
            for (EcgRecord record : records) {
                conversion.add(record);
            }
            return List.of();
        });
    }

    /** Converts the dataset's records {@code ids}; unreadable records follow {@code policy}. */
    public Summary write(EcgDataset dataset, List<String> ids, EcgDataset.BadRecordPolicy policy, Path target)
            throws IOException {
        return convert(target, conversion -> dataset.forEach(ids, policy, conversion::add).skipped());
    }

    @FunctionalInterface
    private interface Feed {
        List<EcgDataset.SkippedRecord> run(Conversion conversion) throws IOException;
    }

    private Summary convert(Path target, Feed feed) throws IOException {
        Path folder = target.toAbsolutePath().normalize();
        if (Files.exists(folder)) {
            throw new FileAlreadyExistsException(folder.toString(), null, "shard folder already exists; convert"
                    + " into a new folder (or delete the old one first)");
        }
        Files.createDirectories(folder.getParent());
        Path temp = folder.resolveSibling("." + folder.getFileName() + ".partial-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.createDirectory(temp);
        boolean done = false;
        try (Conversion conversion = new Conversion(temp)) {
            List<EcgDataset.SkippedRecord> skipped = feed.run(conversion);
            Summary summary = conversion.finish(folder, skipped);
            Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return summary;
        } finally {
            if (!done) {
                deleteRecursively(temp);
            }
        }
    }

    private static long recordBytes(Preprocessor p) {
        return (long) EcgRecord.LEADS.size() * p.length() * SampleEncoding.BYTES;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** What the index needs of a record once its signal is written. */
    private record Pending(String id, Set<String> labels, String report, String patientId,
                           Map<String, String> metadata) {
    }

    /** The state of one conversion: the open shard file, the index entries so far, the counters. */
    private final class Conversion implements AutoCloseable {
        private final Path folder;
        private final int leads = EcgRecord.LEADS.size();
        private final int length = preprocessor.length();
        private final ByteBuffer recordBuffer =
                ByteBuffer.allocate((int) recordBytes(preprocessor)).order(ByteOrder.LITTLE_ENDIAN);
        private final List<Pending> entries = new ArrayList<>();
        private final Set<String> ids = new HashSet<>();
        private final List<ShardIndex.Shard> shards = new ArrayList<>();
        private FileChannel channel;
        private int inShard;
        private long saturated;
        private int cleaned;

        Conversion(Path folder) {
            this.folder = folder;
        }

        void add(EcgRecord record) throws IOException {
            String where = "record " + entries.size() + " '" + record.id() + "'";
            if (!ids.add(record.id())) {
                throw new IllegalArgumentException(where + ": id repeats an earlier record; expected unique ids");
            }
            if (labelVocabulary != null && !labelVocabulary.containsAll(record.labels())) {
                throw new IllegalArgumentException(where + ": labels " + record.labels() + " are not all in the"
                        + " label vocabulary " + labelVocabulary);
            }
            double rate = record.samplingRate();
            if (rate != Math.rint(rate) || rate > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(where + ": sampling rate " + rate + " Hz; the preprocessor"
                        + " resamples from whole-Hz rates only");
            }
            Preprocessor.Result result = preprocessor.apply(record.signal(), (int) rate);
            if (!result.cleaning().unchanged()) {
                cleaned++;
            }
            encode(result.signal(), where);
            if (channel == null) {
                openShard();
            }
            recordBuffer.flip();
            while (recordBuffer.hasRemaining()) {
                channel.write(recordBuffer);
            }
            inShard++;
            entries.add(new Pending(record.id(), record.labels(), record.report(), record.patientId(),
                    record.metadata()));
            if (inShard == recordsPerShard) {
                closeShard();
            }
        }

        private void encode(float[][] signal, String where) {
            if (signal.length != leads || signal[0].length != length) {
                throw new IllegalStateException(where + ": preprocessing gave " + signal.length + " x "
                        + signal[0].length + " samples; expected " + leads + " x " + length);
            }
            recordBuffer.clear();
            for (int lead = 0; lead < leads; lead++) {
                float[] x = signal[lead];
                for (int t = 0; t < length; t++) {
                    float v = x[t];
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException(where + ": sample " + t + " of lead "
                                + EcgRecord.LEADS.get(lead) + " is " + v + " after preprocessing; expected a"
                                + " finite value");
                    }
                    if (encoding.saturates(v, scaleMvPerUnit)) {
                        saturated++;
                    }
                    recordBuffer.putShort(encoding.encode(v, scaleMvPerUnit));
                }
            }
        }

        private void openShard() throws IOException {
            String name = String.format("shard-%05d.bin", shards.size());
            channel = FileChannel.open(folder.resolve(name), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            shards.add(new ShardIndex.Shard(name, 0));
            ByteBuffer placeholder = header(0); // the count is filled in when the shard is closed
            while (placeholder.hasRemaining()) {
                channel.write(placeholder);
            }
        }

        private void closeShard() throws IOException {
            if (channel == null) {
                return;
            }
            ByteBuffer header = header(inShard);
            while (header.hasRemaining()) {
                channel.write(header, header.position());
            }
            channel.close();
            channel = null;
            ShardIndex.Shard last = shards.remove(shards.size() - 1);
            shards.add(new ShardIndex.Shard(last.file(), inShard));
            inShard = 0;
        }

        private ByteBuffer header(int records) {
            int first = entries.size() - (channel == null ? 0 : inShard);
            double scale = encoding == SampleEncoding.INT16 ? scaleMvPerUnit : 1.0;
            return new ShardHeader(ShardHeader.VERSION, encoding, leads, length, records, first, scale).encode();
        }

        Summary finish(Path target, List<EcgDataset.SkippedRecord> skipped) throws IOException {
            closeShard();
            List<String> vocabulary = labelVocabulary;
            if (vocabulary == null) {
                Set<String> all = new TreeSet<>();
                entries.forEach(e -> all.addAll(e.labels()));
                vocabulary = List.copyOf(all);
            }
            Map<String, Integer> position = new LinkedHashMap<>();
            for (String label : vocabulary) {
                position.put(label, position.size());
            }
            List<ShardIndex.Entry> index = new ArrayList<>(entries.size());
            for (Pending e : entries) {
                int[] labels = e.labels().stream().mapToInt(position::get).sorted().toArray();
                index.add(new ShardIndex.Entry(e.id(), e.patientId(), labels, e.report(), e.metadata()));
            }
            double scale = encoding == SampleEncoding.INT16 ? scaleMvPerUnit : 1.0;
            new ShardIndex(encoding, scale, preprocessor.targetHz(), leads, length, saturated,
                    preprocessor.toString(), vocabulary, shards, index).write(folder.resolve(ShardIndex.FILE_NAME));
            return new Summary(target, entries.size(), shards.size(), saturated, cleaned, skipped);
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }
    }
}
