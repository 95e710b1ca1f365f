package org.cardiograd.tensor.cpu;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CPU backend's threads (see {@link ParallelTeam}: the caller plus {@code threads() - 1} spinning workers).
 * Work is split into ranges or chunks that depend only on the problem size and the thread count, so results
 * are reproducible for a given count. A call made from inside a parallel body, or while another thread holds
 * the team, runs on the calling thread alone.
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
    private final ParallelTeam team;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.team = threads == 1 ? null : new ParallelTeam(threads);
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs body over [0, n) split into ranges of at least {@code grain} indices, on up to threads() workers.
     */
    public void forRange(int n, int grain, RangeBody body) {
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1) {
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

    /**
     * Runs body(c, chunks) for every c in [0, chunks); chunks may exceed threads(). Chunks are handed out in
     * order to whichever thread is free, and may all run on one thread, so a body must never wait for another.
     */
    public void forChunks(int chunks, ChunkBody body) {
        AtomicInteger next = new AtomicInteger();
        ParallelTeam.Body each = member -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                body.run(c, chunks);
            }
        };
        if (chunks <= 1 || team == null || !team.run(Math.min(threads, chunks), each)) {
            each.run(ParallelTeam.ALONE);
        }
    }

    /**
     * Runs body on up to {@code size} threads at the same time (fewer when the team is busy: then on the caller
     * alone, as a team of one). Members may synchronize with {@link ParallelTeam.Member#barrier()}, so a body's
     * result must not depend on the team's size for results to stay reproducible.
     */
    void team(int size, ParallelTeam.Body body) {
        if (size < 2 || team == null || !team.run(Math.min(threads, size), body)) {
            body.run(ParallelTeam.ALONE);
        }
    }

    @Override
    public void close() {
        if (team != null) {
            team.close();
        }
    }
}
