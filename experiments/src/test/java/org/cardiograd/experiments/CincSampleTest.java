package org.cardiograd.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.cardiograd.ecg.io.CincDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real records through every stage: the 30-record CinC 2021 sample (skipped when absent, failing under CI). */
class CincSampleTest {
    @Test
    void superclassesOfSnomedCodes() {
        assertEquals(List.of("CD"), SuperclassLabels.of(Set.of("426783006", "713426002"))); // SR + IRBBB
        assertEquals(List.of("STTC", "HYP"), SuperclassLabels.of(Set.of("59931005", "55827005"))); // TInv, LVHV
        assertEquals(List.of("NORM"), SuperclassLabels.of(Set.of("426783006", "284470004"))); // SR + PAC
        assertEquals(List.of(), SuperclassLabels.of(Set.of("427084000"))); // sinus tachycardia only
        assertEquals(List.of("MI"), SuperclassLabels.of(Set.of("MI"))); // PTB-XL labels pass through
    }

    @Test
    void everyCommandRunsOnTheRealSample(@TempDir Path dir) throws Exception {
        Path sample = SharedSample.cinc();
        CincDataset d = CincDataset.open(sample);
        int labelled = 0;
        for (String id : d.recordIds()) {
            labelled += SuperclassLabels.of(d.labels(id)).isEmpty() ? 0 : 1;
        }
        assertEquals(30, d.recordIds().size());
        assertTrue(labelled >= 20, labelled + " of 30 records have a superclass");

        String data = "cinc:" + sample;
        Path run = dir.resolve("pre");
        assertEquals(0, Main.run(EndToEndTest.args(EndToEndTest.TINY, "pretrain", "--data", data, "--steps", "2",
                "--batch", "4", "--out", run.toString())));
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"train_records\": 24") && config.contains("\"test_records\": 6"), config);
        assertTrue(Files.isRegularFile(run.resolve("reconstruction.png")));

        Path probe = dir.resolve("probe");
        assertEquals(0, Main.run(new String[] {"probe", "--checkpoint", run.toString(), "--data", data,
            "--fractions", "1", "--bootstrap", "20", "--out", probe.toString()}));
        assertTrue(Files.readString(probe.resolve("results.md")).contains("| LP 100% |"));

        Path ft = dir.resolve("ft");
        List<String> args = new ArrayList<>(List.of("finetune", "--random-init", "--data", data, "--fractions", "1",
                "--steps", "2", "--batch", "4", "--bootstrap", "20", "--out", ft.toString()));
        args.addAll(List.of(EndToEndTest.TINY));
        assertEquals(0, Main.run(args.toArray(String[]::new)));
        assertTrue(Files.readString(ft.resolve("results.md")).contains("| FT 100% |"));
    }
}
