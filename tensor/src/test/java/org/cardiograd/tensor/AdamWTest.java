package org.cardiograd.tensor;

import static org.cardiograd.tensor.FusedKernelChecks.assertClose;
import static org.cardiograd.tensor.FusedKernelChecks.normal;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The fused AdamW step of both backends against an independent double-precision transcription of PyTorch's
 * AdamW, over several steps, and the first step against its closed form. Tolerances: parameters 1e-6 absolute
 * + 1e-5 relative after 5 steps; m 1e-7 absolute (it sums gradients of both signs) + 1e-5 relative, v 1e-5 relative.
 */
class AdamWTest {
    private static final Backend CPU = new CpuBackend(2);
    private static final Backend REF = new ReferenceBackend();
    private static final float LR = 1e-3f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.95f;
    private static final float EPS = 1e-8f;
    private static final float WD = 0.05f;

    /** Parameters and moments held in double, stepped by the definition. */
    private static final class DoubleAdamW {
        final double[] p;
        final double[] m;
        final double[] v;

        DoubleAdamW(float[] init) {
            p = new double[init.length];
            for (int i = 0; i < init.length; i++) {
                p[i] = init[i];
            }
            m = new double[init.length];
            v = new double[init.length];
        }

        void step(float[] g, long t) {
            double bc1 = 1 - Math.pow(BETA1, t);
            double bc2 = 1 - Math.pow(BETA2, t);
            for (int i = 0; i < p.length; i++) {
                p[i] -= (double) LR * WD * p[i];                         // decoupled weight decay
                m[i] = BETA1 * m[i] + (1 - (double) BETA1) * g[i];
                v[i] = BETA2 * v[i] + (1 - (double) BETA2) * g[i] * g[i];
                p[i] -= LR * (m[i] / bc1) / (Math.sqrt(v[i] / bc2) + EPS);
            }
        }
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    @Test
    void severalStepsMatchDoublePrecisionDefinition() {
        for (int n : new int[] {1, 3, 17, 33, 1000, 100_003}) {
            SplittableRandom rnd = new SplittableRandom(50 + n);
            float[] init = normal(rnd, n, 0, 1);
            for (Backend b : new Backend[] {CPU, REF}) {
                DoubleAdamW expected = new DoubleAdamW(init);
                Tensor p = Tensor.fromArray(b, init, n);
                Tensor m = Tensor.zeros(b, n);
                Tensor v = Tensor.zeros(b, n);
                SplittableRandom grads = new SplittableRandom(7);
                for (long t = 1; t <= 5; t++) {
                    float[] g = normal(grads, n, 0, t == 3 ? 1e-3 : 1.0); // step 3: tiny gradients
                    FusedOps.adamw(p, Tensor.fromArray(b, g, n), m, v, LR, BETA1, BETA2, EPS, WD, t);
                    expected.step(g, t);
                }
                String what = "adamw " + b.name() + " n=" + n;
                assertClose(what + " param", toFloat(expected.p), p.toArray(), 1e-6, 1e-5);
                assertClose(what + " m", toFloat(expected.m), m.toArray(), 1e-7, 1e-5);
                assertClose(what + " v", toFloat(expected.v), v.toArray(), 1e-12, 1e-5);
            }
        }
    }

    /**
     * From zero moments, step 1 has m/(1-b1) = g and v/(1-b2) = g^2, so
     * p1 = p0 - lr (g / (|g| + eps) + wd p0): a step of size lr against the gradient's sign, plus the decay.
     */
    @Test
    void firstStepHasClosedForm() {
        float[] p0 = {0.5f, -2f, 0f, 3f, 1e-3f};
        float[] g = {0.25f, -4f, 1e-6f, 0f, -1e-9f};
        float[] expected = new float[p0.length];
        for (int i = 0; i < p0.length; i++) {
            expected[i] = (float) (p0[i] - LR * ((double) g[i] / (Math.abs((double) g[i]) + EPS) + WD * p0[i]));
        }
        for (Backend b : new Backend[] {CPU, REF}) {
            Tensor p = Tensor.fromArray(b, p0, p0.length);
            FusedOps.adamw(p, Tensor.fromArray(b, g, g.length), Tensor.zeros(b, p0.length), Tensor.zeros(b, p0.length),
                    LR, BETA1, BETA2, EPS, WD, 1);
            assertClose("adamw step 1 " + b.name(), expected, p.toArray(), 1e-7, 1e-6);
        }
    }

    @Test
    void rejectsStepZero() {
        Tensor p = Tensor.zeros(CPU, 4);
        Executable call = () -> FusedOps.adamw(p, Tensor.zeros(CPU, 4), Tensor.zeros(CPU, 4), Tensor.zeros(CPU, 4),
                LR, BETA1, BETA2, EPS, WD, 0);
        assertThrows(IllegalArgumentException.class, call);
    }
}
