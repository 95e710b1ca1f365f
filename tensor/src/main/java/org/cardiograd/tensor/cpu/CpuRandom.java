package org.cardiograd.tensor.cpu;

import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Shapes;
import org.cardiograd.tensor.Tensor;

/**
 * Random fills: element i of the dense output is a pure function of (key, i) through {@link Rng}, so any
 * split over threads gives the same numbers, bit for bit the ones the reference backend gives.
 */
final class CpuRandom {
    private static final int GRAIN = 32 * 1024;

    private CpuRandom() {}

    static void fill(Parallel parallel, Tensor out, long key, Distribution distribution, float a, float b) {
        if (!out.isContiguous()) {
            throw new IllegalArgumentException("random: out must be dense, got shape " + Shapes.str(out.shape()));
        }
        float[] d = HostStorage.array(out);
        int o = (int) out.offset();
        int n = Shapes.toIntExact("random", out.numel());
        switch (distribution) {
            case UNIFORM:
                parallel.forRange(n, GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        d[o + i] = a + (b - a) * Rng.uniform(key, i);
                    }
                });
                break;
            case NORMAL:
                parallel.forRange(n, GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        d[o + i] = Rng.normal(key, i) * b + a;
                    }
                });
                break;
            default:
                throw new IllegalArgumentException("random: unknown distribution " + distribution);
        }
    }
}
