package org.cardiograd.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.data.EcgShards;
import org.cardiograd.ecg.io.CincDataset;
import org.cardiograd.ecg.io.EcgDataset;
import org.cardiograd.ecg.io.LabelFractionSampler;
import org.cardiograd.ecg.io.PtbXlDataset;
import org.cardiograd.ecg.signal.FixedLength;
import org.cardiograd.ecg.signal.Normalization;
import org.cardiograd.ecg.signal.Notch;
import org.cardiograd.ecg.signal.Preprocessor;

/**
 * The {@code --data} argument: {@code synthetic} (generated), {@code ptbxl:/path} (PTB-XL, split by its
 * recommended folds: 1-8 train, 10 test), {@code cinc:/path} (PhysioNet/CinC 2020/2021 layout) or a shard
 * folder written by ShardWriter. Real records go through the standard Preprocessor to the model's rate and
 * length; shard records, already preprocessed, are only resampled and cropped. CinC and shard sets are split
 * into train and test by a stratified sample of the test fraction with a fixed seed, so pretrain, probe and
 * finetune see the same split. Labels are PTB-XL's superclasses ({@link SuperclassLabels}).
 */
record DataSpec(Kind kind, Path path) {
    enum Kind { SYNTHETIC, PTBXL, CINC, SHARDS }

    /** Train and test sets at the model's rate and length. */
    record Split(EcgArrays train, EcgArrays test) {}

    /** How much to load and at which rate and length. */
    record Request(int samples, double seconds, int records, int testRecords, double testFraction, long seed) {}

    private static final long SPLIT_SEED = 20240710L;

    static void declare(Options o) {
        o.value("--data", "SPEC", "synthetic", "dataset: synthetic, ptbxl:/path, cinc:/path or a shard folder");
        o.value("--records", "N", "0", "training records (0: 1024 synthetic, all real ones)");
        o.value("--test-records", "N", "0", "test records (0: 512 synthetic, all real ones)");
        o.value("--test-fraction", "F", "0.2", "share of a cinc or shard set held out for testing");
        o.value("--seconds", "S", "10", "ECG length in seconds; the model's samples / seconds is the sampling rate "
                + "(probe and finetune: the checkpoint's unless given)");
    }

    static Request request(Options.Parsed p, int samples, long seed) {
        return request(p, samples, p.decimal("--seconds"), seed);
    }

    /** With the ECG length given (probe and finetune take it from the checkpoint unless --seconds is given). */
    static Request request(Options.Parsed p, int samples, double seconds, long seed) {
        double fraction = p.decimal("--test-fraction");
        if (!(fraction > 0 && fraction < 1)) {
            throw new Options.UsageException("--test-fraction must be in (0, 1), got " + fraction);
        }
        double rate = samples / seconds;
        if (!(seconds > 0) || Math.abs(rate - Math.rint(rate)) > 1e-9) {
            throw new Options.UsageException("--seconds " + seconds + ": the model's " + samples
                    + " samples must give a whole sampling rate");
        }
        return new Request(samples, seconds, p.atLeast("--records", 0), p.atLeast("--test-records", 0), fraction,
                seed);
    }

    static DataSpec parse(String spec) {
        if (spec.equals("synthetic")) {
            return new DataSpec(Kind.SYNTHETIC, null);
        }
        if (spec.startsWith("ptbxl:")) {
            return new DataSpec(Kind.PTBXL, existing(spec, spec.substring(6)));
        }
        if (spec.startsWith("cinc:")) {
            return new DataSpec(Kind.CINC, existing(spec, spec.substring(5)));
        }
        Path folder = Path.of(spec);
        if (Files.isRegularFile(folder.resolve("index.tsv"))) {
            return new DataSpec(Kind.SHARDS, folder);
        }
        throw new Options.UsageException("--data " + spec + ": expected synthetic, ptbxl:/path, cinc:/path or a "
                + "shard folder (a folder with index.tsv)");
    }

    private static Path existing(String spec, String folder) {
        Path p = Path.of(folder);
        if (!Files.isDirectory(p)) {
            throw new Options.UsageException("--data " + spec + ": no folder " + p.toAbsolutePath());
        }
        return p;
    }

    Split load(Request r) throws IOException {
        int rate = (int) Math.round(r.samples() / r.seconds());
        return switch (kind) {
            case SYNTHETIC -> new Split(
                    SyntheticData.generate(r.seed(), 0, r.records() == 0 ? 1024 : r.records(), rate, threads()),
                    SyntheticData.generate(r.seed(), 1 << 24, r.testRecords() == 0 ? 512 : r.testRecords(), rate,
                            threads()));
            case PTBXL -> {
                PtbXlDataset d = PtbXlDataset.open(path, rate > 100 ? 500 : 100, PtbXlDataset.Task.SUPERDIAGNOSTIC);
                Preprocessor pre = Preprocessor.defaults().withTarget(rate, r.samples());
                List<String> train = limit(d.withLabels(d.recordIds(PtbXlDataset.Split.TRAIN)), r.records());
                List<String> test = limit(d.withLabels(d.recordIds(PtbXlDataset.Split.TEST)), r.testRecords());
                yield new Split(withEveryCode(d, train, read(d, train, pre, rate)),
                        withEveryCode(d, test, read(d, test, pre, rate)));
            }
            case CINC -> split(CincDataset.open(path), Preprocessor.defaults().withTarget(rate, r.samples()), rate, r);
            case SHARDS -> split(EcgShards.open(path), new Preprocessor(rate, 0, 0, 0, 0, Notch.DEFAULT_Q,
                    Normalization.NONE, r.samples(), FixedLength.Pad.ZERO), rate, r);
        };
    }

    /** Holds out a stratified test share (fixed seed), then applies the record limits. */
    private Split split(EcgDataset d, Preprocessor pre, int rate, Request r) throws IOException {
        List<String> ids = d.recordIds();
        List<List<String>> labels = new ArrayList<>();
        for (String id : ids) {
            labels.add(SuperclassLabels.of(labelsOf(d, id)));
        }
        int[] testIndex = LabelFractionSampler.sample(labels, r.testFraction(), SPLIT_SEED);
        boolean[] isTest = new boolean[ids.size()];
        for (int i : testIndex) {
            isTest[i] = true;
        }
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            (isTest[i] ? test : train).add(ids.get(i));
        }
        return new Split(read(d, limit(train, r.records()), pre, rate), read(d, limit(test, r.testRecords()), pre,
                rate));
    }

    private static java.util.Set<String> labelsOf(EcgDataset d, String id) throws IOException {
        if (d instanceof CincDataset c) {
            return c.labels(id); // header only
        }
        if (d instanceof EcgShards s) {
            return s.labels(s.indexOf(id));
        }
        return d.load(id).labels();
    }

    /**
     * PTB-XL records keep every code a label set may ask for (probe --labels, zeroshot): their statements (form
     * and rhythm sets), diagnostic subclasses and superclasses.
     */
    private static EcgArrays withEveryCode(PtbXlDataset d, List<String> ids, EcgArrays a) {
        List<java.util.Set<String>> codes = new java.util.ArrayList<>();
        for (String id : ids) {
            java.util.Set<String> scp = d.entry(id).scpCodes().keySet();
            java.util.Set<String> all = new java.util.LinkedHashSet<>(d.labels(scp, PtbXlDataset.Task.ALL));
            all.addAll(d.labels(scp, PtbXlDataset.Task.SUBDIAGNOSTIC));
            all.addAll(d.labels(scp, PtbXlDataset.Task.SUPERDIAGNOSTIC));
            codes.add(all);
        }
        return new EcgArrays(a.signals(), a.labels(), a.classes(), a.samplingRate(), a.reports(), a.patients(), codes);
    }

    private static List<String> limit(List<String> ids, int max) {
        return max == 0 || max >= ids.size() ? ids : ids.subList(0, max);
    }

    /** Loads and preprocesses records in parallel (each record on its own, so the result is the same). */
    private EcgArrays read(EcgDataset d, List<String> ids, Preprocessor pre, int rate) throws IOException {
        if (ids.isEmpty()) {
            throw new IOException(describe() + ": no records in this split");
        }
        int n = ids.size();
        float[][][] signals = new float[n][][];
        float[][] labels = new float[n][SyntheticData.SUPERCLASSES.size()];
        String[] reports = new String[n];
        String[] patients = new String[n];
        @SuppressWarnings("unchecked")
        java.util.Set<String>[] codes = new java.util.Set[n];
        ProgressBar bar = new ProgressBar("reading " + describe(), n);
        AtomicInteger done = new AtomicInteger();
        try {
            IntStream.range(0, n).parallel().forEach(i -> {
                try {
                    EcgRecord rec = d.load(ids.get(i));
                    signals[i] = pre.apply(rec.signal(), (int) Math.round(rec.samplingRate())).signal();
                    reports[i] = rec.report();
                    patients[i] = rec.patientId();
                    codes[i] = rec.labels();
                    for (String c : SuperclassLabels.of(rec.labels())) {
                        labels[i][SyntheticData.SUPERCLASSES.indexOf(c)] = 1f;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                int k = done.incrementAndGet();
                synchronized (bar) {
                    bar.update(k, k, "");
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new EcgArrays(signals, labels, SyntheticData.SUPERCLASSES, rate, reports, patients, List.of(codes));
    }

    /** What was loaded, for config.json. */
    java.util.Map<String, Object> summary(Split split) {
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("spec", describe());
        d.put("train_records", split.train().size());
        d.put("test_records", split.test().size());
        d.put("sampling_rate", split.train().samplingRate());
        d.put("samples", split.train().signals()[0][0].length);
        d.put("classes", split.train().classes());
        return d;
    }

    String describe() {
        return switch (kind) {
            case SYNTHETIC -> "synthetic";
            case PTBXL -> "ptbxl:" + path;
            case CINC -> "cinc:" + path;
            case SHARDS -> path.toString();
        };
    }

    private static int threads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
