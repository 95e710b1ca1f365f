package org.cardiograd.ecg.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.io.EcgDataset;
import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {
    private final SyntheticEcgGenerator gen = new SyntheticEcgGenerator(
            SyntheticEcgConfig.defaults().withDuration(2).withSamplingRate(100), 21);

    /**
     * Words that name one finding and no other: a report mentions them only when the record has that label
     * (words such as "t wave" or "normal" also appear in other findings' sentences and are left out).
     */
    private static final Map<String, List<String>> EXCLUSIVE = Map.of(
            "MI", List.of("infarct"),
            "CD", List.of("bundle branch block", "rbbb", "lbbb"),
            "HYP", List.of("hypertrophy", "lvh"),
            "SB", List.of("bradycardia"),
            "STACH", List.of("tachycardia"),
            "AFIB", List.of("fibrillation"));

    @Test
    void recordsCarrySignalLabelsAndReportOfTheGenerator() throws Exception {
        EcgDataset dataset = new SyntheticDataset(gen, 10, 5);
        assertEquals(List.of("synthetic-21-10", "synthetic-21-11", "synthetic-21-12", "synthetic-21-13",
                "synthetic-21-14"), dataset.recordIds());
        EcgRecord r = dataset.load("synthetic-21-12");
        SyntheticEcg direct = gen.generate(12);
        for (int lead = 0; lead < 12; lead++) {
            assertArrayEquals(direct.signal()[lead], r.signal()[lead]);
        }
        assertEquals(direct.labels(), r.labels());
        assertEquals(direct.report(), r.report());
        assertEquals(100, r.samplingRate());
        assertEquals("synthetic", r.metadata().get("report_source"));
        assertEquals(List.of("source", "report_source", "seed", "index"), List.copyOf(r.metadata().keySet()));
        assertThrows(IllegalArgumentException.class, () -> dataset.load("synthetic-21-15"));
        assertThrows(IllegalArgumentException.class, () -> dataset.load("synthetic-22-12"));
        assertThrows(IllegalArgumentException.class, () -> dataset.load("HR06000"));
    }

    @Test
    void parallelGenerationGivesTheSameRecordsAsLoadingOneByOne() throws Exception {
        SyntheticDataset dataset = new SyntheticDataset(gen, 0, 12);
        List<EcgRecord> sequential = dataset.loadAll();
        List<EcgRecord> parallel = dataset.loadAll(3);
        assertEquals(12, parallel.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(sequential.get(i).id(), parallel.get(i).id());
            assertEquals(sequential.get(i).report(), parallel.get(i).report());
            assertEquals(sequential.get(i).labels(), parallel.get(i).labels());
            assertArrayEquals(sequential.get(i).signal()[7], parallel.get(i).signal()[7]);
        }
    }

    @Test
    void everyRecordHasOneRhythmAtLeastOneClassAndAReportThatNamesNoOtherFinding() {
        Set<String> rhythms = Set.of("SR", "SB", "STACH", "AFIB");
        Set<String> seenLabels = new HashSet<>();
        for (EcgRecord r : new SyntheticDataset(gen, 0, 300).loadAll(2)) {
            assertFalse(r.report().isBlank(), r.id());
            assertEquals(1, r.labels().stream().filter(rhythms::contains).count(), r.id() + " " + r.labels());
            assertTrue(r.labels().stream().anyMatch(l -> !rhythms.contains(l)), r.id() + " " + r.labels());
            seenLabels.addAll(r.labels());
            for (Map.Entry<String, List<String>> e : EXCLUSIVE.entrySet()) {
                boolean mentioned = e.getValue().stream().anyMatch(r.report()::contains);
                assertEquals(r.labels().contains(e.getKey()), mentioned, r.id() + " " + r.labels()
                        + " and the report's mention of " + e.getKey() + ": " + r.report());
            }
        }
        assertEquals(9, seenLabels.size(), "every class occurs: " + seenLabels);
    }

    @Test
    void theSignalIsSharedNotCopied() {
        SyntheticEcg ecg = gen.generate(3);
        assertSame(ecg.signal(), SyntheticDataset.toEcgRecord(ecg).signal());
    }
}
