package org.cardiograd.ecg.zeroshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cardiograd.ecg.SharedData;
import org.cardiograd.ecg.io.CincDataset;
import org.cardiograd.ecg.io.EcgFormatException;
import org.cardiograd.ecg.io.SnomedCtTable;
import org.cardiograd.ecg.synth.DiagnosticClass;
import org.cardiograd.ecg.synth.Rhythm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CategoryDescriptionSetTest {
    private static final Path FILE = Path.of("test.tsv");
    private static final String HEADER = "code\tsnomed_ct\tdescription\n";

    @Test
    void builtInSetsHaveTheBenchmarksClassCounts() {
        Map<String, Integer> expected = Map.of("ptbxl-super", 5, "ptbxl-sub", 23, "ptbxl-form", 19,
                "ptbxl-rhythm", 12, "cpsc2018", 9, "csn", 38, "synthetic", 9);
        assertEquals(expected.keySet(), Set.copyOf(CategoryDescriptionSet.names()));
        for (String name : CategoryDescriptionSet.names()) {
            CategoryDescriptionSet set = CategoryDescriptionSet.load(name);
            assertEquals(name, set.name());
            assertEquals(expected.get(name), set.size(), name);
        }
        assertEquals(List.of("NORM", "MI", "STTC", "CD", "HYP"), CategoryDescriptionSet.load("ptbxl-super").codes());
        assertEquals(List.of("NORM", "AF", "I-AVB", "LBBB", "RBBB", "PAC", "PVC", "STD", "STE"),
                CategoryDescriptionSet.load("cpsc2018").codes());
        // PTB-XL's diagnostic_subclass values as the dataset writes them.
        assertEquals(Set.of("NORM", "IMI", "AMI", "LMI", "PMI", "STTC", "NST_", "ISC_", "ISCA", "ISCI", "LVH", "RVH",
                "LAO/LAE", "RAO/RAE", "SEHYP", "CLBBB", "CRBBB", "IRBBB", "ILBBB", "IVCD", "LAFB/LPFB", "_AVB", "WPW"),
                Set.copyOf(CategoryDescriptionSet.load("ptbxl-sub").codes()));
        assertEquals(Set.of("SR", "AFIB", "STACH", "SARRH", "SBRAD", "PACE", "SVARR", "BIGU", "AFLT", "SVTAC", "PSVT",
                "TRIGU"), Set.copyOf(CategoryDescriptionSet.load("ptbxl-rhythm").codes()));
    }

    @Test
    void builtInDescriptionsAreReportStyleSentencesWithKnownSnomedCodes() {
        SnomedCtTable table = SnomedCtTable.builtIn();
        for (String name : CategoryDescriptionSet.names()) {
            for (CategoryDescriptionSet.Category c : CategoryDescriptionSet.load(name).categories()) {
                for (String d : c.descriptions()) {
                    assertEquals(d.toLowerCase(Locale.ROOT), d, name + " " + c.code());
                    assertTrue(d.endsWith(".") && d.length() > 3, name + " " + c.code() + ": '" + d + "'");
                }
                for (String code : c.snomedCodes()) {
                    assertTrue(table.lookup(code).isPresent(), name + " " + c.code() + ": SNOMED-CT " + code
                            + " is not in the challenge table");
                }
            }
        }
    }

    @Test
    void syntheticSetCoversTheGeneratorsLabelsInOrder() {
        List<String> generatorCodes = new ArrayList<>();
        for (DiagnosticClass c : DiagnosticClass.values()) {
            generatorCodes.add(c.code());
        }
        for (Rhythm r : Rhythm.values()) {
            generatorCodes.add(r.code());
        }
        CategoryDescriptionSet set = CategoryDescriptionSet.load("synthetic");
        assertEquals(generatorCodes, set.codes());
        assertEquals("atrial fibrillation.", Rhythm.AFIB.description());
        assertEquals(set.get("HYP").description(), DiagnosticClass.HYP.description());
    }

    @Test
    void parsesCommentsPhrasingsAndSnomedCodes() throws Exception {
        CategoryDescriptionSet set = CategoryDescriptionSet.parse("# a comment\n\n" + HEADER
                + "AF\t164889003\tatrial fibrillation.\tno p waves.\n"
                + "RBBB\t59118001,713427006\tright bundle branch block.\n"
                + "X\t-\tsomething else.\n", "demo", FILE);
        assertEquals(List.of("AF", "RBBB", "X"), set.codes());
        assertEquals(List.of("atrial fibrillation.", "no p waves."), set.get("AF").descriptions());
        assertEquals(List.of("59118001", "713427006"), set.get("RBBB").snomedCodes());
        assertEquals(List.of(), set.get("X").snomedCodes());
        assertThrows(IllegalArgumentException.class, () -> set.get("LBBB"));
    }

    @Test
    void readsAUsersFileNamedByItsFileName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my-labels.tsv");
        Files.writeString(file, HEADER + "A\t-\tfirst class.\r\nB\t-\tsecond class.\r\n");
        CategoryDescriptionSet set = CategoryDescriptionSet.read(file);
        assertEquals("my-labels", set.name());
        assertEquals(List.of("A", "B"), set.codes());
        assertEquals("second class.", set.get("B").description());
    }

    @Test
    void badFilesNameTheFileTheLineAndWhatWasExpected() {
        assertProblem(HEADER + "A\t-\tone.\nB\t-\ttwo.\nA\t-\tthree.\n", "line 4",
                "code 'A' already defined on line 2");
        assertProblem(HEADER + "A\t-\t\n", "line 2", "empty description (column 3)");
        assertProblem(HEADER + "A\t-\tone.\t \n", "line 2", "empty phrasing 2 (column 4)");
        assertProblem(HEADER + "A\t-\n", "line 2", "has 2 tab-separated field(s)");
        assertProblem(HEADER + "A  -  one.\n", "line 2", "has 1 tab-separated field(s)");
        assertProblem(HEADER + "A\t1648x9003\tone.\n", "line 2", "SNOMED-CT code '1648x9003' of A");
        assertProblem(HEADER + "A\t164889003,164889003\tone.\n", "line 2", "listed twice");
        assertProblem(HEADER + "A B\t-\tone.\n", "line 2", "white space");
        assertProblem("code,snomed_ct,description\nA,-,one.\n", "line 1", "expected the header");
        assertProblem("# only a comment\n" + HEADER, null, "no categories after the header");
        assertProblem("", null, "empty");
        assertThrows(IllegalArgumentException.class, () -> CategoryDescriptionSet.load("ptbxl-everything"));
    }

    private static void assertProblem(String text, String location, String problemPart) {
        EcgFormatException e = assertThrows(EcgFormatException.class,
                () -> CategoryDescriptionSet.parse(text, "t", FILE));
        assertEquals(FILE, e.file());
        assertEquals(location, e.location(), e.getMessage());
        assertTrue(e.problem().contains(problemPart), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.tsv"), e.getMessage());
    }

    @Test
    void multiHotMatchesCodesAndMergedSnomedCodes() {
        CategoryDescriptionSet cpsc = CategoryDescriptionSet.load("cpsc2018");
        float[] expected = new float[9];
        expected[cpsc.codes().indexOf("RBBB")] = 1;
        expected[cpsc.codes().indexOf("AF")] = 1;
        // 713427006 (CRBBB) is how CincDataset labels a record whose header says 59118001 (RBBB).
        assertArrayEquals(expected, cpsc.multiHot(Set.of("713427006", "164889003")));
        assertArrayEquals(expected, cpsc.multiHot(Set.of("59118001", "164889003", "251146004")));
        assertArrayEquals(expected, cpsc.multiHot(Set.of("RBBB", "AF")));
        CategoryDescriptionSet synthetic = CategoryDescriptionSet.load("synthetic");
        float[] row = synthetic.multiHot(Set.of("MI", "STTC", "AFIB"));
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 0, 0, 0, 1}, row);
        assertArrayEquals(new float[9], synthetic.multiHot(Set.of("nothing", "123456789")));
    }

    @Test
    void realRecordsGetClassesFromTheirSnomedCodes() throws Exception {
        CincDataset sample = CincDataset.open(SharedData.cincSample());
        CategoryDescriptionSet csn = CategoryDescriptionSet.load("csn");
        CategoryDescriptionSet cpsc = CategoryDescriptionSet.load("cpsc2018");
        SnomedCtTable table = SnomedCtTable.builtIn();
        int labelled = 0;
        for (String id : sample.recordIds()) {
            Set<String> labels = sample.labels(id);
            float[] row = csn.multiHot(labels);
            // Each class is present exactly when one of the record's codes is among the class's codes (merged).
            for (int c = 0; c < csn.size(); c++) {
                boolean expected = false;
                for (String code : csn.categories().get(c).snomedCodes()) {
                    String merged = table.scoredEntry(code).orElseThrow().code();
                    expected |= labels.contains(merged);
                }
                assertEquals(expected ? 1f : 0f, row[c], id + " " + labels + " class " + csn.codes().get(c));
            }
            float sum = 0;
            for (float v : row) {
                sum += v;
            }
            labelled += sum > 0 ? 1 : 0;
        }
        assertEquals(sample.recordIds().size(), labelled, "every sample record has a CSN class");
        // HR06000 has 164934002 (t wave abnormal) and 426783006 (sinus rhythm): CPSC's NORM, CSN's SR and TWC.
        Set<String> hr = sample.labels("HR06000");
        assertEquals(1f, cpsc.multiHot(hr)[cpsc.codes().indexOf("NORM")]);
        float[] csnRow = csn.multiHot(hr);
        assertEquals(1f, csnRow[csn.codes().indexOf("SR")]);
        assertEquals(1f, csnRow[csn.codes().indexOf("TWC")]);
        assertEquals(2f, csnRow[csn.codes().indexOf("SR")] + csnRow[csn.codes().indexOf("TWC")]
                + csnRow[csn.codes().indexOf("ST")]);
    }
}
