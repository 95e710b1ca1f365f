package org.cardiograd.ecg.data;

import java.util.SplittableRandom;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.signal.Augmentation;

/**
 * A per-sample function a {@link DataLoader} applies to every record it batches, e.g. augmentation producing
 * the views of contrastive learning. It returns one or more views, each {@code float[rows][samples]}; every
 * record of a run must give the same number of views with the same shapes, which become tensors
 * {@code [batch, rows, samples]} in {@link Batch#views()}.
 *
 * <p>All randomness must come from {@code rng}, which the loader derives from (seed, epoch, record index): then
 * the result does not depend on which thread ran it or in what order. Do not modify the record's signal.
 */
@FunctionalInterface
public interface SampleTransform {

    float[][][] apply(EcgRecord record, SplittableRandom rng);

    /** {@code count} views, each the augmentation applied with its own generator split from {@code rng}. */
    static SampleTransform views(Augmentation augmentation, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        return (record, rng) -> {
            float[][][] views = new float[count][][];
            for (int v = 0; v < count; v++) {
                views[v] = augmentation.apply(record.signal(), record.samplingRate(), rng.split());
            }
            return views;
        };
    }
}
