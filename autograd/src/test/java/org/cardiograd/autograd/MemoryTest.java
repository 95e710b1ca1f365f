package org.cardiograd.autograd;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.FusedOps;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/** After backward, the graph and everything it saved must be garbage. */
class MemoryTest {
    private static final Backend CPU = new CpuBackend(2);

    private static Variable param(long seed, int... shape) {
        return Variable.parameter(Tensor.random(CPU, new Rng(seed), Distribution.NORMAL, 0f, 0.3f, shape));
    }

    @Test
    void intermediatesAreUnreachableAfterBackward() {
        Variable w = param(1, 32, 16);
        Variable x = Variable.constant(Tensor.random(CPU, new Rng(2), Distribution.NORMAL, 0f, 1f, 8, 16));
        Variable hidden = Functional.linear(x, w, null).gelu();
        Variable probs = hidden.softmax(-1);
        Variable loss = probs.square().sum();
        List<WeakReference<Tensor>> refs = new ArrayList<>();
        refs.add(new WeakReference<>(hidden.value()));
        refs.add(new WeakReference<>(probs.value()));
        hidden = null;
        probs = null;
        loss.backward();
        // The root variable is still held here, but it no longer reaches its graph.
        assertTrue(loss.creator().getClass().getSimpleName().equals("Freed"));
        for (int attempt = 0; attempt < 20 && refs.stream().anyMatch(r -> r.get() != null); attempt++) {
            System.gc();
            sleep();
        }
        for (WeakReference<Tensor> r : refs) {
            assertNull(r.get(), "an intermediate tensor survived backward");
        }
    }

    @Test
    void retainedHeapStaysFlatOverTrainingSteps() {
        Variable w1 = param(3, 64, 32);
        Variable b1 = param(4, 64);
        Variable w2 = param(5, 10, 64);
        Variable b2 = param(6, 10);
        Variable[] params = {w1, b1, w2, b2};
        Tensor[] m = new Tensor[params.length];
        Tensor[] v = new Tensor[params.length];
        for (int i = 0; i < params.length; i++) {
            m[i] = params[i].value().zerosLike();
            v[i] = params[i].value().zerosLike();
        }
        Rng rng = new Rng(7);
        long afterWarmup = 0;
        long last = 0;
        for (int step = 1; step <= 100; step++) {
            Variable x = Variable.constant(Tensor.randn(rng, 16, 32).to(CPU));
            Tensor target = Tensor.fromArray(CPU, randomClasses(rng, 16, 10), 16, 1);
            Variable logits = Functional.linear(Functional.linear(x, w1, b1).relu(), w2, b2);
            Variable loss = logits.logSoftmax(-1).gather(1, target).mean().neg();
            loss.backward();
            try (NoGrad ignored = NoGrad.enter()) {
                for (int i = 0; i < params.length; i++) {
                    FusedOps.adamw(params[i].value(), params[i].grad(), m[i], v[i], 1e-3f, 0.9f, 0.999f, 1e-8f,
                            0.01f, step);
                    params[i].zeroGrad();
                }
            }
            if (step == 5) {
                afterWarmup = retainedHeap();
            }
            if (step == 100) {
                last = retainedHeap();
            }
        }
        long growth = last - afterWarmup;
        System.out.printf("MemoryTest: retained heap after step 5: %d KB, after step 100: %d KB%n",
                afterWarmup / 1024, last / 1024);
        // 95 steps allocate ~95 x (activations + grads) ~ several MB; a leak of one step's graph per step
        // would grow by far more than the tolerance of 1 MB.
        assertTrue(growth < 1 << 20, "retained heap grew by " + growth / 1024 + " KB over 95 steps");
    }

    private static float[] randomClasses(Rng rng, int n, int classes) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextInt(classes);
        }
        return out;
    }

    private static long retainedHeap() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            sleep();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
