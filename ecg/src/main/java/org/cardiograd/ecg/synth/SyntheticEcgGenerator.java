package org.cardiograd.ecg.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The synthetic 12-lead ECG dataset: record {@code i} of the dataset with seed {@code s} is a pure function of
 * (configuration, s, i), so records can be generated one at a time, in any order, or in parallel with the same
 * result.
 *
 * <pre>{@code
 * var gen = new SyntheticEcgGenerator(SyntheticEcgConfig.defaults(), 42);
 * SyntheticEcg ecg = gen.generate(7);              // ecg.signal() is float[12][5000] in mV
 * List<SyntheticEcg> all = gen.generate(0, 1000, 4);
 * }</pre>
 */
public final class SyntheticEcgGenerator {

    private final SyntheticEcgConfig config;
    private final long seed;

    public SyntheticEcgGenerator(SyntheticEcgConfig config, long seed) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
        this.seed = seed;
    }

    public SyntheticEcgConfig config() {
        return config;
    }

    public long seed() {
        return seed;
    }

    /** The plan of record {@code index}: edit it (e.g. switch a class off) and {@link #render} it. */
    public RecordPlan plan(long index) {
        checkIndex(index);
        return RecordSampler.sample(config, seed, index);
    }

    /** Renders a plan (from this or any generator). */
    public static SyntheticEcg render(RecordPlan plan) {
        return EcgSynthesizer.render(plan);
    }

    public SyntheticEcg generate(long index) {
        return render(plan(index));
    }

    /**
     * Records {@code from .. from + count - 1}, in index order, generated on {@code threads} threads. The result
     * does not depend on the thread count.
     */
    public List<SyntheticEcg> generate(long from, int count, int threads) {
        checkIndex(from);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        SyntheticEcg[] out = new SyntheticEcg[count];
        if (threads == 1 || count < 2) {
            for (int i = 0; i < count; i++) {
                out[i] = generate(from + i);
            }
            return Arrays.asList(out);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "synthetic-ecg");
            t.setDaemon(true);
            return t;
        });
        try {
            // Interleaved chunks: each task takes every threads-th record, which balances the load.
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int first = w;
                tasks.add(pool.submit(() -> {
                    for (int i = first; i < count; i += threads) {
                        out[i] = generate(from + i);
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating synthetic records", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("generating synthetic records failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return Arrays.asList(out);
    }

    private static void checkIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("record index must be >= 0, got " + index);
        }
    }
}
