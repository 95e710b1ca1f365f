package org.cardiograd.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link GemmBench} through JMH and reports GFLOP/s, or formats a comparison table.
 *
 * <pre>
 *   run   [--threads 2] [--warmup 3] [--iterations 5] [--shapes 512,1024,...] [--out file.tsv (appended)]
 *   table cardiograd.tsv openblas.tsv     (tab-separated: shape, GFLOP/s best iteration, GFLOP/s mean)
 * </pre>
 * "best" is the fastest measurement iteration (each one averages many calls over a second): on a shared
 * machine the other jobs only ever slow a run down, so the best iteration is the least disturbed one.
 */
public final class GemmReport {
    private GemmReport() {}

    public static void main(String[] args) throws RunnerException, IOException {
        if (args.length > 0 && args[0].equals("table")) {
            if (args.length != 3) {
                throw new IllegalArgumentException("usage: table cardiograd.tsv openblas.tsv");
            }
            table(read(Path.of(args[1])), read(Path.of(args[2])));
            return;
        }
        Map<String, String> opt = options(args, args.length > 0 && args[0].equals("run") ? 1 : 0);
        int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
        List<String> shapes = opt.containsKey("shapes") ? List.of(opt.get("shapes").split(","))
                : GemmShapes.ALL.stream().map(GemmShapes.Shape::name).toList();
        Options jmh = new OptionsBuilder()
                .include(GemmBench.class.getName() + ".gemm")
                .param("shape", shapes.toArray(new String[0]))
                .param("threads", Integer.toString(threads))
                .warmupIterations(Integer.parseInt(opt.getOrDefault("warmup", "3")))
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(Integer.parseInt(opt.getOrDefault("iterations", "5")))
                .measurementTime(TimeValue.seconds(1))
                .forks(1)
                .build();
        List<String> lines = new ArrayList<>();
        for (RunResult r : new Runner(jmh).run()) {
            GemmShapes.Shape s = GemmShapes.byName(r.getParams().getParam("shape"));
            double bestMs = Double.MAX_VALUE;
            for (IterationResult it : r.getBenchmarkResults().iterator().next().getIterationResults()) {
                bestMs = Math.min(bestMs, it.getPrimaryResult().getScore());
            }
            double meanMs = r.getPrimaryResult().getScore();
            lines.add(String.format(Locale.ROOT, "%s\t%.1f\t%.1f", s.name(), gflops(s, bestMs), gflops(s, meanMs)));
        }
        System.out.println("# cardiograd GEMM, " + threads + " threads, java " + System.getProperty("java.version"));
        System.out.println("# shape\tGFLOP/s (best iteration)\tGFLOP/s (mean)");
        lines.forEach(System.out::println);
        if (opt.containsKey("out")) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(opt.get("out")),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
                lines.forEach(w::println);
            }
        }
    }

    private static double gflops(GemmShapes.Shape s, double ms) {
        return s.flops() / (ms * 1e-3) / 1e9;
    }

    /** "--name value" pairs from args[from..], in order; the option parser of the GEMM benchmark mains. */
    static Map<String, String> options(String[] args, int from) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = from; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        return opt;
    }

    /**
     * shape -> {best, mean} GFLOP/s from a tab-separated file; lines starting with # are comments. A shape listed
     * more than once (repeated runs) keeps its best line.
     */
    private static Map<String, double[]> read(Path file) throws IOException {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\t");
            double[] v = {Double.parseDouble(f[1]), Double.parseDouble(f[f.length > 2 ? 2 : 1])};
            m.merge(f[0], v, (x, y) -> x[0] >= y[0] ? x : y);  // repeated runs: keep the best
        }
        return m;
    }

    private static void table(Map<String, double[]> ours, Map<String, double[]> blas) {
        System.out.println("| shape | M x N x K | cardiograd GFLOP/s | OpenBLAS GFLOP/s | ratio |");
        System.out.println("|---|---|---:|---:|---:|");
        for (GemmShapes.Shape s : GemmShapes.ALL) {
            double[] o = ours.get(s.name());
            double[] b = blas.get(s.name());
            if (o == null || b == null) {
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.2f |%n", s.name(), s.dims(), o[0], b[0],
                    o[0] / b[0]);
        }
    }
}
