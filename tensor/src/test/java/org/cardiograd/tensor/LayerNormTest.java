package org.cardiograd.tensor;

import static org.cardiograd.tensor.FusedKernelChecks.assertBitwiseEqual;
import static org.cardiograd.tensor.FusedKernelChecks.assertClose;
import static org.cardiograd.tensor.FusedKernelChecks.assertGradient;
import static org.cardiograd.tensor.FusedKernelChecks.normal;
import static org.cardiograd.tensor.FusedKernelChecks.numericGradient;
import static org.cardiograd.tensor.FusedKernelChecks.weightedSum;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;

import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * Layer norm forward and fused backward of the CPU backend against the reference (with and without gamma and
 * beta), the reference backward against finite differences, and the CPU backward's independence of the thread
 * count (bitwise). Tolerances: out, dx 2e-5 absolute + 1e-4 relative; mean, rstd 1e-5 relative; dGamma/dBeta
 * (sums over up to 1000 rows) 1e-4 absolute + 1e-4 relative; finite differences 2e-3 absolute (step 1e-2).
 */
class LayerNormTest {
    private static final Backend CPU = new CpuBackend(2);
    private static final Backend REF = new ReferenceBackend();
    private static final float EPS = 1e-5f;
    private static final int[][] SHAPES = {{1, 1}, {3, 7}, {5, 17}, {9, 33}, {4, 64}, {3, 768}, {1000, 19}};

    /** Inputs for one shape: x (mean 3, std 2, so the mean matters), gamma, beta, dy. */
    private record Case(int rows, int n, float[] x, float[] gamma, float[] beta, float[] dy) {
        static Case random(SplittableRandom rnd, int rows, int n) {
            return new Case(rows, n, normal(rnd, rows * n, 3, 2), normal(rnd, n, 1, 0.5), normal(rnd, n, 0, 0.5),
                    normal(rnd, rows * n, 0, 1));
        }

        Tensor rows(Backend b, float[] data) {
            return Tensor.fromArray(b, data, rows, n);
        }

        Tensor vector(Backend b, float[] data) {
            return data == null ? null : Tensor.fromArray(b, data, n);
        }

        FusedOps.LayerNormResult forward(Backend b, float[] xs, float[] gammaOrNull, float[] betaOrNull) {
            return FusedOps.layerNorm(rows(b, xs), vector(b, gammaOrNull), vector(b, betaOrNull), EPS);
        }

        FusedOps.LayerNormResult forward(Backend b, boolean withGamma, boolean withBeta) {
            return forward(b, x, withGamma ? gamma : null, withBeta ? beta : null);
        }

        FusedOps.LayerNormGrads backward(Backend b, float[] dOut, boolean withGamma) {
            FusedOps.LayerNormResult fwd = forward(b, withGamma, true);
            return FusedOps.layerNormBackward(rows(b, dOut), rows(b, x), fwd.mean(), fwd.rstd(),
                    withGamma ? vector(b, gamma) : null);
        }
    }

    @Test
    void forwardMatchesReference() {
        SplittableRandom rnd = new SplittableRandom(21);
        for (int[] shape : SHAPES) {
            Case c = Case.random(rnd, shape[0], shape[1]);
            for (int variant = 0; variant < 4; variant++) {
                boolean g = (variant & 1) != 0;
                boolean b = (variant & 2) != 0;
                String what = "layerNorm " + shape[0] + "x" + shape[1] + " gamma=" + g + " beta=" + b;
                FusedOps.LayerNormResult ref = c.forward(REF, g, b);
                FusedOps.LayerNormResult cpu = c.forward(CPU, g, b);
                assertClose(what + " out", ref.out().toArray(), cpu.out().toArray(), 2e-5, 1e-4);
                assertClose(what + " mean", ref.mean().toArray(), cpu.mean().toArray(), 1e-6, 1e-5);
                assertClose(what + " rstd", ref.rstd().toArray(), cpu.rstd().toArray(), 0, 1e-5);
            }
        }
    }

    @Test
    void backwardMatchesReference() {
        SplittableRandom rnd = new SplittableRandom(22);
        for (int[] shape : SHAPES) {
            Case c = Case.random(rnd, shape[0], shape[1]);
            for (boolean g : new boolean[] {false, true}) {
                String what = "layerNormBackward " + shape[0] + "x" + shape[1] + " gamma=" + g;
                FusedOps.LayerNormGrads ref = c.backward(REF, c.dy, g);
                FusedOps.LayerNormGrads cpu = c.backward(CPU, c.dy, g);
                assertClose(what + " dx", ref.dx().toArray(), cpu.dx().toArray(), 2e-5, 1e-4);
                if (g) {
                    assertClose(what + " dGamma", ref.dGamma().toArray(), cpu.dGamma().toArray(), 1e-4, 1e-4);
                    assertClose(what + " dBeta", ref.dBeta().toArray(), cpu.dBeta().toArray(), 1e-4, 1e-4);
                } else {
                    assertNull(cpu.dGamma());
                }
            }
        }
    }

    @Test
    void referenceBackwardMatchesFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(23);
        Case c = Case.random(rnd, 3, 5);
        float[] w = normal(rnd, 15, 0, 1);
        for (boolean g : new boolean[] {false, true}) {
            FusedOps.LayerNormGrads grads = c.backward(REF, w, g);
            float[] gamma = g ? c.gamma : null;
            double[] dx = numericGradient(c.x, 1e-2,
                    xs -> weightedSum(w, c.forward(REF, xs, gamma, c.beta).out().toArray()));
            assertGradient("layerNorm dx, gamma=" + g, dx, grads.dx().toArray(), 2e-3, 1e-3);
            if (g) {
                double[] dGamma = numericGradient(c.gamma, 1e-2,
                        gs -> weightedSum(w, c.forward(REF, c.x, gs, c.beta).out().toArray()));
                double[] dBeta = numericGradient(c.beta, 1e-2,
                        bs -> weightedSum(w, c.forward(REF, c.x, c.gamma, bs).out().toArray()));
                assertGradient("layerNorm dGamma", dGamma, grads.dGamma().toArray(), 2e-3, 1e-3);
                assertGradient("layerNorm dBeta", dBeta, grads.dBeta().toArray(), 2e-3, 1e-3);
            }
        }
    }

    @Test
    void backwardIsBitwiseIndependentOfThreadCount() {
        SplittableRandom rnd = new SplittableRandom(24);
        Backend one = new CpuBackend(1);
        for (int[] shape : new int[][] {{37, 33}, {1000, 96}, {2049, 17}}) {
            Case c = Case.random(rnd, shape[0], shape[1]);
            FusedOps.LayerNormGrads a = c.backward(one, c.dy, true);
            FusedOps.LayerNormGrads b = c.backward(CPU, c.dy, true);
            String what = "layerNormBackward " + shape[0] + "x" + shape[1] + " 1 vs 2 threads";
            assertBitwiseEqual(what + " dx", a.dx().toArray(), b.dx().toArray());
            assertBitwiseEqual(what + " dGamma", a.dGamma().toArray(), b.dGamma().toArray());
            assertBitwiseEqual(what + " dBeta", a.dBeta().toArray(), b.dBeta().toArray());
        }
    }
}
