package org.cardiograd.ecg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.io.PtbXlDataset.Split;
import org.cardiograd.ecg.io.PtbXlDataset.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PTB-XL on a tiny synthetic folder in the PhysioNet layout, records written by WfdbWriter. */
class PtbXlDatasetTest {
    @TempDir
    Path root;

    /** A few real statements of scp_statements.csv (columns as in PTB-XL 1.0.3, some trailing ones left empty). */
    private static final String STATEMENTS = """
            ,description,diagnostic,form,rhythm,diagnostic_class,diagnostic_subclass,Statement Category,SCP-ECG Statement Description,AHA code,aECG REFID,CDISC Code,DICOM Code
            NDT,non-diagnostic T abnormalities,1.0,1.0,,STTC,STTC,other ST-T descriptive statements,"non-diagnostic T abnormalities",,,,
            NORM,normal ECG,1.0,,,NORM,NORM,Normal/abnormal,"normal ECG",1.0,,,F-000B7
            IMI,inferior myocardial infarction,1.0,,,MI,IMI,Myocardial Infarction,"inferior myocardial infarction",161.0,,,
            ASMI,anteroseptal myocardial infarction,1.0,,,MI,AMI,Myocardial Infarction,"anteroseptal myocardial infarction",165.0,,,
            LVH,left ventricular hypertrophy,1.0,,,HYP,LVH,Ventricular Hypertrophy,"left ventricular hypertrophy",142.0,,,
            ABQRS,abnormal QRS,,1.0,,,,other ST-T descriptive statements,"abnormal QRS(QRS changes)",,,,
            PVC,ventricular premature complex,,1.0,,,,"Arrhythmia, premature beats","ventricular premature complex",,,,
            SR,sinus rhythm,,,1.0,,,Rhythm,sinus rhythm,21.0,,,
            AFIB,atrial fibrillation,,,1.0,,,Rhythm,atrial fibrillation,50.0,,,
            """;

    private static final String HEADER = "ecg_id,patient_id,age,sex,report,scp_codes,heart_axis,strat_fold,"
            + "filename_lr,filename_hr\n";

    private static String row(int id, String patient, String report, String codes, int fold) {
        String name = String.format("%05d", id);
        return id + "," + patient + ",56.0,1," + report + ",\"" + codes + "\",," + fold + ",records100/00000/" + name
                + "_lr,records500/00000/" + name + "_hr\n";
    }

    @BeforeEach
    void buildFolder() throws Exception {
        Crafted.writeText(root.resolve("scp_statements.csv"), STATEMENTS);
        Crafted.writeText(root.resolve("ptbxl_database.csv"), HEADER
                + row(1, "15709.0", "sinusrhythmus periphere niederspannung", "{'NORM': 100.0, 'SR': 0.0}", 3)
                + row(2, "13243.0", "\"sinus rhythm, left ventricular hypertrophy; \"\"possible\"\" IMI\"",
                        "{'LVH': 50.0, 'IMI': 0.0, 'NDT': 100.0, 'SR': 0.0}", 9)
                + row(3, "", "", "{'ASMI': 15.0, 'PVC': 100.0, 'AFIB': 0.0}", 10)
                + row(4, "15709.0", "", "{'ABQRS': 0.0, 'SR': 0.0}", 1));
        for (int id = 1; id <= 4; id++) {
            writeRecord(id, 100, "records100/00000/", "_lr");
            writeRecord(id, 500, "records500/00000/", "_hr");
        }
    }

    /** Lead k holds the constant k/10 mV plus the time index in µV; written in a shuffled order with PTB-XL's
     *  upper-case names. */
    private void writeRecord(int id, int rate, String folder, String suffix) throws Exception {
        List<String> names = new ArrayList<>(List.of("I", "II", "III", "AVR", "AVL", "AVF", "V1", "V2", "V3", "V4",
                "V5", "V6"));
        Collections.rotate(names, id);
        int n = rate * 2;
        int[][] adu = new int[12][n];
        for (int s = 0; s < 12; s++) {
            int lead = List.of("I", "II", "III", "AVR", "AVL", "AVF", "V1", "V2", "V3", "V4", "V5", "V6")
                    .indexOf(names.get(s));
            for (int t = 0; t < n; t++) {
                adu[s][t] = lead * 100 + t % 100; // gain 1000/mV: lead/10 mV + t µV
            }
        }
        WfdbWriter.writeFormat16(root.resolve(folder), String.format("%05d", id) + suffix, rate, names, adu, 1000,
                Map.of(), WfdbWriter.Layout.MULTIPLEXED);
    }

    @Test
    void aggregatesLabelsLikeTheBenchmark() throws Exception {
        PtbXlDataset d = PtbXlDataset.open(root, 100, Task.SUPERDIAGNOSTIC);
        assertEquals(List.of("1", "2", "3", "4"), d.recordIds());
        assertEquals(Set.of("NORM"), d.labels("1"));
        // LVH (HYP), IMI with likelihood 0 (MI: kept, as the benchmark keeps every key), NDT (STTC)
        assertEquals(List.of("HYP", "MI", "STTC"), List.copyOf(d.labels("2")));
        assertEquals(Set.of("MI"), d.labels("3"));
        assertEquals(Set.of(), d.labels("4"), "no diagnostic statement");

        List<String> codes = List.of("LVH", "IMI", "NDT", "SR");
        assertEquals(List.of("LVH", "IMI", "STTC"), List.copyOf(d.labels(codes, Task.SUBDIAGNOSTIC)));
        assertEquals(List.of("AMI"), List.copyOf(d.labels(List.of("ASMI", "PVC", "AFIB"), Task.SUBDIAGNOSTIC)));
        assertEquals(List.of("LVH", "IMI", "NDT"), List.copyOf(d.labels(codes, Task.DIAGNOSTIC)));
        assertEquals(List.of("NDT"), List.copyOf(d.labels(codes, Task.FORM)), "NDT is diagnostic and form");
        assertEquals(List.of("PVC"), List.copyOf(d.labels(List.of("ASMI", "PVC", "AFIB"), Task.FORM)));
        assertEquals(List.of("SR"), List.copyOf(d.labels(codes, Task.RHYTHM)));
        assertEquals(codes, List.copyOf(d.labels(codes, Task.ALL)));

        assertEquals(List.of("1", "2", "3"), d.withLabels(d.recordIds()), "the benchmark drops unlabelled records");
        assertEquals(List.of("2", "3", "4"), PtbXlDataset.open(root, 100, Task.FORM).withLabels(d.recordIds()));
    }

    @Test
    void recommendedFolds() throws Exception {
        PtbXlDataset d = PtbXlDataset.open(root, 100, Task.RHYTHM);
        assertEquals(List.of("1", "4"), d.recordIds(Split.TRAIN));
        assertEquals(List.of("2"), d.recordIds(Split.VALIDATION));
        assertEquals(List.of("3"), d.recordIds(Split.TEST));
    }

    @Test
    void loadsSignalsReportsAndPatients() throws Exception {
        for (int rate : new int[] {100, 500}) {
            PtbXlDataset d = PtbXlDataset.open(root, rate, Task.SUPERDIAGNOSTIC);
            EcgRecord r2 = d.load("2");
            assertEquals(rate, r2.samplingRate());
            assertEquals(2 * rate, r2.length());
            for (int lead = 0; lead < 12; lead++) {
                assertEquals(lead / 10.0 + 0.007, r2.signal()[lead][7], 1e-6, "lead " + EcgRecord.LEADS.get(lead));
            }
            assertEquals("sinus rhythm, left ventricular hypertrophy; \"possible\" IMI", r2.report());
            assertEquals("dataset", r2.metadata().get("report_source"));
            assertEquals("13243", r2.patientId());
            assertEquals("9", r2.metadata().get("strat_fold"));
            assertEquals(Set.of("HYP", "MI", "STTC"), r2.labels());

            EcgRecord r3 = d.load("3");
            assertEquals("anteroseptal myocardial infarction. ventricular premature complex. atrial fibrillation.",
                    r3.report());
            assertEquals("generated", r3.metadata().get("report_source"));
            assertNull(r3.patientId());
            assertEquals("sinusrhythmus periphere niederspannung", d.load("1").report());
            assertEquals("15709", d.load("4").patientId());
        }
    }

    @Test
    void badRowsFailOrAreSkippedWithTheirReasons() throws Exception {
        Files.writeString(root.resolve("ptbxl_database.csv"), row(5, "1.0", "", "{'NORM': 100.0}", 11)
                + row(6, "2.0", "", "{'NORM': 100.0, 'XYZ': 0.0}", 2)
                + row(7, "3.0", "", "{'NORM' 100.0}", 2), java.nio.file.StandardOpenOption.APPEND);
        EcgFormatException first = assertThrows(EcgFormatException.class,
                () -> PtbXlDataset.open(root, 100, Task.ALL));
        assertTrue(first.getMessage().contains("ptbxl_database.csv line 6") && first.getMessage().contains("strat_fold"),
                first.getMessage());

        PtbXlDataset d = PtbXlDataset.open(root, 100, Task.ALL, EcgDataset.BadRecordPolicy.SKIP);
        assertEquals(List.of("1", "2", "3", "4"), d.recordIds());
        List<String> reasons = d.skippedRows().stream().map(EcgDataset.SkippedRecord::reason).toList();
        assertEquals(3, reasons.size());
        assertTrue(reasons.get(0).contains("line 6") && reasons.get(0).contains("expected 1 to 10"), reasons.get(0));
        assertTrue(reasons.get(1).contains("line 7") && reasons.get(1).contains("'XYZ'"), reasons.get(1));
        assertTrue(reasons.get(2).contains("line 8") && reasons.get(2).contains("expected ':'"), reasons.get(2));

        Files.delete(root.resolve("records100/00000/00003_lr.dat"));
        List<EcgDataset.SkippedRecord> skipped = new ArrayList<>();
        List<EcgRecord> loaded = d.loadAll(d.recordIds(), EcgDataset.BadRecordPolicy.SKIP, skipped);
        assertEquals(List.of("1", "2", "4"), loaded.stream().map(EcgRecord::id).toList());
        assertTrue(skipped.get(0).reason().contains("00003_lr.dat") && skipped.get(0).reason().contains("missing"),
                skipped.get(0).reason());
        assertThrows(EcgFormatException.class, () -> d.load("3"));
    }

    @Test
    void rejectsAMissingTable() {
        EcgFormatException e = assertThrows(EcgFormatException.class,
                () -> PtbXlDataset.open(root.resolve("elsewhere"), 500, Task.ALL));
        assertTrue(e.getMessage().contains("scp_statements.csv") && e.getMessage().contains("missing"), e.getMessage());
    }
}
