package org.cardiograd.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU backend's one thread pool. Work is split into at most {@link #threads()} contiguous ranges that
 * depend only on the problem size and the thread count, so results are reproducible for a given count.
 */
public final class Parallel implements AutoCloseable {

    /** A body that processes indices [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** A body that processes chunk {@code chunk} of {@code chunks}. */
    @FunctionalInterface
    public interface ChunkBody {
        void run(int chunk, int chunks);
    }

    private final int threads;
    private final ForkJoinPool pool;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setDaemon(true);
            t.setName("cardiograd-cpu-" + t.getPoolIndex());
            return t;
        }, null, false);
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs body over [0, n) split into ranges of at least {@code grain} indices, on up to threads() workers.
     */
    public void forRange(int n, int grain, RangeBody body) {
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || pool == null || ForkJoinTask.inForkJoinPool()) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        forChunks(chunks, (c, cs) -> {
            int from = (int) ((long) n * c / cs);
            int to = (int) ((long) n * (c + 1) / cs);
            if (from < to) {
                body.run(from, to);
            }
        });
    }

    /** Runs body(c, chunks) for every c in [0, chunks) in parallel; chunks may exceed threads(). */
    public void forChunks(int chunks, ChunkBody body) {
        if (chunks <= 1 || pool == null || ForkJoinTask.inForkJoinPool()) {
            for (int c = 0; c < chunks; c++) {
                body.run(c, chunks);
            }
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            final int chunk = c;
            tasks.add(pool.submit(() -> body.run(chunk, chunks)));
        }
        RuntimeException failure = null;
        for (ForkJoinTask<?> t : tasks) {
            try {
                t.join();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
