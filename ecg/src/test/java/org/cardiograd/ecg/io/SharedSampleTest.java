package org.cardiograd.ecg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 30 real records of the shared PhysioNet/CinC 2021 sample. */
class SharedSampleTest {
    @TempDir
    Path dir;

    private static List<Path> headers(Path sample) throws Exception {
        try (Stream<Path> files = Files.list(sample)) {
            return files.filter(p -> p.toString().endsWith(".hea")).sorted().toList();
        }
    }

    @Test
    void everyRecordDecodesConsistentlyWithItsHeader() throws Exception {
        List<Path> headers = headers(SharedData.cincSample());
        assertEquals(30, headers.size());
        for (Path header : headers) {
            WfdbRecord r = WfdbReader.read(header); // verifies the checksums
            assertEquals(12, r.numberOfSignals(), header.toString());
            assertEquals(5000, r.numberOfSamples(), header.toString());
            for (int s = 0; s < 12; s++) {
                WfdbSignalSpec spec = r.header().signals().get(s);
                assertEquals(spec.initialValue(), r.adu(s)[0], header + " signal " + s + " initial value");
                assertEquals(spec.checksum().shortValue(), (short) Arrays.stream(r.adu(s)).sum(), header + " checksum");
                assertEquals(1000.0, spec.gain());
            }
        }
    }

    @Test
    void recordsAreInMillivoltsInTheStandardLeadOrder() throws Exception {
        CincDataset dataset = CincDataset.open(SharedData.cincSample());
        assertEquals(30, dataset.recordIds().size());
        List<String> flatLeads = new java.util.ArrayList<>();
        for (String id : dataset.recordIds()) {
            EcgRecord ecg = dataset.load(id);
            WfdbRecord raw = WfdbReader.read(dataset.headerFile(id));
            List<String> names = raw.header().descriptions();
            for (int lead = 0; lead < 12; lead++) {
                int signal = names.indexOf(EcgRecord.LEADS.get(lead));
                assertTrue(signal >= 0, id + " has lead " + EcgRecord.LEADS.get(lead));
                assertEquals(raw.adu(signal)[123] / 1000.0f, ecg.signal()[lead][123], 1e-6f);
                float[] sorted = ecg.signal()[lead].clone();
                Arrays.sort(sorted);
                float median = sorted[sorted.length / 2];
                assertTrue(sorted[0] > -15 && sorted[sorted.length - 1] < 15 && Math.abs(median) < 1,
                        id + " lead " + EcgRecord.LEADS.get(lead) + ": median " + median + ", range " + sorted[0]
                                + ".." + sorted[sorted.length - 1] + " mV is not ECG-like");
                if (sorted[sorted.length * 99 / 100] - sorted[sorted.length / 100] < 0.05) {
                    flatLeads.add(id + " " + EcgRecord.LEADS.get(lead));
                }
            }
            assertEquals(500.0, ecg.samplingRate());
            assertNull(ecg.patientId());
        }
        // the real data has two records whose V2, V4 and V6 are all zeros; every other lead moves
        assertEquals(List.of("JS20004 V2", "JS20004 V4", "JS20004 V6", "JS20008 V2", "JS20008 V4", "JS20008 V6"),
                flatLeads);
    }

    @Test
    void mapsDxCodesToLabelsNamesAndReports() throws Exception {
        CincDataset dataset = CincDataset.open(SharedData.cincSample());
        EcgRecord hr = dataset.load("HR06000"); // Dx: 164934002,426783006
        assertEquals(List.of("164934002", "426783006"), List.copyOf(hr.labels()));
        assertEquals("t wave abnormal. sinus rhythm.", hr.report());
        assertEquals("59", hr.metadata().get("Age"));
        assertEquals("Female", hr.metadata().get("Sex"));
        assertEquals("generated", hr.metadata().get("report_source"));

        EcgRecord js = dataset.load("JS20000"); // Dx: 284470004,427084000,698252002,55930002
        assertEquals(Set.of("284470004", "427084000", "698252002", "55930002"), js.labels());
        assertEquals("premature atrial contraction. sinus tachycardia. nonspecific intraventricular conduction"
                + " disorder. s t changes.", js.report());
        SnomedCtTable table = SnomedCtTable.builtIn();
        assertEquals("STach", table.lookup("427084000").orElseThrow().abbreviation());
    }

    @Test
    void mergesEquivalentCodesAsTheChallengeScoresThem() throws Exception {
        Path sample = SharedData.cincSample();
        String header = Files.readString(sample.resolve("HR06001.hea"))
                .replaceAll("# Dx: .*", "# Dx: 59118001,713427006,63593006,17338001,164909002");
        Crafted.copyRecord(sample, "HR06001", dir, header);
        EcgRecord r = CincDataset.open(dir).load("HR06001");
        assertEquals(List.of("713427006", "284470004", "427172004", "733534002"), List.copyOf(r.labels()),
                "RBBB->CRBBB (merged with the CRBBB already there), SVPB->PAC, VPB->PVC, LBBB->CLBBB");
        assertEquals("complete right bundle branch block. premature atrial contraction. premature ventricular"
                + " contractions. complete left bundle branch block.", r.report());
    }
}
