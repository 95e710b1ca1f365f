package org.cardiograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.layers.TransformerBlock;
import org.cardiograd.nn.loss.Losses;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.opencl.OpenClBackend;
import org.cardiograd.tensor.opencl.OpenClDevices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * One training step of a transformer block (forward, backward, AdamW) on the OpenCL backend against the CPU
 * backend, with no host transfer inside the step. Skips without an OpenCL device, fails then when CI=true.
 */
class OpenClTrainingStepTest {

    @AfterEach
    void restoreDefaultBackend() {
        Backends.setCurrent(null);
    }

    /**
     * The loss before and after one step, then each parameter's gradient. (Parameters after the step are not
     * compared element by element: Adam's first step is about lr * sign(g), and gradients that are zero in
     * exact arithmetic, such as the attention's key bias, get their sign from rounding noise.)
     */
    private static List<float[]> step(Backend backend, long[] transfersInStep) {
        Backends.setCurrent(backend);
        TransformerBlock block = new TransformerBlock(32, 4, 2f, true, 0f, 0f, 1e-5f, new Rng(5));
        Variable x = Variable.constant(Tensor.uniform(new Rng(9), -1, 1, 2, 10, 32));
        Variable target = Variable.constant(Tensor.uniform(new Rng(10), -1, 1, 2, 10, 32));
        AdamW opt = AdamW.of(block.namedParameters(), 1e-2, 0.01);
        long before = transfers(backend);
        Variable loss = Losses.mse(block.forward(x, null), target);
        loss.backward();
        long inStep = transfers(backend) - before;
        List<float[]> grads = new ArrayList<>();
        for (Variable p : block.namedParameters().values()) {
            grads.add(p.grad().toArray());
        }
        long beforeUpdate = transfers(backend);
        opt.step();
        transfersInStep[0] = inStep + transfers(backend) - beforeUpdate;
        Variable after = Losses.mse(block.forward(x, null), target);
        List<float[]> out = new ArrayList<>();
        out.add(new float[] {loss.value().item(), after.value().item()});
        out.addAll(grads);
        return out;
    }

    private static long transfers(Backend backend) {
        return backend instanceof OpenClBackend ? ((OpenClBackend) backend).transfers() : 0;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void transformerBlockStepMatchesTheCpuWithoutHostTransfers() {
        if (OpenClDevices.list().isEmpty()) {
            String message = "no OpenCL device (install pocl-opencl-icd or a GPU driver; ./cardiograd devices)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: tests must not skip)");
            }
            Assumptions.assumeTrue(false, message);
        }
        long[] transfers = new long[1];
        List<float[]> cpu = step(Backends.cpu(), transfers);
        List<float[]> cl = step(Backends.byName("opencl"), transfers);
        assertEquals(0, transfers[0], "host transfers inside the training step");
        for (int t = 0; t < cpu.size(); t++) {
            String what = t == 0 ? "loss (before, after the step)" : "gradient of parameter " + (t - 1);
            // the losses within 1e-5 relative, each gradient within 1e-4 of its tensor's largest entry
            double tolerance = t == 0 ? 1e-5 * Math.abs(cpu.get(0)[0]) : 1e-4 * maxAbs(cpu.get(t));
            float[] e = cpu.get(t);
            float[] a = cl.get(t);
            for (int i = 0; i < e.length; i++) {
                if (Math.abs(a[i] - e[i]) > tolerance + 1e-7) {
                    fail(what + " element " + i + ": opencl " + a[i] + ", cpu " + e[i]);
                }
            }
        }
    }
}
