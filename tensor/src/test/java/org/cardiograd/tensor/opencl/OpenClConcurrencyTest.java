package org.cardiograd.tensor.opencl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.FusedOps;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several threads run programs on one OpenCL device while garbage collections let the Cleaner free the regions
 * of dropped temporaries: every result must still match the CPU. This is how the probe uses the device (common
 * pool threads), and the churn is what once made the pool hand out a live region twice.
 */
class OpenClConcurrencyTest {
    private static final int THREADS = 4;
    private static final int ROUNDS = 12;
    private static OpenClBackend cl;

    @BeforeAll
    static void device() {
        cl = OpenClTestDevice.backend();
    }

    /** Embedding lookup by index, a fused layer, softmax and reductions: many short-lived temporaries. */
    private static Tensor program(Tensor table, Tensor index, Tensor w, Tensor bias) {
        Tensor h = table.indexSelect(0, index);
        Tensor y = FusedOps.matmul(h, w, bias, Epilogue.GELU_TANH);
        return y.softmax(-1).mul(y.tanh()).sum(0, false).add(h.exp().sum());
    }

    private static float[] run(int thread, int round, boolean onDevice) {
        Rng rng = new Rng(1000L * thread + round);
        Tensor table = Tensor.uniform(rng, -1, 1, 20, 24);
        float[] idx = new float[37];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = (i * 7 + thread + round) % 20;
        }
        Tensor index = Tensor.fromArray(idx, idx.length);
        Tensor w = Tensor.uniform(rng, -1, 1, 24, 10);
        Tensor bias = Tensor.uniform(rng, -1, 1, 10);
        if (!onDevice) {
            return program(table, index, w, bias).toArray();
        }
        Tensor out = program(table.to(cl), index.to(cl), w.to(cl), bias.to(cl));
        // garbage the Cleaner frees while other threads allocate and launch
        for (int i = 0; i < 8; i++) {
            Tensor.zeros(cl, 64 + 16 * i).add(1f);
        }
        if (round % 3 == thread % 3) {
            System.gc();
        }
        return out.toArray();
    }

    @Test
    void threadsSharingTheDeviceUnderGarbageCollectionGetTheCpuResults() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        OpenClChecks.assertClose("thread " + thread + " round " + round, run(thread, round, false),
                                run(thread, round, true), 1e-4, 1e-4);
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
