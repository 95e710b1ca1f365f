package org.cardiograd.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.ecg.crema.Crema;
import org.cardiograd.ecg.crema.CremaConfig;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.nn.optim.ParamGroups;
import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * The training-step harness: times one full CREMA training step (both views through encoder and decoder,
 * NT-Xent, backward, AdamW) at batch 32 on 10 s x 500 Hz input, and encoder-only inference at batch 64, and
 * prints one JSON line in the same form as bench/crema_reference.py so run-crema-step.sh can compare them.
 *
 * <pre>java ... org.cardiograd.bench.CremaStepBench crema-s [steps] [warmup]</pre>
 * Threads: -Dcardiograd.threads=N (default: all processors). -Dcremastep.phases=true prints the forward,
 * backward and AdamW time of every step (warm-up included) to stderr. -Dbench.device=opencl[:N] runs on an
 * OpenCL device instead of the CPU backend (the batch is still drawn on the host and uploaded each step, as a
 * data loader's would be); -Dbench.batch=B changes the batch of 32 (the inference batch is twice it).
 */
public final class CremaStepBench {
    /** -Dcremastep.phases=true prints forward / backward / optimizer times of every step to stderr. */
    private static final boolean PHASES = Boolean.getBoolean("cremastep.phases");

    private CremaStepBench() {}

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "crema-s";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        CremaConfig config = switch (name) {
            case "crema-s" -> CremaConfig.small();
            case "paper" -> CremaConfig.paper();
            default -> throw new IllegalArgumentException("unknown config '" + name + "': crema-s or paper");
        };
        Backend device = Backends.byName(System.getProperty("bench.device", "cpu"));
        Backends.setCurrent(device);
        Rng rng = new Rng(0);
        Crema model = new Crema(config, rng);
        AdamW optimizer = new AdamW(ParamGroups.decayAndNoDecay(model, 1e-4, 0.05), 0.9, 0.999, 1e-8);
        int batch = Integer.getInteger("bench.batch", 32);
        int[] shape = {batch, config.leads(), config.samples()};
        Tensor view1 = Tensor.random(Backends.cpu(), rng, Distribution.NORMAL, 0f, 1f, shape);
        Tensor view2 = view1.add(Tensor.random(Backends.cpu(), rng, Distribution.NORMAL, 0f, 1f, shape).mul(0.1f));
        double[] times = new double[steps];
        double[] cpuTimes = new double[steps];
        for (int s = 0; s < warmup + steps; s++) {
            long cpu0 = cpuNanos();
            long bytes0 = PHASES ? allocated() : 0;
            long t0 = System.nanoTime();
            optimizer.zeroGrad();
            Crema.Loss loss = model.loss(view1.to(device), view2.to(device), null, rng);
            long t1 = System.nanoTime();
            loss.total().backward();
            long t2 = System.nanoTime();
            optimizer.step();
            loss.total().item();
            long t3 = System.nanoTime();
            long cpu = cpuNanos() - cpu0;
            if (s >= warmup) {
                times[s - warmup] = (t3 - t0) / 1e6;
                cpuTimes[s - warmup] = cpu / 1e6;
            }
            if (PHASES) {
                System.err.printf(Locale.ROOT, "step %d: forward %.0f ms, backward %.0f ms, AdamW %.0f ms; "
                                + "process CPU %.0f ms, allocated %.0f MB%n", s, (t1 - t0) / 1e6,
                        (t2 - t1) / 1e6, (t3 - t2) / 1e6, cpu / 1e6, (allocated() - bytes0) / 1e6);
            }
        }
        model.eval();
        Tensor x = Tensor.randn(rng, 2 * batch, config.leads(), config.samples());
        double[] infer = new double[steps];
        try (NoGrad ignored = NoGrad.enter()) {
            for (int s = 0; s < warmup + steps; s++) {
                long t0 = System.nanoTime();
                model.encoder().encode(Variable.constant(x), null).value().sum().item();
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (s >= warmup) {
                    infer[s - warmup] = seconds;
                }
                if (PHASES) {
                    System.err.printf(Locale.ROOT, "inference %d: %.0f ms%n", s, seconds * 1e3);
                }
            }
        }
        System.out.printf(Locale.ROOT, "{\"impl\": \"cardiograd\", \"java\": \"%s\", \"config\": \"%s\", "
                        + "\"device\": \"%s\", \"threads\": %d, \"batch\": %d, \"step_ms_median\": %.2f, "
                        + "\"step_cpu_ms_median\": %.2f, \"infer_ecg_per_s\": %.2f}%n",
                System.getProperty("java.version"), name, device, Runtime.getRuntime().availableProcessors() > 0
                        ? Integer.getInteger("cardiograd.threads", Runtime.getRuntime().availableProcessors()) : 0,
                batch, median(times), median(cpuTimes), 2 * batch / median(infer));
    }

    /** CPU time of the whole process (all threads): less disturbed than wall time on a shared machine. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Bytes allocated so far by all live threads (tensors on the caller's, kernel scratch on the pool's). */
    private static long allocated() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
