package org.cardiograd.bench;

import java.util.concurrent.TimeUnit;
import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.Tensor;
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

/**
 * The CPU backend's GEMM on the shapes of {@link GemmShapes}. JMH reports time per call; {@link GemmReport}
 * turns it into GFLOP/s and sets it beside OpenBLAS.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class GemmBench {

    @Param({"256", "512", "1024", "2048", "mlp-fwd", "mlp-dX", "mlp-dW"})
    public String shape;

    @Param({"2"})
    public int threads;

    /** NONE, or GELU_TANH / GELU_ERF with a bias, to see what the fused epilogue costs. */
    @Param({"NONE"})
    public String epilogue;

    private Backend backend;
    private GemmShapes.Shape s;
    private Tensor a;
    private Tensor b;
    private Tensor out;
    private Tensor bias;
    private Epilogue epi;

    @Setup
    public void setup() {
        backend = new CpuBackend(threads);
        s = GemmShapes.byName(shape);
        epi = Epilogue.valueOf(epilogue);
        a = s.transA() ? random(1, s.k(), s.m()) : random(1, s.m(), s.k());
        b = s.transB() ? random(1, s.n(), s.k()) : random(1, s.k(), s.n());
        out = Tensor.zeros(backend, 1, s.m(), s.n());
        bias = epi == Epilogue.NONE ? null : random(s.n());
    }

    private Tensor random(int... shape) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(42);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return Tensor.fromArray(backend, data, shape);
    }

    @Benchmark
    public void gemm() {
        backend.matmul(a, s.transA(), b, s.transB(), out, bias, epi, false);
    }
}
