package org.cardiograd.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.CpuBackend;

/**
 * GEMM GFLOP/s at several thread counts in one JVM, rounds interleaved (1, 2, 1, 2, ...), so that a burst of
 * load from other jobs on a shared machine hits every thread count alike. JMH forks a JVM per parameter and
 * cannot interleave; this complements {@link GemmBench}.
 *
 * <pre>
 *   GemmScaling [--threads 1,2] [--shapes 512,1024,...] [--rounds 7] [--warmup 3] [--seconds 0.5]
 *               [--out file.tsv (appended)]
 * </pre>
 * Prints and appends one line per shape and thread count: shape, threads, best round GFLOP/s, median GFLOP/s.
 * Each round runs the product repeatedly for about {@code --seconds} and averages.
 */
public final class GemmScaling {
    private GemmScaling() {}

    public static void main(String[] args) throws IOException {
        java.util.Map<String, String> opt = GemmReport.options(args, 0);
        int[] threads = Arrays.stream(opt.getOrDefault("threads", "1,2").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        List<GemmShapes.Shape> shapes = opt.containsKey("shapes")
                ? Arrays.stream(opt.get("shapes").split(",")).map(GemmShapes::byName).toList() : GemmShapes.ALL;
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "7"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "3"));
        double seconds = Double.parseDouble(opt.getOrDefault("seconds", "0.5"));
        CpuBackend[] backends = Arrays.stream(threads).mapToObj(CpuBackend::new).toArray(CpuBackend[]::new);
        List<String> lines = new ArrayList<>();
        System.out.println("# cardiograd GEMM, java " + System.getProperty("java.version")
                + "; shape, threads, GFLOP/s best round, GFLOP/s median round");
        for (GemmShapes.Shape s : shapes) {
            double[][] rates = new double[backends.length][rounds];
            Tensor[][] operands = new Tensor[backends.length][];
            for (int t = 0; t < backends.length; t++) {
                operands[t] = operands(backends[t], s);
            }
            for (int r = -warmup; r < rounds; r++) {
                for (int t = 0; t < backends.length; t++) {
                    double rate = round(backends[t], s, operands[t], seconds)[0];
                    if (r >= 0) {
                        rates[t][r] = rate;
                    }
                }
            }
            for (int t = 0; t < backends.length; t++) {
                double[] x = rates[t].clone();
                Arrays.sort(x);
                lines.add(String.format(Locale.ROOT, "%s\t%d\t%.1f\t%.1f", s.name(), threads[t], x[x.length - 1],
                        x[x.length / 2]));
                System.out.println(lines.get(lines.size() - 1));
            }
        }
        if (opt.containsKey("out")) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(opt.get("out")),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
                lines.forEach(w::println);
            }
        }
    }

    /** a, b, out for one shape; transposed operands stored transposed. */
    static Tensor[] operands(CpuBackend be, GemmShapes.Shape s) {
        SplittableRandom rnd = new SplittableRandom(42);
        Tensor a = random(be, rnd, s.transA() ? new int[] {1, s.k(), s.m()} : new int[] {1, s.m(), s.k()});
        Tensor b = random(be, rnd, s.transB() ? new int[] {1, s.n(), s.k()} : new int[] {1, s.k(), s.n()});
        return new Tensor[] {a, b, Tensor.zeros(be, 1, s.m(), s.n())};
    }

    private static Tensor random(CpuBackend be, SplittableRandom rnd, int[] shape) {
        float[] data = new float[shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return Tensor.fromArray(be, data, shape);
    }

    /** GFLOP/s over calls filling about {@code seconds}, and of the fastest of those calls. */
    static double[] round(CpuBackend be, GemmShapes.Shape s, Tensor[] x, double seconds) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long fastest = Long.MAX_VALUE;
        int calls = 0;
        long now = start;
        do {
            long callStart = now;
            be.matmul(x[0], s.transA(), x[1], s.transB(), x[2], null, Epilogue.NONE, false);
            calls++;
            now = System.nanoTime();
            fastest = Math.min(fastest, now - callStart);
        } while (now < deadline);
        return new double[] {s.flops() * calls / ((now - start) * 1e-9) / 1e9, s.flops() / (fastest * 1e-9) / 1e9};
    }
}
