package org.cardiograd.ecg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LabelFractionSamplerTest {

    /** 3000 multi-label records: two common labels, a few mid-frequency ones, rare ones with 1-3 positives. */
    private static List<Set<String>> dataset(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Set<String>> labels = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Set<String> set = new HashSet<>();
            if (random.nextDouble() < 0.6) {
                set.add("NORM");
            }
            if (random.nextDouble() < 0.3) {
                set.add("SR");
            }
            for (int k = 0; k < 5; k++) {
                if (random.nextDouble() < 0.02 * (k + 1)) {
                    set.add("MID" + k);
                }
            }
            labels.add(set); // some records have no label at all
        }
        for (int rare = 0; rare < 20; rare++) {
            for (int copy = 0; copy <= rare % 3; copy++) {
                labels.get(random.nextInt(labels.size())).add("RARE" + rare);
            }
        }
        return labels;
    }

    private static Map<String, Integer> counts(List<Set<String>> labels, int[] indices) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i : indices) {
            for (String label : labels.get(i)) {
                counts.merge(label, 1, Integer::sum);
            }
        }
        return counts;
    }

    @Test
    void everyLabelKeepsAPositiveAndTheSizeIsTheFraction() {
        for (long seed = 0; seed < 5; seed++) {
            List<Set<String>> labels = dataset(seed);
            int[] all = new int[labels.size()];
            Arrays.setAll(all, i -> i);
            Map<String, Integer> full = counts(labels, all);
            for (double fraction : new double[] {0.01, 0.1, 1.0}) {
                int[] subset = LabelFractionSampler.sample(labels, fraction, seed);
                Map<String, Integer> got = counts(labels, subset);
                assertEquals(full.keySet(), got.keySet(), "every label is kept at fraction " + fraction);
                // 27 labels fit in a 30-record subset, so the size is exact
                assertEquals(Math.round(fraction * labels.size()), subset.length);
                assertTrue(isStrictlyAscending(subset));
                if (fraction == 0.1) {
                    for (String common : List.of("NORM", "SR", "MID4")) {
                        double expected = full.get(common) * fraction;
                        assertEquals(expected, got.get(common), Math.max(3, 0.1 * expected),
                                common + " keeps its proportion");
                    }
                }
            }
        }
    }

    @Test
    void coverageWinsOverTheSizeWhenItMust() {
        List<Set<String>> labels = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            labels.add(Set.of("L" + (i % 10)));
        }
        int[] subset = LabelFractionSampler.sample(labels, 0.01, 3);
        assertEquals(10, subset.length, "one record per label, though 1% is one record");
        assertEquals(10, counts(labels, subset).size());
    }

    @Test
    void seededAndDeterministic() {
        List<Set<String>> labels = dataset(42);
        assertArrayEquals(LabelFractionSampler.sample(labels, 0.1, 7), LabelFractionSampler.sample(labels, 0.1, 7));
        assertFalse(Arrays.equals(LabelFractionSampler.sample(labels, 0.1, 7),
                LabelFractionSampler.sample(labels, 0.1, 8)));
        int[] all = LabelFractionSampler.sample(labels, 1.0, 1);
        assertEquals(labels.size(), all.length);
        assertThrows(IllegalArgumentException.class, () -> LabelFractionSampler.sample(labels, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> LabelFractionSampler.sample(labels, 1.5, 1));
    }

    private static boolean isStrictlyAscending(int[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i] <= values[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
