package org.cardiograd.experiments;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.cpu.CpuBackend;

/** Checks the machine: backend, SIMD width, and a GEMM against the scalar reference with its speed. */
final class SelfCheckCommand implements Command {
    @Override
    public String name() {
        return "selfcheck";
    }

    @Override
    public String summary() {
        return "print the backend and SIMD width, check GEMM against the scalar reference, measure its speed";
    }

    @Override
    public int run(String[] args) {
        if (args.length > 0) {
            System.out.println("usage: ./cardiograd selfcheck\n\n" + summary());
            return args[0].equals("--help") ? 0 : 2;
        }
        CpuBackend cpu = (CpuBackend) Backends.cpu();
        System.out.printf("backend: %s, %d-bit SIMD, %d threads%n", cpu.name(), CpuBackend.simdWidth() * 32,
                cpu.threads());
        Rng rng = new Rng(42);
        Backend ref = Backends.reference();
        int m = 193, k = 257, n = 129;
        Tensor a = Tensor.randn(rng, m, k);
        Tensor b = Tensor.randn(rng, k, n);
        float[] x = a.matmul(b).toArray();
        float[] y = a.to(ref).matmul(b.to(ref)).toArray();
        double maxErr = 0;
        for (int i = 0; i < x.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(x[i] - y[i]) / (1 + Math.abs(y[i])));
        }
        boolean ok = maxErr < 1e-4;
        System.out.printf("GEMM self-check %dx%dx%d against the scalar reference: max relative error %.2e %s%n",
                m, k, n, maxErr, ok ? "OK" : "FAILED");
        int size = 1024;
        Tensor p = Tensor.randn(rng, size, size);
        Tensor q = Tensor.randn(rng, size, size);
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 10; rep++) {
            long t0 = System.nanoTime();
            p.matmul(q);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("GEMM %d^3: %.1f GFLOP/s (best of 10; bench/RESULTS.md has the JMH numbers)%n", size,
                2.0 * size * size * size / best / 1e9);
        return ok ? 0 : 1;
    }
}
