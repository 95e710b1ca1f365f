package org.cardiograd.ecg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.cardiograd.ecg.EcgRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {
    private static final int LENGTH = 64;
    private static final List<EcgRecord> RECORDS = TestRecords.random(23, LENGTH, 2.0, 21);

    @TempDir
    Path dir;

    /** Adds seeded noise and returns two views of different lengths, so views and their rngs can be checked. */
    private static final SampleTransform NOISY_VIEWS = (record, rng) -> {
        float[][][] views = new float[2][12][];
        for (int lead = 0; lead < 12; lead++) {
            views[0][lead] = record.signal()[lead].clone();
            views[1][lead] = Arrays.copyOf(record.signal()[lead], LENGTH / 2);
            for (int t = 0; t < LENGTH / 2; t++) {
                views[0][lead][t] += (float) rng.nextGaussian();
                views[1][lead][t] -= (float) rng.nextGaussian();
            }
        }
        return views;
    };

    private static DataLoader.Builder loader(RecordSource source) {
        return DataLoader.builder(source).batchSize(5).seed(42);
    }

    @Test
    void epochOrdersArePermutationsThatDependOnlyOnSeedAndEpoch() {
        DataLoader a = loader(InMemoryRecords.of(RECORDS)).build();
        DataLoader b = loader(InMemoryRecords.of(RECORDS)).build();
        int[] sorted = java.util.stream.IntStream.range(0, RECORDS.size()).toArray();
        for (int e = 0; e < 4; e++) {
            int[] order = a.order(e);
            int[] copy = order.clone();
            Arrays.sort(copy);
            assertArrayEquals(sorted, copy, "epoch " + e + " is a permutation");
            assertArrayEquals(order, b.order(e));
        }
        assertFalse(Arrays.equals(a.order(0), a.order(1)));
        assertFalse(Arrays.equals(a.order(1), a.order(2)));
        assertFalse(Arrays.equals(a.order(0), DataLoader.builder(InMemoryRecords.of(RECORDS)).seed(43).build()
                .order(0)));
        assertArrayEquals(sorted, DataLoader.builder(InMemoryRecords.of(RECORDS)).shuffle(false).build().order(3));
    }

    @Test
    void batchesHoldTheRecordsOfTheOrderWithMultiHotLabels() {
        InMemoryRecords source = InMemoryRecords.of(RECORDS);
        try (DataLoader loader = loader(source).prefetch(2).build()) {
            int[] order = loader.order(0);
            List<Integer> seen = new ArrayList<>();
            int number = 0;
            for (Batch batch : loader) {
                assertEquals(0, batch.epoch());
                assertEquals(number++, batch.number());
                int b = batch.size();
                assertArrayEquals(new int[] {b, 12, LENGTH}, batch.signals().shape());
                assertArrayEquals(new int[] {b, source.labelVocabulary().size()}, batch.labels().shape());
                assertTrue(batch.views().isEmpty());
                float[] signals = batch.signals().toArray();
                float[] labels = batch.labels().toArray();
                for (int k = 0; k < b; k++) {
                    EcgRecord r = RECORDS.get(batch.indices()[k]);
                    assertEquals(order[seen.size()], batch.indices()[k]);
                    seen.add(batch.indices()[k]);
                    assertEquals(r.id(), batch.ids().get(k));
                    assertEquals(r.report(), batch.reports().get(k));
                    assertEquals(r.patientId(), batch.patientIds().get(k));
                    for (int lead = 0; lead < 12; lead++) {
                        for (int t = 0; t < LENGTH; t++) {
                            assertEquals(r.signal()[lead][t], signals[(k * 12 + lead) * LENGTH + t]);
                        }
                    }
                    for (int c = 0; c < source.labelVocabulary().size(); c++) {
                        float hot = r.labels().contains(source.labelVocabulary().get(c)) ? 1f : 0f;
                        assertEquals(hot, labels[k * source.labelVocabulary().size() + c]);
                    }
                }
            }
            assertEquals(RECORDS.size(), seen.size());
            assertEquals(5, number);
            assertEquals(1, loader.nextEpoch());
        }
    }

    @Test
    void theSameSeedGivesTheSameBatchesWithAndWithoutPrefetch() {
        for (int epoch = 0; epoch < 2; epoch++) {
            List<Batch> inline = collect(loader(InMemoryRecords.of(RECORDS)).prefetch(0)
                    .transform(NOISY_VIEWS).build(), epoch);
            List<Batch> prefetched = collect(loader(InMemoryRecords.of(RECORDS)).prefetch(3)
                    .transform(NOISY_VIEWS).build(), epoch);
            assertEquals(inline.size(), prefetched.size());
            for (int i = 0; i < inline.size(); i++) {
                assertSameBatch(inline.get(i), prefetched.get(i));
            }
        }
    }

    @Test
    void aRecordsTransformDoesNotDependOnBatchingOrPosition() {
        Map<Integer, float[]> byBatchOf5 = firstViewByRecord(loader(InMemoryRecords.of(RECORDS)).prefetch(2)
                .transform(NOISY_VIEWS).build());
        Map<Integer, float[]> byBatchOf7 = firstViewByRecord(loader(InMemoryRecords.of(RECORDS)).batchSize(7)
                .prefetch(0).transform(NOISY_VIEWS).build());
        assertEquals(RECORDS.size(), byBatchOf5.size());
        byBatchOf5.forEach((record, view) -> assertArrayEquals(view, byBatchOf7.get(record), "record " + record));
        // while another epoch draws other noise
        DataLoader next = loader(InMemoryRecords.of(RECORDS)).transform(NOISY_VIEWS).startEpoch(1).build();
        Map<Integer, float[]> epoch1 = firstViewByRecord(next);
        assertFalse(Arrays.equals(byBatchOf5.get(0), epoch1.get(0)));
    }

    @Test
    void viewsAreBatchedWithTheirOwnShapes() {
        DataLoader loader = loader(InMemoryRecords.of(RECORDS)).transform(NOISY_VIEWS).prefetch(0).build();
        Batch batch = loader.iterator().next();
        assertEquals(2, batch.views().size());
        assertArrayEquals(new int[] {5, 12, LENGTH}, batch.views().get(0).shape());
        assertArrayEquals(new int[] {5, 12, LENGTH / 2}, batch.views().get(1).shape());
        float[] signal = batch.signals().toArray();
        float[] view = batch.views().get(0).toArray();
        assertEquals(signal[LENGTH - 1], view[LENGTH - 1]); // the second half of each lead has no noise
        assertNotEquals(signal[0], view[0]);
        loader.close();
    }

    @Test
    void dropLastLeavesOutTheShortBatch() {
        InMemoryRecords source = InMemoryRecords.of(RECORDS); // 23 records
        List<Batch> kept = collect(loader(source).batchSize(10).build(), 0);
        assertEquals(List.of(10, 10, 3), kept.stream().map(Batch::size).toList());
        List<Batch> dropped = collect(loader(source).batchSize(10).dropLast(true).build(), 0);
        assertEquals(List.of(10, 10), dropped.stream().map(Batch::size).toList());
        assertEquals(2, loader(source).batchSize(10).dropLast(true).build().batchesPerEpoch());
        assertEquals(0, collect(loader(source).batchSize(30).dropLast(true).build(), 0).size());
    }

    @Test
    void eachForLoopRunsTheNextEpoch() {
        try (DataLoader loader = loader(InMemoryRecords.of(RECORDS)).build()) {
            for (int e = 0; e < 3; e++) {
                int[] order = loader.order(e);
                int k = 0;
                for (Batch batch : loader) {
                    assertEquals(e, batch.epoch());
                    for (int index : batch.indices()) {
                        assertEquals(order[k++], index);
                    }
                }
                assertEquals(RECORDS.size(), k);
            }
        }
    }

    @Test
    void aFailureInTheWorkerReachesTheConsumerNamingTheRecord() {
        InMemoryRecords good = InMemoryRecords.of(RECORDS);
        RecordSource broken = new FailingSource(good, 17);
        for (int prefetch : new int[] {0, 2}) {
            DataLoader loader = loader(broken).prefetch(prefetch).build();
            int failingBatch = -1;
            int[] order = loader.order(0);
            for (int i = 0; i < order.length; i++) {
                if (order[i] == 17) {
                    failingBatch = i / 5;
                }
            }
            DataLoader.Epoch epoch = loader.epoch(0);
            for (int b = 0; b < failingBatch; b++) {
                assertEquals(b, epoch.next().number()); // the batches before arrive
            }
            DataLoaderException e = assertThrows(DataLoaderException.class, epoch::next);
            assertTrue(e.getMessage().contains("record 17 'rec-17'") && e.getMessage().contains("epoch 0"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("unreadable sector"), e.getMessage());
            assertFalse(epoch.hasNext());
            if (prefetch > 0) {
                assertFalse(epoch.worker().isAlive(), "the worker ended with the failure");
            }
        }
    }

    @Test
    void closeStopsTheWorkerEvenWhenTheQueueIsFull() throws InterruptedException {
        CountDownLatch produced = new CountDownLatch(3);
        SampleTransform counting = (record, rng) -> {
            produced.countDown();
            return new float[][][] {record.signal()};
        };
        DataLoader loader = loader(InMemoryRecords.of(RECORDS)).batchSize(1).prefetch(2).transform(counting).build();
        DataLoader.Epoch epoch = loader.epoch(0);
        assertTrue(epoch.hasNext());
        produced.await(); // the worker is now blocked on the full queue
        Thread worker = epoch.worker();
        assertTrue(worker.isAlive());
        loader.close();
        assertFalse(worker.isAlive());
        assertFalse(epoch.hasNext());
        assertThrows(IllegalStateException.class, loader::iterator);
    }

    @Test
    void startingAnotherEpochStopsTheUnfinishedOne() {
        DataLoader loader = loader(InMemoryRecords.of(RECORDS)).batchSize(1).prefetch(2).build();
        DataLoader.Epoch first = loader.epoch(0);
        first.next();
        DataLoader.Epoch second = loader.epoch(1);
        assertFalse(first.worker().isAlive());
        assertFalse(first.hasNext());
        assertEquals(1, second.next().epoch());
        second.close();
        assertFalse(second.worker().isAlive());
        assertNull(loader(InMemoryRecords.of(RECORDS)).prefetch(0).build().epoch(0).worker());
    }

    @Test
    void shardsAndMemoryGiveTheSameBatches() throws IOException {
        ShardWriter.of(TestRecords.identity(LENGTH)).withRecordsPerShard(4).write(RECORDS, dir.resolve("s"));
        EcgShards shards = EcgShards.open(dir.resolve("s"));
        List<EcgRecord> decoded = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            decoded.add(shards.record(i));
        }
        List<Batch> fromShards = collect(loader(shards).prefetch(2).transform(NOISY_VIEWS).build(), 3);
        List<Batch> fromMemory = collect(loader(InMemoryRecords.of(decoded)).prefetch(0).transform(NOISY_VIEWS)
                .build(), 3);
        for (int i = 0; i < fromShards.size(); i++) {
            assertSameBatch(fromMemory.get(i), fromShards.get(i));
        }
    }

    @Test
    void recordsOfDifferentLengthsAreRefused() {
        List<EcgRecord> mixed = new ArrayList<>(RECORDS.subList(0, 2));
        mixed.add(TestRecords.random(1, LENGTH + 1, 1.0, 5).get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InMemoryRecords.of(mixed));
        assertTrue(e.getMessage().contains("record 2 'rec-0' has " + (LENGTH + 1)), e.getMessage());
    }

    private static List<Batch> collect(DataLoader loader, int epoch) {
        List<Batch> batches = new ArrayList<>();
        try (DataLoader.Epoch e = loader.epoch(epoch)) {
            e.forEachRemaining(batches::add);
        }
        loader.close();
        return batches;
    }

    private static Map<Integer, float[]> firstViewByRecord(DataLoader loader) {
        Map<Integer, float[]> views = new HashMap<>();
        for (Batch batch : loader) {
            float[] all = batch.views().get(0).toArray();
            int per = 12 * LENGTH;
            for (int k = 0; k < batch.size(); k++) {
                views.put(batch.indices()[k], Arrays.copyOfRange(all, k * per, (k + 1) * per));
            }
        }
        loader.close();
        return views;
    }

    private static void assertSameBatch(Batch expected, Batch actual) {
        assertEquals(expected.epoch(), actual.epoch());
        assertEquals(expected.number(), actual.number());
        assertArrayEquals(expected.indices(), actual.indices());
        assertArrayEquals(expected.signals().toArray(), actual.signals().toArray());
        assertArrayEquals(expected.labels().toArray(), actual.labels().toArray());
        assertEquals(expected.ids(), actual.ids());
        assertEquals(expected.reports(), actual.reports());
        assertEquals(expected.patientIds(), actual.patientIds());
        assertEquals(expected.views().size(), actual.views().size());
        for (int v = 0; v < expected.views().size(); v++) {
            assertArrayEquals(expected.views().get(v).toArray(), actual.views().get(v).toArray());
        }
    }

    /** Delegates to a source but fails to read one record. */
    private record FailingSource(RecordSource inner, int bad) implements RecordSource {
        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public int length() {
            return inner.length();
        }

        @Override
        public double samplingRate() {
            return inner.samplingRate();
        }

        @Override
        public List<String> labelVocabulary() {
            return inner.labelVocabulary();
        }

        @Override
        public void readSignal(int index, float[] dest, int offset) {
            if (index == bad) {
                throw new IllegalStateException("unreadable sector");
            }
            inner.readSignal(index, dest, offset);
        }

        @Override
        public int[] labelPositions(int index) {
            return inner.labelPositions(index);
        }

        @Override
        public String id(int index) {
            return inner.id(index);
        }

        @Override
        public String report(int index) {
            return inner.report(index);
        }

        @Override
        public String patientId(int index) {
            return inner.patientId(index);
        }

        @Override
        public EcgRecord record(int index) {
            return inner.record(index);
        }
    }
}
