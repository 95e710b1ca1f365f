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
 * Flash-style attention forward and backward on the shapes the models train with, and, as the in-run baseline,
 * the materialized form softmax(q k^T scale) v built from GEMMs and a row softmax on the same backend.
 * Shapes are "B x H x T x D": CREMA with 11 visible tokens or all 41, the paper-size CREMA (16 heads of 64),
 * CG-DMER with ~100 visible or all 396 tokens.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class AttentionBench {

    @Param({"32x8x11x32", "32x8x41x32", "32x16x41x64", "32x8x100x32", "32x8x396x32"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Tensor q;
    private Tensor k;
    private Tensor v;
    private Tensor dOut;
    private float scale;
    private FusedOps.AttentionResult saved;

    @Setup
    public void setup() {
        String[] parts = shape.split("x");
        int b = Integer.parseInt(parts[0]);
        int h = Integer.parseInt(parts[1]);
        int t = Integer.parseInt(parts[2]);
        int d = Integer.parseInt(parts[3]);
        Backend backend = new CpuBackend(threads);
        Rng rng = new Rng(42);
        q = Tensor.random(backend, rng, Distribution.NORMAL, 0f, 1f, b, h, t, d);
        k = Tensor.random(backend, rng, Distribution.NORMAL, 0f, 1f, b, h, t, d);
        v = Tensor.random(backend, rng, Distribution.NORMAL, 0f, 1f, b, h, t, d);
        dOut = Tensor.random(backend, rng, Distribution.NORMAL, 0f, 1f, b, h, t, d);
        scale = (float) (1.0 / Math.sqrt(d));
        saved = FusedOps.attention(q, k, v, null, null, scale, false);
    }

    @Benchmark
    public FusedOps.AttentionResult flashForward() {
        return FusedOps.attention(q, k, v, null, null, scale, false);
    }

    @Benchmark
    public FusedOps.AttentionGrads flashBackward() {
        return FusedOps.attentionBackward(q, k, v, null, null, scale, false, saved.out(), saved.lse(), dOut);
    }

    /** The baseline: the full [T, T] score matrix per head, through GEMM and softmax. */
    @Benchmark
    public Tensor materializedForward() {
        return q.matmul(k.mT()).mul(scale).softmax(-1).matmul(v);
    }
}
