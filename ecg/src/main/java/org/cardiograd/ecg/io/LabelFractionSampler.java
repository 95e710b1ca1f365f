package org.cardiograd.ecg.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Picks a labelled training subset of a given fraction (the 1% / 10% / 100% label settings of linear probing
 * and fine-tuning), seeded and stratified for multi-label data.
 *
 * <p>Guarantee: every label with at least one positive in the full set has at least one positive in the
 * subset. The subset has {@code max(1, round(fraction * n))} records, or more when the labels need more
 * records to be covered (then it holds exactly the covering records). Otherwise the label proportions of the
 * subset follow those of the full set as closely as the algorithm manages:
 * <ol>
 *   <li>cover: labels from rarest to most common; for each not yet covered, take a random record that has it;</li>
 *   <li>distribute the rest by iterative stratification (Sechidis et al., ECML 2011) between the subset and the
 *       remainder: repeatedly take the label with the fewest unassigned records, and send each of its records
 *       to the side that still wants most of that label (ties: the side that wants most records, then a coin);</li>
 *   <li>trim or top up the subset at random (never removing a covering record) to the exact size.</li>
 * </ol>
 * The same labels, fraction and seed always give the same subset.
 */
public final class LabelFractionSampler {
    private LabelFractionSampler() {
    }

    /**
     * @param labels   the labels of each record (index = record position)
     * @param fraction in (0, 1]; 1 returns every index
     * @param seed     random seed
     * @return the chosen record indices, ascending
     */
    public static int[] sample(List<? extends Collection<String>> labelLists, double fraction, long seed) {
        List<Set<String>> labels = labelLists.stream().<Set<String>>map(LinkedHashSet::new).toList();
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        int n = labels.size();
        if (fraction == 1 || n == 0) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        SplittableRandom random = new SplittableRandom(seed);
        int target = (int) Math.max(1, Math.round(fraction * n));

        int[] order = shuffled(n, random);
        // label -> its records, in shuffled order; TreeMap so the label order does not depend on hashing
        Map<String, List<Integer>> recordsOf = new TreeMap<>();
        for (int record : order) {
            for (String label : labels.get(record)) {
                recordsOf.computeIfAbsent(label, k -> new ArrayList<>()).add(record);
            }
        }

        boolean[] chosen = new boolean[n];
        boolean[] assigned = new boolean[n];
        boolean[] covering = new boolean[n];
        int chosenCount = 0;
        for (String label : byRarity(recordsOf)) {
            List<Integer> records = recordsOf.get(label);
            boolean covered = false;
            for (int record : records) {
                covered |= chosen[record];
            }
            if (!covered) {
                int record = records.get(random.nextInt(records.size()));
                chosen[record] = assigned[record] = covering[record] = true;
                chosenCount++;
            }
        }

        // iterative stratification of the remaining records between side 0 (subset) and side 1 (rest)
        double[] wantTotal = {target - chosenCount, n - target};
        Map<String, double[]> wantLabel = new HashMap<>();
        Map<String, Integer> unassigned = new HashMap<>();
        for (Map.Entry<String, List<Integer>> e : recordsOf.entrySet()) {
            double inSubset = 0;
            int free = 0;
            for (int record : e.getValue()) {
                if (chosen[record]) {
                    inSubset++;
                } else {
                    free++;
                }
            }
            int total = e.getValue().size();
            wantLabel.put(e.getKey(), new double[] {fraction * total - inSubset, (1 - fraction) * total});
            unassigned.put(e.getKey(), free);
        }
        while (true) {
            String label = null;
            for (Map.Entry<String, Integer> e : new TreeMap<>(unassigned).entrySet()) {
                if (e.getValue() > 0 && (label == null || e.getValue() < unassigned.get(label))) {
                    label = e.getKey();
                }
            }
            if (label == null) {
                break;
            }
            for (int record : recordsOf.get(label)) {
                if (assigned[record]) {
                    continue;
                }
                double[] want = wantLabel.get(label);
                int side = want[0] != want[1] ? (want[0] > want[1] ? 0 : 1)
                        : wantTotal[0] != wantTotal[1] ? (wantTotal[0] > wantTotal[1] ? 0 : 1)
                        : random.nextInt(2);
                assigned[record] = true;
                chosen[record] = side == 0;
                chosenCount += side == 0 ? 1 : 0;
                wantTotal[side]--;
                for (String other : labels.get(record)) {
                    wantLabel.get(other)[side]--;
                    unassigned.merge(other, -1, Integer::sum);
                }
            }
        }
        for (int record : order) { // records without labels
            if (!assigned[record]) {
                int side = wantTotal[0] > wantTotal[1] ? 0 : 1;
                assigned[record] = true;
                chosen[record] = side == 0;
                chosenCount += side == 0 ? 1 : 0;
                wantTotal[side]--;
            }
        }

        // exact size: trim non-covering records or top up, in a fresh random order
        int[] again = shuffled(n, random);
        for (int i = 0; i < n && chosenCount > target; i++) {
            int record = again[i];
            if (chosen[record] && !covering[record]) {
                chosen[record] = false;
                chosenCount--;
            }
        }
        for (int i = 0; i < n && chosenCount < target; i++) {
            int record = again[i];
            if (!chosen[record]) {
                chosen[record] = true;
                chosenCount++;
            }
        }
        int[] result = new int[chosenCount];
        int k = 0;
        for (int record = 0; record < n; record++) {
            if (chosen[record]) {
                result[k++] = record;
            }
        }
        return result;
    }

    /** Labels from fewest records to most, ties by name. */
    private static List<String> byRarity(Map<String, List<Integer>> recordsOf) {
        List<String> labels = new ArrayList<>(recordsOf.keySet());
        labels.sort((a, b) -> recordsOf.get(a).size() != recordsOf.get(b).size()
                ? Integer.compare(recordsOf.get(a).size(), recordsOf.get(b).size()) : a.compareTo(b));
        return labels;
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
