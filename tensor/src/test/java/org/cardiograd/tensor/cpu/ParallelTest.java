package org.cardiograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The thread team behind the CPU backend: chunks, barriers, failures, nested and concurrent calls. */
class ParallelTest {

    @Test
    void everyChunkRunsExactlyOnce() {
        try (Parallel p = new Parallel(2)) {
            for (int chunks : new int[] {0, 1, 2, 3, 17}) {
                int[] runs = new int[chunks];
                p.forChunks(chunks, (c, cs) -> {
                    assertEquals(chunks, cs);
                    synchronized (runs) {
                        runs[c]++;
                    }
                });
                int[] once = new int[chunks];
                java.util.Arrays.fill(once, 1);
                assertArrayEquals(once, runs, chunks + " chunks");
            }
        }
    }

    @Test
    void rangesCoverTheIndicesWithoutOverlap() {
        try (Parallel p = new Parallel(3)) {
            int n = 1001;
            AtomicInteger[] hits = new AtomicInteger[n];
            for (int i = 0; i < n; i++) {
                hits[i] = new AtomicInteger();
            }
            p.forRange(n, 10, (from, to) -> {
                for (int i = from; i < to; i++) {
                    hits[i].incrementAndGet();
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits[i].get(), "index " + i);
            }
        }
    }

    /**
     * Members write their phase number, meet at the barrier, then check that every member wrote it: a barrier
     * that let a member through early would let it see an older phase. Many phases, so a race would show.
     */
    @Test
    void barrierHoldsEveryMemberUntilAllArrive() {
        try (Parallel p = new Parallel(3)) {
            int phases = 2000;
            int[] seen = new int[3];
            AtomicInteger errors = new AtomicInteger();
            AtomicInteger size = new AtomicInteger();
            p.team(3, member -> {
                size.set(member.size());
                for (int phase = 1; phase <= phases; phase++) {
                    seen[member.rank()] = phase;
                    member.barrier();
                    for (int r = 0; r < member.size(); r++) {
                        if (seen[r] < phase) {
                            errors.incrementAndGet();
                        }
                    }
                    member.barrier();
                }
            });
            assertEquals(0, errors.get());
            assertEquals(3, size.get());
        }
    }

    @Test
    void failureOfOneMemberReachesTheCallerAndReleasesTheOthers() {
        try (Parallel p = new Parallel(2)) {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.team(2, member -> {
                if (member.rank() == 1) {
                    throw boom;
                }
                member.barrier();  // would wait forever if the failure did not release it
            }));
            assertSame(boom, e);
            // The team is usable afterwards.
            AtomicInteger ran = new AtomicInteger();
            p.forChunks(2, (c, cs) -> ran.incrementAndGet());
            assertEquals(2, ran.get());
        }
    }

    @Test
    void nestedCallsRunOnTheCallingThread() {
        try (Parallel p = new Parallel(2)) {
            AtomicInteger inner = new AtomicInteger();
            p.forChunks(2, (c, cs) -> p.team(2, member -> {
                assertEquals(1, member.size());
                member.barrier();
                inner.incrementAndGet();
            }));
            assertEquals(2, inner.get());
        }
    }

    @Test
    void concurrentCallersEachFinishTheirWork() throws InterruptedException {
        try (Parallel p = new Parallel(2)) {
            int callers = 4;
            int calls = 200;
            AtomicInteger total = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            Thread[] threads = new Thread[callers];
            for (int t = 0; t < callers; t++) {
                threads[t] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < calls; i++) {
                        p.team(2, member -> {
                            member.barrier();
                            if (member.rank() == 0) {
                                total.incrementAndGet();
                            }
                        });
                    }
                });
                threads[t].start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(60_000);
                assertTrue(!t.isAlive(), "a caller did not finish");
            }
            assertEquals(callers * calls, total.get());
        }
    }
}
