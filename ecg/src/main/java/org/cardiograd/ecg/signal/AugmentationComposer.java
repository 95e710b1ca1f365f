package org.cardiograd.ecg.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies a random subset of augmentations, each step gated by its own probability.
 * <ul>
 *   <li>{@link #sequence}: every step considered in the given order (e.g. crop first, noise last);</li>
 *   <li>{@link #randomSubset}: {@code count} distinct steps drawn uniformly and applied in random order
 *       (RandAugment-style), each still gated by its probability.</li>
 * </ul>
 * All choices and the augmentations themselves draw from one generator, so a seed fixes the whole view.
 * For two contrastive views of one record use two seeds (or two {@code rng.split()} generators).
 */
public final class AugmentationComposer implements Augmentation {

    /** One augmentation and the probability that it is applied. */
    public record Step(Augmentation augmentation, double probability) {
        public Step {
            if (augmentation == null) {
                throw new IllegalArgumentException("augmentation is null");
            }
            Augmentation.requireIn("step probability", probability, 0, 1, "a probability");
        }
    }

    private final List<Step> steps;
    private final int count; // 0: all steps in order

    private AugmentationComposer(List<Step> steps, int count) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a composer needs at least one step");
        }
        if (count < 0 || count > steps.size()) {
            throw new IllegalArgumentException("count must be in 0.." + steps.size() + ", got " + count);
        }
        this.steps = List.copyOf(steps);
        this.count = count;
    }

    /** Every step, in order, each applied with its probability. */
    public static AugmentationComposer sequence(List<Step> steps) {
        return new AugmentationComposer(steps, 0);
    }

    /** {@code count} distinct steps in random order, each applied with its probability. */
    public static AugmentationComposer randomSubset(int count, List<Step> steps) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        return new AugmentationComposer(steps, count);
    }

    /** A view recipe for 10 s, 500 Hz records: mild warp, scaling, wander, noise, masking and lead dropout. */
    public static AugmentationComposer contrastiveDefaults() {
        return sequence(List.of(
                new Step(new TimeWarp(), 0.5),
                new Step(new AmplitudeScaling(), 0.8),
                new Step(new BaselineWander(), 0.5),
                new Step(new GaussianNoise(), 0.5),
                new Step(new TimeMasking(), 0.5),
                new Step(new LeadDropout(), 0.3)));
    }

    public List<Step> steps() {
        return steps;
    }

    @Override
    public float[][] apply(float[][] leads, double fs, SplittableRandom rng) {
        float[][] x = Signals.copy(leads);
        for (Step step : chosenSteps(rng)) {
            if (rng.nextDouble() < step.probability()) {
                x = step.augmentation().apply(x, fs, rng);
            }
        }
        return x;
    }

    private List<Step> chosenSteps(SplittableRandom rng) {
        if (count == 0) {
            return steps;
        }
        List<Step> pool = new ArrayList<>(steps);
        for (int k = pool.size() - 1; k > 0; k--) { // Fisher-Yates, keep the first count
            int r = rng.nextInt(k + 1);
            Step tmp = pool.get(k);
            pool.set(k, pool.get(r));
            pool.set(r, tmp);
        }
        return pool.subList(0, count);
    }

    @Override
    public String toString() {
        return "AugmentationComposer(" + (count == 0 ? "all" : count + " of") + " " + steps + ")";
    }
}
