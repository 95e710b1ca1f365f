package org.cardiograd.tensor.opencl;

import static org.cardiograd.tensor.opencl.OpenClChecks.CPU;
import static org.cardiograd.tensor.opencl.OpenClChecks.pair;
import static org.cardiograd.tensor.opencl.OpenClChecks.uniform;
import static org.cardiograd.tensor.opencl.OpenClChecks.zeros;

import java.util.SplittableRandom;

import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.opencl.OpenClChecks.Pair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GEMM, softmax, layer norm, attention and AdamW on OpenCL against the CPU backend, on awkward sizes. */
class OpenClFusedTest {
    private static OpenClBackend cl;

    @BeforeAll
    static void device() {
        cl = OpenClTestDevice.backend();
    }

    @Test
    void gemmWithTransposeFlagsBiasEpiloguesAndAccumulate() {
        SplittableRandom rnd = new SplittableRandom(11);
        int[][] sizes = {{1, 1, 1, 1}, {2, 17, 33, 5}, {3, 16, 16, 16}, {1, 31, 7, 40}, {2, 5, 65, 18}, {1, 70, 9, 20}};
        for (int[] s : sizes) {
            int batch = s[0], m = s[1], n = s[2], k = s[3];
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) != 0;
                boolean tb = (flags & 2) != 0;
                // operands narrowed from wider rows: row stride != logical width
                Pair a = uniform(cl, rnd, -1, 1, batch, ta ? k : m, (ta ? m : k) + 3)
                        .view(t -> t.narrow(2, 1, ta ? m : k));
                Pair b = uniform(cl, rnd, -1, 1, batch, tb ? n : k, (tb ? k : n) + 2)
                        .view(t -> t.narrow(2, 0, tb ? k : n));
                Pair bias = uniform(cl, rnd, -1, 1, n);
                String what = java.util.Arrays.toString(s) + " transA=" + ta + " transB=" + tb;
                for (Epilogue e : Epilogue.values()) {
                    Pair out = zeros(cl, batch, m, n);
                    CPU.matmul(a.cpu, ta, b.cpu, tb, out.cpu, bias.cpu, e, false);
                    cl.matmul(a.cl, ta, b.cl, tb, out.cl, bias.cl, e, false);
                    out.assertClose("gemm " + what + " " + e, 1e-5, 1e-4);
                }
                Pair acc = uniform(cl, rnd, -1, 1, batch, m, n);
                CPU.matmul(a.cpu, ta, b.cpu, tb, acc.cpu, null, Epilogue.NONE, true);
                cl.matmul(a.cl, ta, b.cl, tb, acc.cl, null, Epilogue.NONE, true);
                acc.assertClose("gemm accumulate " + what, 1e-5, 1e-4);
            }
        }
        // batch stride 0: one weight matrix for every batch entry
        Pair x = uniform(cl, rnd, -1, 1, 3, 9, 6);
        Pair w = uniform(cl, rnd, -1, 1, 1, 6, 4).view(t -> t.expand(3, 6, 4));
        Pair out = zeros(cl, 3, 9, 4);
        CPU.matmul(x.cpu, false, w.cpu, false, out.cpu, null, Epilogue.NONE, false);
        cl.matmul(x.cl, false, w.cl, false, out.cl, null, Epilogue.NONE, false);
        out.assertClose("gemm broadcast weight", 1e-5, 1e-4);
    }

    @Test
    void softmaxAndLogSoftmaxWithBackward() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int n : new int[] {1, 7, 64, 129}) {
            Pair x = uniform(cl, rnd, -8, 8, 5, n);
            Pair dy = uniform(cl, rnd, -1, 1, 5, n);
            for (boolean log : new boolean[] {false, true}) {
                Pair y = zeros(cl, 5, n);
                CPU.softmax(x.cpu, y.cpu, log);
                cl.softmax(x.cl, y.cl, log);
                y.assertClose("softmax n=" + n + " log=" + log, 1e-6, 1e-5);
                Pair dx = zeros(cl, 5, n);
                CPU.softmaxBackward(y.cpu, dy.cpu, dx.cpu, log);
                cl.softmaxBackward(y.cl, dy.cl, dx.cl, log);
                dx.assertClose("softmax backward n=" + n + " log=" + log, 1e-6, 1e-4);
            }
        }
    }

    @Test
    void layerNormForwardAndBackward() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int n : new int[] {1, 5, 48, 130}) {
            Pair x = uniform(cl, rnd, -3, 5, 7, n);
            Pair gamma = uniform(cl, rnd, 0.5, 1.5, n);
            Pair beta = uniform(cl, rnd, -1, 1, n);
            Pair dy = uniform(cl, rnd, -1, 1, 7, n);
            for (boolean affine : new boolean[] {false, true}) {
                Tensor gc = affine ? gamma.cpu : null;
                Tensor gl = affine ? gamma.cl : null;
                Pair out = zeros(cl, 7, n);
                Pair mean = zeros(cl, 7);
                Pair rstd = zeros(cl, 7);
                CPU.layerNorm(x.cpu, gc, affine ? beta.cpu : null, 1e-5f, out.cpu, mean.cpu, rstd.cpu);
                cl.layerNorm(x.cl, gl, affine ? beta.cl : null, 1e-5f, out.cl, mean.cl, rstd.cl);
                String what = "n=" + n + " affine=" + affine;
                out.assertClose("layerNorm " + what, 1e-4, 1e-4);
                mean.assertClose("layerNorm mean " + what, 1e-5, 1e-5);
                rstd.assertClose("layerNorm rstd " + what, 1e-5, 1e-4);
                Pair dx = zeros(cl, 7, n);
                Pair dGamma = zeros(cl, n);
                Pair dBeta = zeros(cl, n);
                CPU.layerNormBackward(dy.cpu, x.cpu, mean.cpu, rstd.cpu, gc, dx.cpu, dGamma.cpu, dBeta.cpu);
                cl.layerNormBackward(dy.cl, x.cl, mean.cl, rstd.cl, gl, dx.cl, dGamma.cl, dBeta.cl);
                dx.assertClose("layerNorm dx " + what, 1e-4, 1e-3);
                if (affine) {
                    dGamma.assertClose("layerNorm dGamma " + what, 1e-4, 1e-4);
                    dBeta.assertClose("layerNorm dBeta " + what, 1e-5, 1e-5);
                }
            }
        }
    }

    @Test
    void attentionForwardAndBackwardWithMaskBiasAndCausal() {
        SplittableRandom rnd = new SplittableRandom(14);
        int batch = 2, heads = 2, tq = 5, tk = 7, d = 6;
        Pair q = uniform(cl, rnd, -1, 1, batch * heads, tq, d);
        Pair k = uniform(cl, rnd, -1, 1, batch * heads, tk, d);
        Pair v = uniform(cl, rnd, -1, 1, batch * heads, tk, d);
        Pair dOut = uniform(cl, rnd, -1, 1, batch * heads, tq, d);
        // batch 1 masks every key: its rows must give out 0 and lse -inf
        Pair mask = pair(cl, new float[] {1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}, batch, tk);
        Pair bias = uniform(cl, rnd, -0.5, 0.5, tq, tk);
        for (int variant = 0; variant < 4; variant++) {
            boolean causal = (variant & 1) != 0;
            Tensor mc = (variant & 2) != 0 ? mask.cpu : null;
            Tensor ml = (variant & 2) != 0 ? mask.cl : null;
            Tensor bc = variant == 1 ? null : bias.cpu;
            Tensor bl = variant == 1 ? null : bias.cl;
            Pair out = zeros(cl, batch * heads, tq, d);
            Pair lse = zeros(cl, batch * heads, tq);
            CPU.attention(q.cpu, k.cpu, v.cpu, mc, bc, heads, 0.4f, causal, out.cpu, lse.cpu);
            cl.attention(q.cl, k.cl, v.cl, ml, bl, heads, 0.4f, causal, out.cl, lse.cl);
            String what = "variant " + variant;
            out.assertClose("attention out " + what, 1e-5, 1e-4);
            lse.assertClose("attention lse " + what, 1e-5, 1e-5);
            Pair dq = zeros(cl, batch * heads, tq, d);
            Pair dk = zeros(cl, batch * heads, tk, d);
            Pair dv = zeros(cl, batch * heads, tk, d);
            CPU.attentionBackward(q.cpu, k.cpu, v.cpu, mc, bc, heads, 0.4f, causal, out.cpu, lse.cpu, dOut.cpu,
                    dq.cpu, dk.cpu, dv.cpu);
            cl.attentionBackward(q.cl, k.cl, v.cl, ml, bl, heads, 0.4f, causal, out.cl, lse.cl, dOut.cl,
                    dq.cl, dk.cl, dv.cl);
            dq.assertClose("attention dq " + what, 1e-5, 1e-4);
            dk.assertClose("attention dk " + what, 1e-5, 1e-4);
            dv.assertClose("attention dv " + what, 1e-5, 1e-4);
        }
    }

    @Test
    void adamwSteps() {
        SplittableRandom rnd = new SplittableRandom(15);
        Pair p = uniform(cl, rnd, -1, 1, 37, 3);
        Pair m = zeros(cl, 37, 3);
        Pair v = zeros(cl, 37, 3);
        for (int step = 1; step <= 3; step++) {
            Pair g = uniform(cl, rnd, -1, 1, 37, 3);
            CPU.adamw(p.cpu, g.cpu, m.cpu, v.cpu, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.05f, step);
            cl.adamw(p.cl, g.cl, m.cl, v.cl, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.05f, step);
        }
        p.assertClose("adamw param", 1e-6, 1e-5);
        m.assertClose("adamw m", 1e-7, 1e-5);
        v.assertClose("adamw v", 1e-8, 1e-5);
    }
}
