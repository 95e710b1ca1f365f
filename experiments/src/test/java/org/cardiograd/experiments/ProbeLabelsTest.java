package org.cardiograd.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.cardiograd.ecg.zeroshot.CategoryDescriptionSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** probe --labels: the classes of a category-description set become the probe's tasks. */
class ProbeLabelsTest {

    @Test
    void recordsAreRelabelledByTheirOwnCodes() throws Exception {
        CategoryDescriptionSet set = CategoryDescriptionSet.load("synthetic");
        EcgArrays a = new EcgArrays(new float[2][12][10], new float[2][5], SyntheticData.SUPERCLASSES, 100,
                new String[2], new String[2], List.of(Set.of("MI", "SR"), Set.of("NORM", "AFIB")));
        DataSpec.Split split = ProbeCommand.relabel(new DataSpec.Split(a, a), "synthetic", DataSpec.parse("synthetic"));
        assertEquals(set.codes(), split.train().classes());
        float[] first = new float[set.codes().size()];
        first[set.codes().indexOf("MI")] = 1f;
        first[set.codes().indexOf("SR")] = 1f;
        assertArrayEquals(first, split.train().labels()[0]);
        float[] second = new float[set.codes().size()];
        second[set.codes().indexOf("NORM")] = 1f;
        second[set.codes().indexOf("AFIB")] = 1f;
        assertArrayEquals(second, split.test().labels()[1]);
        // superclasses (the default) leave the split as it is
        assertEquals(SyntheticData.SUPERCLASSES, ProbeCommand.relabel(new DataSpec.Split(a, a), "superclasses",
                DataSpec.parse("synthetic")).train().classes());
        EcgArrays noCodes = new EcgArrays(a.signals(), a.labels(), a.classes(), 100, a.reports(), a.patients());
        assertThrows(Options.UsageException.class, () -> ProbeCommand.relabel(new DataSpec.Split(noCodes, noCodes),
                "synthetic", DataSpec.parse("synthetic")));
    }

    @Test
    void everyClassOfTheSetIsARowOfTheResults(@TempDir Path dir) throws Exception {
        Path probe = dir.resolve("probe");
        assertEquals(0, Main.run(EndToEndTest.args(EndToEndTest.TINY, "probe", "--random-init", "--labels",
                "synthetic", "--records", "64", "--test-records", "48", "--fractions", "1", "--bootstrap", "20",
                "--out", probe.toString())));
        ResultsTable t = ResultsTable.read(probe.resolve("auroc.csv"));
        String md = Files.readString(probe.resolve("results.md"));
        assertTrue(md.contains(t.markdown()), md);
        for (String code : CategoryDescriptionSet.load("synthetic").codes()) {
            assertTrue(md.contains("| " + code + " |"), code + " in\n" + md);
        }
        // the NORM row of the csv: 48 synthetic records hold positives and negatives, so its AUROC is a number
        String norm = t.csv().lines().filter(l -> l.startsWith("LP 100%,NORM,")).findFirst().orElseThrow();
        assertFalse(Double.isNaN(Double.parseDouble(norm.split(",")[2])), norm);
    }
}
