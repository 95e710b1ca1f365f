package org.cardiograd.bench;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.layers.TransformerBlock;
import org.cardiograd.nn.loss.Losses;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * One training step (forward, MSE loss, backward, AdamW) of a pre-norm transformer block on an OpenCL device
 * and on the CPU backend in the same run: the best of 6 timed steps after 2 warm-up steps, each ending with the
 * loss read (which waits for the device).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     org.cardiograd.bench.OpenClBlockStepBench [opencl[:N]] [dim] [tokens] [batch]
 * </pre>
 */
public final class OpenClBlockStepBench {
    private OpenClBlockStepBench() {}

    public static void main(String[] args) {
        Backend device = Backends.byName(args.length > 0 ? args[0] : "opencl");
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        double cpu = stepMillis(Backends.cpu(), dim, tokens, batch);
        double dev = stepMillis(device, dim, tokens, batch);
        System.out.printf("transformer block: width %d, 4 heads, MLP x4, batch %d x %d tokens%n", dim, batch, tokens);
        System.out.printf("%s: %.1f ms per step; cpu: %.1f ms; speed ratio %s/cpu = %.3f%n", device, dev, cpu,
                device.name(), cpu / dev);
    }

    private static double stepMillis(Backend backend, int dim, int tokens, int batch) {
        Backends.setCurrent(backend);
        try {
            TransformerBlock block = new TransformerBlock(dim, 4, 4f, true, 0f, 0f, 1e-5f, new Rng(5));
            Variable x = Variable.constant(Tensor.uniform(new Rng(9), -1, 1, batch, tokens, dim));
            Variable target = Variable.constant(Tensor.uniform(new Rng(10), -1, 1, batch, tokens, dim));
            AdamW opt = AdamW.of(block.namedParameters(), 1e-3, 0.01);
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 8; i++) {
                long start = System.nanoTime();
                opt.zeroGrad();
                Variable loss = Losses.mse(block.forward(x, null), target);
                loss.backward();
                opt.step();
                loss.value().item();
                if (i >= 2) {
                    best = Math.min(best, (System.nanoTime() - start) / 1e6);
                }
            }
            return best;
        } finally {
            Backends.setCurrent(null);
        }
    }
}
