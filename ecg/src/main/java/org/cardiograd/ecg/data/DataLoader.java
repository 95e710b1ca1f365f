package org.cardiograd.ecg.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;

/**
 * Batches a {@link RecordSource} into tensors, epoch by epoch:
 * <pre>
 * try (DataLoader loader = DataLoader.builder(EcgShards.open(folder)).batchSize(32).seed(7).prefetch(4).build()) {
 *     for (int epoch = 0; epoch < epochs; epoch++) {
 *         for (Batch batch : loader) {   // each for loop runs the next epoch
 *             step(batch.signals(), batch.labels());
 *         }
 *     }
 * }
 * </pre>
 * <ul>
 *   <li>Order: with shuffling, epoch {@code e} visits the records in a permutation that is a pure function of
 *       (seed, e); without, in source order. {@link #epoch(int)} runs any epoch directly (to resume).</li>
 *   <li>The optional per-sample {@link SampleTransform} gets a generator derived from (seed, epoch, record
 *       index), so its output does not depend on the thread or on batching.</li>
 *   <li>Prefetch: with depth {@code d > 0} one background thread assembles up to {@code d} batches ahead into
 *       a bounded queue; with depth 0 batches are assembled on the caller's thread. Both give identical
 *       batches. A failure in the background is re-thrown to the consumer as a {@link DataLoaderException}
 *       naming the record.</li>
 *   <li>One epoch runs at a time: starting another stops the previous one's thread, and {@link #close()}
 *       stops the running one. An epoch also stops when its last batch has been taken.</li>
 * </ul>
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final RecordSource source;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final boolean dropLast;
    private final int prefetch;
    private final SampleTransform transform;
    private final Backend backend;
    private int nextEpoch;
    private Epoch running;
    private boolean closed;

    private DataLoader(Builder b) {
        this.source = b.source;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.prefetch = b.prefetch;
        this.transform = b.transform;
        this.backend = b.backend != null ? b.backend : Backends.current();
        this.nextEpoch = b.startEpoch;
    }

    public static Builder builder(RecordSource source) {
        return new Builder(source);
    }

    /** Options; defaults: batch 32, seed 0, shuffle on, keep the last partial batch, prefetch 2, no transform. */
    public static final class Builder {
        private final RecordSource source;
        private int batchSize = 32;
        private long seed;
        private boolean shuffle = true;
        private boolean dropLast;
        private int prefetch = 2;
        private SampleTransform transform;
        private Backend backend;
        private int startEpoch;

        private Builder(RecordSource source) {
            if (source == null) {
                throw new IllegalArgumentException("source is null");
            }
            this.source = source;
        }

        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + n);
            }
            batchSize = n;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder shuffle(boolean on) {
            shuffle = on;
            return this;
        }

        /** Leave out the last batch of an epoch when it is smaller than the batch size. */
        public Builder dropLast(boolean on) {
            dropLast = on;
            return this;
        }

        /** Batches assembled ahead by the background thread; 0 assembles on the caller's thread. */
        public Builder prefetch(int depth) {
            if (depth < 0) {
                throw new IllegalArgumentException("prefetch depth must be >= 0, got " + depth);
            }
            prefetch = depth;
            return this;
        }

        public Builder transform(SampleTransform t) {
            transform = t;
            return this;
        }

        /** Where the batch tensors live (default: {@link Backends#current()} when the loader is built). */
        public Builder backend(Backend b) {
            backend = b;
            return this;
        }

        /** The epoch the first for loop runs (to resume training). */
        public Builder startEpoch(int e) {
            if (e < 0) {
                throw new IllegalArgumentException("start epoch must be >= 0, got " + e);
            }
            startEpoch = e;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }

    public RecordSource source() {
        return source;
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        int n = source.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The record order of an epoch. */
    public int[] order(int epoch) {
        return EpochPlan.order(seed, epoch, source.size(), shuffle);
    }

    /** The epoch the next for loop will run. */
    public synchronized int nextEpoch() {
        return nextEpoch;
    }

    /** Runs the next epoch (see the class comment). */
    @Override
    public synchronized Iterator<Batch> iterator() {
        return epoch(nextEpoch++);
    }

    /** Runs epoch {@code e}, stopping any epoch still running. Close it to stop it early. */
    public synchronized Epoch epoch(int e) {
        if (closed) {
            throw new IllegalStateException("the data loader is closed");
        }
        if (e < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + e);
        }
        if (running != null) {
            running.close();
        }
        running = new Epoch(e);
        return running;
    }

    /** Stops the running epoch's background thread and waits for it to end. */
    @Override
    public synchronized void close() {
        closed = true;
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /**
     * The batches of one epoch, in order. With prefetch, a background thread fills a bounded queue; a failure
     * there is delivered in order, in place of the batch it broke, and ends the epoch.
     */
    public final class Epoch implements Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final int batches = batchesPerEpoch();
        private final int[] order;
        private final BatchAssembler assembler = new BatchAssembler(source, batchSize, seed, transform, backend);
        private final BlockingQueue<Object> queue;
        private final Thread worker;
        private volatile boolean stopped;
        private int delivered;
        private Object ahead; // a batch or failure taken from the queue but not yet returned

        private Epoch(int epoch) {
            this.epoch = epoch;
            this.order = order(epoch);
            if (prefetch > 0 && batches > 0) {
                queue = new ArrayBlockingQueue<>(prefetch);
                worker = new Thread(this::produce, "cardiograd-loader-" + THREADS.incrementAndGet() + "-epoch-"
                        + epoch);
                worker.setDaemon(true);
                worker.start();
            } else {
                queue = null;
                worker = null;
            }
        }

        public int epoch() {
            return epoch;
        }

        /** A failure from the background thread, carried through the queue. */
        private record Failure(Throwable error) {
        }

        private void produce() {
            for (int b = 0; b < batches && !stopped; b++) {
                Object item;
                try {
                    item = assembler.assemble(epoch, b, order, () -> stopped);
                } catch (BatchAssembler.Cancelled e) {
                    return;
                } catch (Throwable t) {
                    item = new Failure(t);
                }
                if (!offer(item) || item instanceof Failure) {
                    return;
                }
            }
        }

        /** Waits for room in the queue; false when the epoch was stopped meanwhile. */
        private boolean offer(Object item) {
            try {
                while (!stopped) {
                    if (queue.offer(item, 20, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        @Override
        public boolean hasNext() {
            return !stopped && delivered < batches;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException(stopped ? "epoch " + epoch + " was stopped"
                        : "epoch " + epoch + " has only " + batches + " batches");
            }
            Object item = worker == null ? assembleHere() : take();
            if (item instanceof Failure f) {
                close();
                Throwable e = f.error();
                throw new DataLoaderException(e instanceof DataLoaderException ? e.getMessage()
                        : "epoch " + epoch + ", batch " + delivered + ": " + e, e);
            }
            delivered++;
            if (delivered == batches) {
                close();
            }
            return (Batch) item;
        }

        private Object assembleHere() {
            try {
                return assembler.assemble(epoch, delivered, order, () -> false);
            } catch (DataLoaderException e) {
                stopped = true;
                throw e;
            }
        }

        private Object take() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new DataLoaderException("interrupted while waiting for batch " + delivered + " of epoch "
                        + epoch, e);
            }
        }

        /** Stops the background thread and waits for it to end. Idempotent. */
        @Override
        public void close() {
            stopped = true;
            if (worker != null && Thread.currentThread() != worker) {
                queue.clear();
                boolean interrupted = false;
                while (worker.isAlive()) {
                    try {
                        worker.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                queue.clear();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The background thread, or null without prefetch (for tests). */
        Thread worker() {
            return worker;
        }
    }
}
