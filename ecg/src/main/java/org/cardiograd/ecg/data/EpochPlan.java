package org.cardiograd.ecg.data;

import java.util.SplittableRandom;

/**
 * The random decisions of a {@link DataLoader}, each a pure function of the seed and its coordinates so that
 * neither the thread that runs the work nor what ran before can change them:
 * the record order of epoch {@code e} depends on (seed, e) only, and the generator handed to the per-sample
 * transform for record {@code i} in epoch {@code e} on (seed, e, i) only.
 */
final class EpochPlan {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private EpochPlan() {
    }

    /** Epoch {@code epoch}'s order of the records 0..n-1: a seeded Fisher-Yates shuffle, or 0..n-1. */
    static int[] order(long seed, int epoch, int n, boolean shuffle) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom rng = new SplittableRandom(mix(epochKey(seed, epoch) ^ 0x5DEECE66DL));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** The generator for record {@code index} in epoch {@code epoch}. */
    static SplittableRandom sampleRng(long seed, int epoch, int index) {
        return new SplittableRandom(mix(epochKey(seed, epoch) + GOLDEN * (index + 1L)));
    }

    private static long epochKey(long seed, int epoch) {
        return mix(mix(seed) + GOLDEN * (epoch + 1L));
    }

    /** SplitMix64's finalizer, a bijection that scatters nearby inputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
