package org.cardiograd.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.BinaryOp;
import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.ReduceOp;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.UnaryOp;
import org.cardiograd.tensor.cpu.CpuBackend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Memory-bound CPU kernels on N = 16M floats (64 MiB per tensor), outputs preallocated so that only the
 * kernel is timed. Bandwidth is bytes moved / time, counting each tensor read or written once (4 bytes per
 * element): add reads a and b and writes out (12 N bytes); mulBias reads x and writes out (8 N, the 4 KiB bias
 * stays in cache); gelu reads and writes (8 N); sum reads x (4 N). {@link #main} runs the benchmarks and
 * prints GB/s from the JMH scores; with the plain JMH launcher, divide by the times yourself:
 * GB/s = bytes per op / (ms per op * 1e6).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class ElementwiseBench {
    static final int N = 1 << 24;
    /** Width of the bias row in mulBias: x is viewed as [N / BIAS, BIAS]. */
    static final int BIAS = 1024;

    /** Bytes moved per call of each benchmark, for the GB/s figure. */
    static final Map<String, Long> BYTES = Map.of(
            "add", 12L * N,
            "mulBias", 8L * N,
            "gelu", 8L * N,
            "sum", 4L * N);

    @Param({"1", "2"})
    public int threads;

    private Backend backend;
    private Tensor a;
    private Tensor b;
    private Tensor out;
    private Tensor rows;
    private Tensor rowsOut;
    private Tensor bias;
    private Tensor all;
    private Tensor total;

    @Setup
    public void setup() {
        backend = new CpuBackend(threads);
        Rng rng = new Rng(1);
        a = Tensor.random(backend, rng, Distribution.UNIFORM, -3f, 3f, N);
        b = Tensor.random(backend, rng, Distribution.UNIFORM, -3f, 3f, N);
        out = Tensor.zeros(backend, N);
        rows = a.reshape(N / BIAS, BIAS);
        rowsOut = out.reshape(N / BIAS, BIAS);
        bias = Tensor.random(backend, rng, Distribution.UNIFORM, -1f, 1f, BIAS).expand(N / BIAS, BIAS);
        all = a.reshape(1, N, 1);
        total = Tensor.zeros(backend, 1, 1);
    }

    /** out = a + b, all dense. */
    @Benchmark
    public Tensor add() {
        backend.binary(BinaryOp.ADD, a, b, out);
        return out;
    }

    /** out[i, j] = x[i, j] * bias[j]: the bias operand has stride 0 along rows. */
    @Benchmark
    public Tensor mulBias() {
        backend.binary(BinaryOp.MUL, rows, bias, rowsOut);
        return rowsOut;
    }

    /** Exact (erf) GELU. */
    @Benchmark
    public Tensor gelu() {
        backend.unary(UnaryOp.GELU_ERF, a, out);
        return out;
    }

    /** The sum of all N elements (one long row, reduced in fixed blocks). */
    @Benchmark
    public Tensor sum() {
        backend.reduce(ReduceOp.SUM, all, total);
        return total;
    }

    /** Runs the benchmarks and prints GB/s next to the times. */
    public static void main(String[] args) throws RunnerException {
        for (RunResult r : new Runner(new OptionsBuilder().include(ElementwiseBench.class.getSimpleName()).build()).run()) {
            String label = r.getParams().getBenchmark();
            String name = label.substring(label.lastIndexOf('.') + 1);
            double ms = r.getPrimaryResult().getScore();
            System.out.printf("%-8s threads=%s  %8.3f ms  %6.1f GB/s%n", name, r.getParams().getParam("threads"), ms,
                    BYTES.get(name) / (ms * 1e6));
        }
    }
}
