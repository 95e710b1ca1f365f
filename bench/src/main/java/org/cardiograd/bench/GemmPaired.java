package org.cardiograd.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.CpuBackend;

/**
 * GEMM against numpy/OpenBLAS in paired rounds: one process of each side stays alive, and the rounds alternate
 * (cardiograd, OpenBLAS, OpenBLAS, cardiograd, ...), so that each cardiograd round has an OpenBLAS round next to
 * it in time. On a VM whose speed drifts by tens of percent within seconds (other tenants), the ratio of two
 * adjacent rounds is far steadier than the ratio of two processes' best rounds; the median of the per-pair
 * ratios is one figure to quote. The other is the ratio of the fastest single calls over all rounds: a product
 * of a few milliseconds often runs undisturbed even when no whole round does, so it comes closest to what each
 * side does on a quiet machine.
 *
 * <p>A pause separates the rounds: OpenBLAS's idle threads keep spinning for a while after a call, and so do
 * cardiograd's (2 ms), and either would steal the other side's cores.
 *
 * <pre>
 *   GemmPaired --python python3 --script bench/gemm_numpy.py [--threads 2] [--shapes 512,1024,...]
 *              [--rounds 12] [--warmup 3] [--seconds 0.4] [--pause 0.3] [--out file.tsv (appended)]
 * </pre>
 * Prints one line per shape: shape, threads, median pair ratio, fastest-call ratio, cardiograd's and OpenBLAS's
 * fastest call (GFLOP/s), and the lowest and highest pair ratio.
 */
public final class GemmPaired {
    private GemmPaired() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> opt = GemmReport.options(args, 0);
        if (!opt.containsKey("script")) {
            throw new IllegalArgumentException("--script path/to/gemm_numpy.py is required");
        }
        int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
        List<GemmShapes.Shape> shapes = opt.containsKey("shapes")
                ? Arrays.stream(opt.get("shapes").split(",")).map(GemmShapes::byName).toList() : GemmShapes.ALL;
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "12"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "3"));
        double seconds = Double.parseDouble(opt.getOrDefault("seconds", "0.4"));
        long pauseMs = Math.round(Double.parseDouble(opt.getOrDefault("pause", "0.3")) * 1000);

        ProcessBuilder pb = new ProcessBuilder(opt.getOrDefault("python", "python3"), opt.get("script"), "--serve",
                "--threads", Integer.toString(threads));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove("OPENBLAS_L2_SIZE");
        Process numpy = pb.start();
        List<String> lines = new ArrayList<>();
        CpuBackend backend = new CpuBackend(threads);
        try (PrintWriter toNumpy = new PrintWriter(numpy.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader fromNumpy = new BufferedReader(
                     new InputStreamReader(numpy.getInputStream(), StandardCharsets.UTF_8))) {
            System.out.println("# paired rounds, java " + System.getProperty("java.version") + ", " + threads
                    + " threads; shape, threads, median pair ratio, fastest-call ratio, cardiograd and OpenBLAS"
                    + " fastest call GFLOP/s, lowest and highest pair ratio");
            for (GemmShapes.Shape s : shapes) {
                Tensor[] x = GemmScaling.operands(backend, s);
                double[] ratio = new double[rounds];
                double oursFastest = 0;
                double blasFastest = 0;
                for (int r = -warmup; r < rounds; r++) {
                    boolean oursFirst = (r & 1) == 0;
                    double[] o = null;
                    if (oursFirst) {
                        o = GemmScaling.round(backend, s, x, seconds);
                        Thread.sleep(pauseMs);
                    }
                    double[] b = numpyRound(toNumpy, fromNumpy, s, seconds);
                    Thread.sleep(pauseMs);
                    if (!oursFirst) {
                        o = GemmScaling.round(backend, s, x, seconds);
                        Thread.sleep(pauseMs);
                    }
                    if (r >= 0) {
                        ratio[r] = o[0] / b[0];
                        oursFastest = Math.max(oursFastest, o[1]);
                        blasFastest = Math.max(blasFastest, b[1]);
                    }
                }
                Arrays.sort(ratio);
                lines.add(String.format(Locale.ROOT, "%s\t%d\t%.3f\t%.3f\t%.1f\t%.1f\t%.3f\t%.3f", s.name(),
                        threads, median(ratio), oursFastest / blasFastest, oursFastest, blasFastest, ratio[0],
                        ratio[rounds - 1]));
                System.out.println(lines.get(lines.size() - 1));
            }
        } finally {
            numpy.destroy();
        }
        if (opt.containsKey("out")) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(opt.get("out")),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
                lines.forEach(w::println);
            }
        }
    }

    /** The same from the numpy process: it answers "round GFLOP/s, fastest call GFLOP/s". */
    private static double[] numpyRound(PrintWriter to, BufferedReader from, GemmShapes.Shape s, double seconds)
            throws IOException {
        to.println(s.name() + " " + seconds);
        String answer = from.readLine();
        if (answer == null) {
            throw new IOException("the numpy process ended; see its error output above");
        }
        String[] f = answer.trim().split(" ");
        try {
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[f.length - 1])};
        } catch (NumberFormatException e) {
            throw new IOException("numpy answered '" + answer + "' for shape " + s.name(), e);
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
