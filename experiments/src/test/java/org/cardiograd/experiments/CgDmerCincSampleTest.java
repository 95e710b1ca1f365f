package org.cardiograd.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cardiograd.ecg.io.CincDataset;
import org.cardiograd.ecg.zeroshot.CategoryDescriptionSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CG-DMER on the real CinC 2021 sample (reports generated from the SNOMED-CT diagnoses): a few pretraining
 * steps, then zero-shot with the CPSC2018 descriptions over all 30 records. Skipped when the sample is absent,
 * failing under CI.
 */
class CgDmerCincSampleTest {
    @Test
    void pretrainAndZeroShotOnTheRealSample(@TempDir Path dir) throws Exception {
        Path sample = SharedSample.cinc();
        String data = "cinc:" + sample;
        Path run = dir.resolve("pre");
        assertEquals(0, Main.run(EndToEndTest.args(CgDmerEndToEndTest.TINY, "pretrain", "--data", data, "--steps",
                "2", "--batch", "4", "--out", run.toString())));
        assertTrue(Files.isRegularFile(run.resolve("reconstruction.png")));
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"train_records\": 24") && config.contains("\"test_records\": 6"), config);
        // the vocabulary was trained on the generated reports: their words are in it
        List<String> vocab = Files.readAllLines(run.resolve("vocab.txt"));
        assertTrue(vocab.contains("rhythm") && vocab.contains("sinus"), vocab.toString());

        Path zs = dir.resolve("zs");
        assertEquals(0, Main.run(new String[] {"zeroshot", "--checkpoint", run.toString(), "--data", data,
            "--labels", "cpsc2018", "--split", "all", "--bootstrap", "20", "--tsne-points", "30", "--out",
            zs.toString()}));
        assertTrue(Files.isRegularFile(zs.resolve("tsne.png")));
        // positives per class counted here from the records' SNOMED-CT codes
        CincDataset d = CincDataset.open(sample);
        CategoryDescriptionSet set = CategoryDescriptionSet.load("cpsc2018");
        int[] positives = new int[set.size()];
        for (String id : d.recordIds()) {
            float[] row = set.multiHot(d.labels(id));
            for (int c = 0; c < row.length; c++) {
                positives[c] += row[c] > 0.5f ? 1 : 0;
            }
        }
        List<String> csv = Files.readAllLines(zs.resolve(ZeroshotCommand.CSV));
        for (int c = 0; c < set.size(); c++) {
            assertTrue(csv.get(c + 1).startsWith(set.codes().get(c) + "," + positives[c] + ","), csv.get(c + 1));
        }
        assertTrue(java.util.Arrays.stream(positives).sum() > 0);
        assertTrue(csv.get(set.size() + 1).matches("macro,,0\\.\\d+,.*"), csv.get(set.size() + 1));
    }
}
