package org.cardiograd.ecg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.SharedData;
import org.cardiograd.ecg.io.CincDataset;
import org.cardiograd.ecg.io.EcgDataset;
import org.cardiograd.ecg.signal.Preprocessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardRoundTripTest {
    private static final int LENGTH = 300;

    @TempDir
    Path dir;

    @Test
    void int16KeepsSamplesWithinHalfAUnitAndEverythingElseExactly() throws IOException {
        List<EcgRecord> records = TestRecords.random(7, LENGTH, 5.0, 1);
        double scale = 0.001;
        ShardWriter.Summary summary = ShardWriter.of(TestRecords.identity(LENGTH)).withRecordsPerShard(3)
                .write(records, dir.resolve("out"));
        assertEquals(7, summary.records());
        assertEquals(3, summary.shards()); // 3 + 3 + 1
        assertEquals(0, summary.saturatedSamples());
        assertTrue(Files.isRegularFile(dir.resolve("out/shard-00002.bin")));

        EcgShards shards = EcgShards.open(dir.resolve("out"));
        assertEquals(SampleEncoding.INT16, shards.encoding());
        assertEquals(7, shards.size());
        assertEquals(LENGTH, shards.length());
        assertEquals(500.0, shards.samplingRate());
        assertEquals(List.of(TestRecords.CLASSES).stream().filter(c -> records.stream()
                .anyMatch(r -> r.labels().contains(c))).toList(), shards.labelVocabulary()); // sorted union
        for (int i = 0; i < records.size(); i++) {
            EcgRecord expected = records.get(i);
            EcgRecord actual = shards.record(i);
            assertSameExceptSignal(expected, actual);
            assertEquals(i, shards.indexOf(expected.id()));
            for (int lead = 0; lead < 12; lead++) {
                for (int t = 0; t < LENGTH; t++) {
                    double error = Math.abs(actual.signal()[lead][t] - expected.signal()[lead][t]);
                    assertTrue(error <= scale / 2 + 1e-6, "record " + i + " lead " + lead + " sample " + t
                            + ": error " + error);
                }
            }
        }
        assertEquals(records.get(4).id(), shards.load("rec-4").id());
        assertEquals(records.stream().map(EcgRecord::id).toList(), shards.recordIds());
    }

    @Test
    void valuesOnTheScaleGridAreStoredExactly() throws IOException {
        List<EcgRecord> records = TestRecords.random(2, LENGTH, 3.0, 2);
        for (EcgRecord r : records) { // 1000/mV WFDB data: whole microvolts
            for (float[] lead : r.signal()) {
                for (int t = 0; t < lead.length; t++) {
                    lead[t] = Math.round(lead[t] * 1000) / 1000f;
                }
            }
        }
        EcgShards shards = EcgShards.open(ShardWriter.of(TestRecords.identity(LENGTH)).write(records,
                dir.resolve("exact")).folder());
        for (int i = 0; i < 2; i++) {
            float[][] decoded = shards.signal(i);
            for (int lead = 0; lead < 12; lead++) {
                for (int t = 0; t < LENGTH; t++) {
                    assertEquals(Math.round(records.get(i).signal()[lead][t] * 1000),
                            Math.round(decoded[lead][t] * 1000));
                }
            }
        }
    }

    @Test
    void float16KeepsARelativeErrorOfAtMostTwoToTheMinusEleven() throws IOException {
        List<EcgRecord> records = TestRecords.random(5, LENGTH, 1000.0, 3); // beyond int16's range at 1 uV
        ShardWriter.Summary summary = ShardWriter.of(TestRecords.identity(LENGTH))
                .withEncoding(SampleEncoding.FLOAT16).write(records, dir.resolve("f16"));
        assertEquals(0, summary.saturatedSamples());
        EcgShards shards = EcgShards.open(dir.resolve("f16"));
        assertEquals(SampleEncoding.FLOAT16, shards.encoding());
        float[] flat = new float[12 * LENGTH + 5];
        for (int i = 0; i < records.size(); i++) {
            shards.readSignal(i, flat, 5);
            assertSameExceptSignal(records.get(i), shards.record(i));
            for (int lead = 0; lead < 12; lead++) {
                for (int t = 0; t < LENGTH; t++) {
                    float x = records.get(i).signal()[lead][t];
                    float y = flat[5 + lead * LENGTH + t];
                    double bound = Math.abs(x) >= 0x1.0p-14f ? Math.abs(x) * 0x1.0p-11 : 0x1.0p-25;
                    assertTrue(Math.abs(y - x) <= bound, x + " stored as " + y);
                }
            }
        }
    }

    @Test
    void samplesBeyondTheRangeAreClippedAndCounted() throws IOException {
        List<EcgRecord> records = TestRecords.random(2, LENGTH, 1.0, 4);
        records.get(0).signal()[3][10] = 40f; // beyond +-32.767 mV at 1 uV per unit
        records.get(1).signal()[7][0] = -33f;
        records.get(1).signal()[7][1] = 32.767f; // exactly the largest value: not saturated
        ShardWriter.Summary summary = ShardWriter.of(TestRecords.identity(LENGTH)).write(records, dir.resolve("s"));
        assertEquals(2, summary.saturatedSamples());
        EcgShards shards = EcgShards.open(dir.resolve("s"));
        assertEquals(2, shards.saturatedSamples());
        assertEquals(32.767f, shards.signal(0)[3][10], 1e-5);
        assertEquals(-32.767f, shards.signal(1)[7][0], 1e-5);
        assertEquals(32.767f, shards.signal(1)[7][1], 1e-5);

        records.get(0).signal()[0][0] = 70000f;
        ShardWriter.Summary half = ShardWriter.of(TestRecords.identity(LENGTH)).withEncoding(SampleEncoding.FLOAT16)
                .write(records, dir.resolve("h"));
        assertEquals(1, half.saturatedSamples());
        assertEquals(65504f, EcgShards.open(dir.resolve("h")).signal(0)[0][0]);
    }

    @Test
    void aFailingIteratorLeavesNoFolderBehind() throws IOException {
        List<EcgRecord> records = TestRecords.random(6, LENGTH, 1.0, 5);
        Iterable<EcgRecord> failing = () -> new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public EcgRecord next() {
                if (next == 4) {
                    throw new IllegalStateException("disk of the source dataset went away");
                }
                return records.get(next++);
            }
        };
        Path target = dir.resolve("nested/out");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ShardWriter.of(TestRecords.identity(LENGTH)).withRecordsPerShard(2).write(failing, target));
        assertTrue(e.getMessage().contains("went away"));
        assertFalse(Files.exists(target));
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertEquals(List.of(), left.toList(), "no temporary folder may remain");
        }
    }

    @Test
    void badRecordsAndAnExistingTargetAreRefused() throws IOException {
        List<EcgRecord> records = new ArrayList<>(TestRecords.random(3, LENGTH, 1.0, 6));
        EcgRecord odd = records.get(1);
        records.set(1, new EcgRecord(odd.id(), odd.signal(), 499.5, odd.labels(), null, null, Map.of()));
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> ShardWriter.of(TestRecords.identity(LENGTH)).write(records, dir.resolve("rate")));
        assertTrue(rate.getMessage().contains("record 1 'rec-1'") && rate.getMessage().contains("499.5"),
                rate.getMessage());
        assertFalse(Files.exists(dir.resolve("rate")));

        List<EcgRecord> twice = List.of(records.get(0), records.get(0));
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> ShardWriter.of(TestRecords.identity(LENGTH)).write(twice, dir.resolve("dup")));
        assertTrue(duplicate.getMessage().contains("'rec-0'"), duplicate.getMessage());

        List<EcgRecord> good = TestRecords.random(2, LENGTH, 1.0, 7);
        ShardWriter writer = ShardWriter.of(TestRecords.identity(LENGTH));
        assertThrows(IllegalArgumentException.class, () -> writer.withLabelVocabulary(List.of("OTHER"))
                .write(good, dir.resolve("vocab")));
        writer.write(good, dir.resolve("first"));
        assertThrows(FileAlreadyExistsException.class, () -> writer.write(good, dir.resolve("first")));
        assertThrows(IllegalArgumentException.class, () -> ShardWriter.of(TestRecords.identity(0)));
    }

    @Test
    void aGivenVocabularyFixesTheClassPositions() throws IOException {
        List<EcgRecord> records = TestRecords.random(4, LENGTH, 1.0, 8);
        List<String> vocabulary = List.of("STTC", "NORM", "MI", "AF", "HYP");
        EcgShards shards = EcgShards.open(ShardWriter.of(TestRecords.identity(LENGTH))
                .withLabelVocabulary(vocabulary).write(records, dir.resolve("v")).folder());
        assertEquals(vocabulary, shards.labelVocabulary());
        for (int i = 0; i < 4; i++) {
            assertEquals(records.get(i).labels(), shards.labels(i));
            for (int p : shards.labelPositions(i)) {
                assertTrue(records.get(i).labels().contains(vocabulary.get(p)));
            }
        }
    }

    @Test
    void datasetConversionSkipsUnreadableRecordsWhenAskedTo() throws IOException {
        List<EcgRecord> records = TestRecords.random(4, LENGTH, 1.0, 9);
        EcgDataset dataset = new EcgDataset() {
            @Override
            public List<String> recordIds() {
                return records.stream().map(EcgRecord::id).toList();
            }

            @Override
            public EcgRecord load(String id) throws IOException {
                if (id.equals("rec-2")) {
                    throw new IOException("rec-2.mat: truncated");
                }
                return records.get(Integer.parseInt(id.substring(4)));
            }
        };
        ShardWriter writer = ShardWriter.of(TestRecords.identity(LENGTH));
        assertThrows(IOException.class, () -> writer.write(dataset, dataset.recordIds(),
                EcgDataset.BadRecordPolicy.FAIL, dir.resolve("fail")));
        assertFalse(Files.exists(dir.resolve("fail")));
        ShardWriter.Summary summary = writer.write(dataset, dataset.recordIds(), EcgDataset.BadRecordPolicy.SKIP,
                dir.resolve("skip"));
        assertEquals(3, summary.records());
        assertEquals(List.of(new EcgDataset.SkippedRecord("rec-2", "rec-2.mat: truncated")), summary.skipped());
        assertEquals(List.of("rec-0", "rec-1", "rec-3"), EcgShards.open(dir.resolve("skip")).recordIds());
    }

    @Test
    void theSharedRealRecordsSurviveConversion() throws IOException {
        CincDataset dataset = CincDataset.open(SharedData.cincSample());
        Preprocessor preprocessor = Preprocessor.defaults();
        ShardWriter.Summary summary = ShardWriter.of(preprocessor).withRecordsPerShard(8).write(dataset,
                dataset.recordIds(), EcgDataset.BadRecordPolicy.FAIL, dir.resolve("cinc"));
        assertEquals(30, summary.records());
        EcgShards shards = EcgShards.open(dir.resolve("cinc"));
        assertEquals(dataset.recordIds(), shards.recordIds());
        assertEquals(5000, shards.length());
        Set<String> vocabulary = new LinkedHashSet<>();
        for (int i = 0; i < shards.size(); i++) {
            EcgRecord original = dataset.load(shards.id(i));
            vocabulary.addAll(original.labels());
            EcgRecord stored = shards.record(i);
            assertEquals(original.labels(), stored.labels());
            assertEquals(original.report(), stored.report());
            assertEquals(original.metadata(), stored.metadata());
            float[][] expected = preprocessor.apply(original.signal(), (int) original.samplingRate()).signal();
            for (int lead = 0; lead < 12; lead++) {
                for (int t = 0; t < 5000; t++) {
                    assertEquals(expected[lead][t], stored.signal()[lead][t], 0.0005 + 1e-6,
                            stored.id() + " lead " + lead + " sample " + t);
                }
            }
        }
        assertEquals(vocabulary.stream().sorted().toList(), shards.labelVocabulary());
    }

    private static void assertSameExceptSignal(EcgRecord expected, EcgRecord actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.report(), actual.report());
        assertEquals(expected.patientId(), actual.patientId());
        assertEquals(expected.metadata(), actual.metadata());
        assertEquals(List.copyOf(expected.metadata().keySet()), List.copyOf(actual.metadata().keySet()));
        assertEquals(expected.labels(), actual.labels());
        assertEquals(expected.samplingRate(), actual.samplingRate());
        assertArrayEquals(new int[] {12, expected.length()}, new int[] {actual.signal().length, actual.length()});
    }
}
