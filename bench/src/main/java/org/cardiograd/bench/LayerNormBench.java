package org.cardiograd.bench;

import java.util.concurrent.TimeUnit;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.FusedOps;
import org.cardiograd.tensor.Rng;
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
 * Layer norm forward and fused backward (dx, dGamma, dBeta) over "rows x width" activations of the models:
 * CREMA's 32 x 41 tokens at widths 256 and 1024 (paper size), CG-DMER's 32 x 396 tokens at width 256.
 * A row softmax of the same size runs alongside as a memory-bound yardstick.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class LayerNormBench {

    @Param({"1312x256", "1312x1024", "12672x256"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Tensor x;
    private Tensor gamma;
    private Tensor beta;
    private Tensor dy;
    private FusedOps.LayerNormResult saved;

    @Setup
    public void setup() {
        String[] parts = shape.split("x");
        int rows = Integer.parseInt(parts[0]);
        int n = Integer.parseInt(parts[1]);
        Backend backend = new CpuBackend(threads);
        Rng rng = new Rng(7);
        x = Tensor.random(backend, rng, Distribution.NORMAL, 0f, 1f, rows, n);
        gamma = Tensor.random(backend, rng, Distribution.NORMAL, 1f, 0.1f, n);
        beta = Tensor.random(backend, rng, Distribution.NORMAL, 0f, 0.1f, n);
        dy = Tensor.random(backend, rng, Distribution.NORMAL, 0f, 1f, rows, n);
        saved = FusedOps.layerNorm(x, gamma, beta, 1e-5f);
    }

    @Benchmark
    public FusedOps.LayerNormResult forward() {
        return FusedOps.layerNorm(x, gamma, beta, 1e-5f);
    }

    @Benchmark
    public FusedOps.LayerNormGrads backward() {
        return FusedOps.layerNormBackward(dy, x, saved.mean(), saved.rstd(), gamma);
    }

    @Benchmark
    public Tensor softmax() {
        return x.softmax(-1);
    }
}
