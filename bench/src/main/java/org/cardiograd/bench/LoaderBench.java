package org.cardiograd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.data.Batch;
import org.cardiograd.ecg.data.DataLoader;
import org.cardiograd.ecg.data.EcgShards;
import org.cardiograd.ecg.data.ShardWriter;
import org.cardiograd.ecg.io.CincDataset;
import org.cardiograd.ecg.signal.Preprocessor;

/**
 * Loader throughput in records per second (a plain main, not JMH; it lives in the ecg test sources until the
 * bench module depends on cardiograd-ecg):
 * <ol>
 *   <li>WFDB read (header + MAT-v4 signal) of the 30 shared CinC records, then the same plus
 *       {@link Preprocessor#defaults()} (500 Hz, band-pass, z-score, 5000 samples), read repeatedly;</li>
 *   <li>shard read: a folder of {@code --records} records of 12 x 5000 int16 samples (the 30 preprocessed
 *       records repeated), batches of 32 through the {@link DataLoader}, with and without prefetch.</li>
 * </ol>
 * The shard file is read from the page cache after the first pass, which is the steady state of training.
 * Numbers on a shared machine are noisy; the load average is printed with them.
 *
 * <p>Usage: {@code LoaderBench [--data DIR] [--records N] [--seconds S]}
 */
public final class LoaderBench {
    private LoaderBench() {
    }

    public static void main(String[] args) throws IOException {
        Path data = null;
        int records = 2048;
        double seconds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--help", "-h" -> {
                    System.out.println("LoaderBench [--data DIR] [--records N] [--seconds S]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; try --help");
            }
        }
        if (data == null) {
            data = defaultData();
        }
        System.out.printf("cores %d, load average at start %s, java %s%n", Runtime.getRuntime().availableProcessors(),
                loadAverage(), System.getProperty("java.version"));

        CincDataset dataset = CincDataset.open(data);
        Preprocessor preprocessor = Preprocessor.defaults();
        List<String> ids = dataset.recordIds();
        rate("WFDB read only              ", seconds, () -> {
            for (String id : ids) {
                dataset.load(id);
            }
            return ids.size();
        });
        rate("WFDB read + preprocess       ", seconds, () -> {
            for (String id : ids) {
                EcgRecord r = dataset.load(id);
                preprocessor.apply(r.signal(), (int) r.samplingRate());
            }
            return ids.size();
        });

        List<EcgRecord> processed = new ArrayList<>();
        for (String id : ids) {
            EcgRecord r = dataset.load(id);
            processed.add(new EcgRecord(r.id(), preprocessor.apply(r.signal(), (int) r.samplingRate()).signal(),
                    preprocessor.targetHz(), r.labels(), r.report(), r.patientId(), r.metadata()));
        }
        List<EcgRecord> many = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            EcgRecord r = processed.get(i % processed.size());
            many.add(new EcgRecord(r.id() + "#" + i, r.signal(), r.samplingRate(), r.labels(), r.report(),
                    r.patientId(), r.metadata()));
        }
        Path temp = Files.createTempDirectory("loader-bench");
        try {
            Preprocessor stored = new Preprocessor(500, 0, 0.67, 40, 0, 30,
                    org.cardiograd.ecg.signal.Normalization.NONE, 5000, org.cardiograd.ecg.signal.FixedLength.Pad.ZERO);
            long t0 = System.nanoTime();
            ShardWriter.of(stored).write(many, temp.resolve("shards"));
            System.out.printf("wrote %d records (%.0f MB) in %.1f s%n", records,
                    records * 12 * 5000 * 2 / 1e6, (System.nanoTime() - t0) / 1e9);
            EcgShards shards = EcgShards.open(temp.resolve("shards"));

            float[] one = new float[12 * 5000];
            int[] next = {0};
            rate("shard decode, 1 record      ", seconds, () -> {
                for (int k = 0; k < 256; k++) {
                    shards.readSignal(next[0]++ % shards.size(), one, 0);
                }
                return 256;
            });
            for (int prefetch : new int[] {0, 4}) {
                try (DataLoader loader = DataLoader.builder(shards).batchSize(32).seed(1).prefetch(prefetch)
                        .build()) {
                    rate(String.format("DataLoader batch 32, prefetch %d", prefetch), seconds, () -> {
                        int n = 0;
                        for (Batch batch : loader) {
                            n += batch.size();
                        }
                        return n;
                    });
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(temp)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        System.out.printf("load average at end %s%n", loadAverage());
    }

    @FunctionalInterface
    private interface Work {
        /** Does one round and returns how many records it handled. */
        int run() throws IOException;
    }

    /** Warms up for a third of the time, then measures rounds for {@code seconds} and prints records/s. */
    private static void rate(String name, double seconds, Work work) throws IOException {
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warmEnd) {
            work.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long count = 0;
        long now;
        do {
            count += work.run();
            now = System.nanoTime();
        } while (now < end);
        System.out.printf("%s %10.0f records/s  (%d records in %.2f s)%n", name, count / ((now - start) / 1e9),
                count, (now - start) / 1e9);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Path defaultData() {
        String root = System.getProperty("cardiograd.root");
        Path dir = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/data/cinc2021-sample").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no ../shared/data/cinc2021-sample above " + dir + "; pass --data DIR");
    }
}
