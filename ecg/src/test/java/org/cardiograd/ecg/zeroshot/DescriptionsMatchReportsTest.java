package org.cardiograd.ecg.zeroshot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.synth.SyntheticDataset;
import org.cardiograd.ecg.synth.SyntheticEcgConfig;
import org.cardiograd.ecg.synth.SyntheticEcgGenerator;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The synthetic descriptions are usable prompts: with a bag-of-words "encoder" standing in for both towers, a
 * record's own report ranks its classes' descriptions above the others' (zero-shot from text to text). If a
 * description used words the reports never use, its class would fall to chance here.
 */
class DescriptionsMatchReportsTest {
    private static final List<String> STOP = List.of("with", "of", "the", "and", "in", "a", "to", "by", "at",
            "bpm", "ms", "rate", "consistent");

    @Test
    void reportsScoreTheirOwnClassesHighest() {
        CategoryDescriptionSet set = CategoryDescriptionSet.load("synthetic");
        List<EcgRecord> records = new SyntheticDataset(new SyntheticEcgGenerator(
                SyntheticEcgConfig.defaults().withDuration(2).withSamplingRate(100), 5), 0, 400).loadAll(2);
        Map<String, Integer> vocabulary = new HashMap<>();
        List<String> reports = new ArrayList<>();
        float[][] labels = new float[records.size()][];
        for (int i = 0; i < records.size(); i++) {
            reports.add(records.get(i).report());
            labels[i] = set.multiHot(records.get(i).labels());
        }
        ZeroShotClassifier zs = ZeroShotClassifier.fromDescriptions(set, texts -> bagOfWords(texts, vocabulary));
        double[] perClass = zs.perClassAuroc(bagOfWords(reports, vocabulary), labels);
        double macro = zs.macroAuroc(bagOfWords(reports, vocabulary), labels);
        for (int c = 0; c < perClass.length; c++) {
            assertTrue(perClass[c] > 0.75, set.codes().get(c) + ": AUROC " + perClass[c]);
        }
        assertTrue(macro > 0.9, "macro AUROC " + macro);
    }

    /** Word counts over a vocabulary that grows as words are seen; rows padded to a fixed width of 512. */
    private static Tensor bagOfWords(List<String> texts, Map<String, Integer> vocabulary) {
        int width = 512;
        float[] out = new float[texts.size() * width];
        for (int t = 0; t < texts.size(); t++) {
            for (String word : texts.get(t).split("[^a-z']+")) {
                if (word.isEmpty() || STOP.contains(word)) {
                    continue;
                }
                int index = vocabulary.computeIfAbsent(word, w -> vocabulary.size());
                if (index >= width) {
                    throw new IllegalStateException("vocabulary outgrew " + width + " words");
                }
                out[t * width + index]++;
            }
        }
        return Tensor.fromArray(out, texts.size(), width);
    }
}
