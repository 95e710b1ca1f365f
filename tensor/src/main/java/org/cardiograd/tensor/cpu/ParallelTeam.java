package org.cardiograd.tensor.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads behind {@link Parallel}: the calling thread is member 0 of every job and {@code size - 1} worker
 * threads are the others, so a job on 2 threads occupies exactly 2 cores. All members of a job run at the same
 * time, which is what lets them wait for each other at {@link Member#barrier()} (GEMM packs one shared B block
 * cooperatively); a pool that may run tasks one after another could not offer that.
 *
 * <p>Why spin: a training step issues hundreds of GEMMs and element-wise ops back to back, and waking a parked
 * thread costs tens of microseconds on a VM. Workers therefore spin for {@link #IDLE_SPIN_NS} after a job
 * before they park, and waits inside a job spin before they sleep. One job runs at a time: a call made while
 * the team is busy (a nested call, or a second caller thread) gets {@code null} from {@link #tryStart} and
 * runs alone.
 */
final class ParallelTeam {
    /** How long an idle worker polls for the next job before it parks. */
    static final long IDLE_SPIN_NS = 2_000_000;
    /** How long a member polls at a barrier or for the job's end before it sleeps. */
    static final long WAIT_SPIN_NS = 200_000;
    /** Sleep between polls once a barrier has waited longer than WAIT_SPIN_NS (the other member lost its core). */
    private static final long BARRIER_NAP_NS = 20_000;
    /**
     * Polling first only pauses the core; after this long it also yields (sched_yield), so that on a machine with
     * more runnable threads than cores a waiting member hands its time slice to the member it waits for.
     */
    private static final long PAUSE_NS = 20_000;

    /** One member's view of a running job. */
    static final class Member {
        private final Job job;
        private final int rank;

        Member(Job job, int rank) {
            this.job = job;
            this.rank = rank;
        }

        int rank() {
            return rank;
        }

        int size() {
            return job == null ? 1 : job.size;
        }

        /** Returns once every member of the job has called it (the same number of times). */
        void barrier() {
            if (job != null) {
                job.barrier();
            }
        }
    }

    /** A body every member runs. */
    @FunctionalInterface
    interface Body {
        void run(Member member);
    }

    /** The member of a job that has no team: size 1, barrier a no-op. */
    static final Member ALONE = new Member(null, 0);

    private final Thread[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean[] sleeping;
    private volatile Job current;
    private volatile boolean closed;

    ParallelTeam(int size) {
        workers = new Thread[size - 1];
        sleeping = new AtomicBoolean[size - 1];
        for (int i = 0; i < workers.length; i++) {
            sleeping[i] = new AtomicBoolean();
        }
    }

    /** Workers start with the first job, so a backend that never runs in parallel owns no threads. */
    private void startWorkers() {
        for (int i = 0; i < workers.length; i++) {
            if (workers[i] == null) {
                int rank = i + 1;
                workers[i] = new Thread(() -> work(rank), "cardiograd-cpu-" + rank);
                workers[i].setDaemon(true);
                workers[i].start();
            }
        }
    }

    int size() {
        return workers.length + 1;
    }

    /**
     * Runs body on {@code size} members (2 to size()) with the caller as member 0, and returns when all have
     * finished; rethrows the first failure. Returns false without running anything when the team is busy.
     */
    boolean run(int size, Body body) {
        if (size < 2 || size > size() || closed || !busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            startWorkers();
            Job job = new Job(size, body, Thread.currentThread());
            current = job;
            for (int r = 1; r < size; r++) {
                if (sleeping[r - 1].get()) {
                    LockSupport.unpark(workers[r - 1]);
                }
            }
            job.runMember(0);
            job.awaitEnd();
            // Workers keep the last job until the next one: drop the body, which may hold large operands.
            job.body = null;
            job.rethrow();
            return true;
        } finally {
            busy.set(false);
        }
    }

    void close() {
        closed = true;
        for (Thread w : workers) {
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    private void work(int rank) {
        Job last = null;
        while (!closed) {
            Job job = awaitNewJob(rank, last);
            if (job == null) {
                return;
            }
            last = job;
            if (rank < job.size) {
                job.runMember(rank);
                job.memberDone();
            }
        }
    }

    /** Spins, then parks, until a job other than {@code last} is posted; null once the team is closed. */
    private Job awaitNewJob(int rank, Job last) {
        long start = System.nanoTime();
        while (current == last && !closed && pause(start, IDLE_SPIN_NS)) {
            // polling
        }
        AtomicBoolean flag = sleeping[rank - 1];
        while (current == last && !closed) {
            // Publish the intent to sleep, then look again: a poster either sees the flag or we see its job.
            flag.set(true);
            if (current == last && !closed) {
                LockSupport.park(this);
            }
            flag.set(false);
        }
        return closed ? null : current;
    }

    /** One step of a polling loop begun at {@code start}: false once {@code limit} ns have passed. */
    private static boolean pause(long start, long limit) {
        long waited = System.nanoTime() - start;
        if (waited < PAUSE_NS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return waited < limit;
    }

    /** One job: its members, a sense-free phase barrier and the count of workers still running. */
    private static final class Job {
        final int size;
        Body body;
        final Thread caller;
        final AtomicInteger running;
        final AtomicInteger arrived = new AtomicInteger();
        final AtomicBoolean callerSleeping = new AtomicBoolean();
        volatile int phase;
        volatile Throwable failure;

        Job(int size, Body body, Thread caller) {
            this.size = size;
            this.body = body;
            this.caller = caller;
            this.running = new AtomicInteger(size - 1);
        }

        void runMember(int rank) {
            try {
                body.run(new Member(this, rank));
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
        }

        void memberDone() {
            if (running.decrementAndGet() == 0 && callerSleeping.get()) {
                LockSupport.unpark(caller);
            }
        }

        void awaitEnd() {
            long start = System.nanoTime();
            while (running.get() > 0 && pause(start, WAIT_SPIN_NS)) {
                // polling
            }
            while (running.get() > 0) {
                callerSleeping.set(true);
                if (running.get() > 0) {
                    LockSupport.park(this);
                }
                callerSleeping.set(false);
            }
        }

        void barrier() {
            int p = phase;
            if (arrived.incrementAndGet() == size) {
                arrived.set(0);
                phase = p + 1;
                return;
            }
            long start = System.nanoTime();
            while (phase == p) {
                if (failure != null) {
                    throw new IllegalStateException("another member of the parallel job failed", failure);
                }
                if (!pause(start, WAIT_SPIN_NS)) {
                    LockSupport.parkNanos(this, BARRIER_NAP_NS);
                }
            }
        }

        void rethrow() {
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }
}
