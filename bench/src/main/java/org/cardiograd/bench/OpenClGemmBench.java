package org.cardiograd.bench;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * GEMM on an OpenCL device next to the CPU backend in the same run: GFLOP/s = 2MNK / time per call, each figure
 * the best of five rounds of at least {@code -Dbench.seconds} (default 1) seconds. Launches are asynchronous on
 * some drivers, so a round ends with a one-element read (which waits for the queue).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     org.cardiograd.bench.OpenClGemmBench [opencl[:N]] [M,N,K ...]
 * </pre>
 */
public final class OpenClGemmBench {
    private OpenClGemmBench() {}

    public static void main(String[] args) {
        String device = args.length > 0 ? args[0] : "opencl";
        String[] shapes = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"128,128,128", "256,256,256", "512,512,512", "320,1024,256"};
        Backend cl = Backends.byName(device);
        Backend cpu = Backends.cpu();
        System.out.printf("device %s; cpu backend %s; %s %s%n", cl, cpu, System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        System.out.printf("%-16s %12s %12s %10s%n", "M,N,K", cl.name() + " GF/s", "cpu GF/s", "ratio");
        for (String s : shapes) {
            String[] p = s.split(",");
            int m = Integer.parseInt(p[0].trim());
            int n = Integer.parseInt(p[1].trim());
            int k = Integer.parseInt(p[2].trim());
            double gpu = gflops(cl, m, n, k);
            double host = gflops(cpu, m, n, k);
            System.out.printf("%-16s %12.2f %12.2f %10.3f%n", s, gpu, host, gpu / host);
        }
    }

    private static double gflops(Backend backend, int m, int n, int k) {
        Rng rng = new Rng(1);
        Tensor a = Tensor.uniform(rng, -1, 1, 1, m, k).to(backend);
        Tensor b = Tensor.uniform(rng, -1, 1, 1, k, n).to(backend);
        Tensor out = Tensor.zeros(backend, 1, m, n);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "1"));
        for (int i = 0; i < 3; i++) {
            backend.matmul(a, false, b, false, out, null, Epilogue.NONE, false);
        }
        out.get(0, 0, 0);
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            int calls = 0;
            long elapsed;
            do {
                backend.matmul(a, false, b, false, out, null, Epilogue.NONE, false);
                calls++;
                if ((calls & 3) == 0 || calls < 4) {
                    out.get(0, 0, 0);
                }
                elapsed = System.nanoTime() - start;
            } while (elapsed < seconds * 1e9);
            out.get(0, 0, 0);
            elapsed = System.nanoTime() - start;
            best = Math.min(best, elapsed / 1e9 / calls);
        }
        return 2.0 * m * n * k / best / 1e9;
    }
}
