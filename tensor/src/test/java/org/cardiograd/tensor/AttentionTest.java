package org.cardiograd.tensor;

import static org.cardiograd.tensor.FusedKernelChecks.assertBitwiseEqual;
import static org.cardiograd.tensor.FusedKernelChecks.assertClose;
import static org.cardiograd.tensor.FusedKernelChecks.assertGradient;
import static org.cardiograd.tensor.FusedKernelChecks.maxAbs;
import static org.cardiograd.tensor.FusedKernelChecks.normal;
import static org.cardiograd.tensor.FusedKernelChecks.numericGradient;
import static org.cardiograd.tensor.FusedKernelChecks.weightedSum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * Flash-style attention of the CPU backend against the naive reference (which builds the score rows), the
 * reference's backward against finite differences of its forward, and the CPU kernels' independence of the
 * thread count. Shapes cover head dims 1 to 64, Tq != Tk, T = 1, several key blocks, key masks (including a
 * batch with every key padded), additive bias (including a row of -inf) and causal masking.
 * Tolerances: out 2e-5 absolute + 1e-4 relative; lse 2e-5 + 1e-5 relative; gradients 1e-4 max|grad| absolute
 * + 1e-3 relative (float32 sums over up to 100 keys); finite differences 2e-3 absolute (step 1e-2).
 */
class AttentionTest {
    private static final Backend CPU = new CpuBackend(2);
    private static final Backend REF = new ReferenceBackend();

    enum Mask { NONE, RANDOM, ONE_BATCH_EMPTY }

    enum Bias { NONE, RANDOM, ONE_ROW_NEG_INF }

    /** One attention problem: sizes, masking, and its random inputs. */
    record Case(int b, int h, int tq, int tk, int d, Mask mask, Bias bias, boolean causal, float[] q, float[] k,
                float[] v, float[] keyMask, float[] biasData, float[] dOut) {

        static Case of(long seed, int b, int h, int tq, int tk, int d, Mask mask, Bias bias, boolean causal) {
            return of(seed, b, h, tq, tk, d, mask, bias, causal, 1.0);
        }

        /** qStd scales the queries: large values make sharply peaked distributions. */
        static Case of(long seed, int b, int h, int tq, int tk, int d, Mask mask, Bias bias, boolean causal,
                       double qStd) {
            SplittableRandom rnd = new SplittableRandom(seed);
            float[] keyMask = null;
            if (mask != Mask.NONE) {
                keyMask = new float[b * tk];
                for (int i = 0; i < keyMask.length; i++) {
                    keyMask[i] = rnd.nextDouble() < 0.3 ? 0f : 1f;
                }
                if (mask == Mask.ONE_BATCH_EMPTY) {
                    Arrays.fill(keyMask, 0, tk, 0f);
                }
            }
            float[] biasData = bias == Bias.NONE ? null : normal(rnd, tq * tk, 0, 1);
            if (bias == Bias.ONE_ROW_NEG_INF) {
                Arrays.fill(biasData, 0, tk, Float.NEGATIVE_INFINITY);
            }
            return new Case(b, h, tq, tk, d, mask, bias, causal, normal(rnd, b * h * tq * d, 0, qStd),
                    normal(rnd, b * h * tk * d, 0, 1), normal(rnd, b * h * tk * d, 0, 1), keyMask, biasData,
                    normal(rnd, b * h * tq * d, 0, 1));
        }

        float scale() {
            return (float) (1.0 / Math.sqrt(d));
        }

        FusedOps.AttentionResult forward(Backend be, float[] qs, float[] ks, float[] vs) {
            return FusedOps.attention(Tensor.fromArray(be, qs, b, h, tq, d), Tensor.fromArray(be, ks, b, h, tk, d),
                    Tensor.fromArray(be, vs, b, h, tk, d),
                    keyMask == null ? null : Tensor.fromArray(be, keyMask, b, tk),
                    biasData == null ? null : Tensor.fromArray(be, biasData, tq, tk), scale(), causal);
        }

        FusedOps.AttentionResult forward(Backend be) {
            return forward(be, q, k, v);
        }

        /** The gradients for upstream gradient dy, from this backend's own forward. */
        FusedOps.AttentionGrads backward(Backend be, float[] dy) {
            FusedOps.AttentionResult fwd = forward(be);
            return FusedOps.attentionBackward(Tensor.fromArray(be, q, b, h, tq, d),
                    Tensor.fromArray(be, k, b, h, tk, d), Tensor.fromArray(be, v, b, h, tk, d),
                    keyMask == null ? null : Tensor.fromArray(be, keyMask, b, tk),
                    biasData == null ? null : Tensor.fromArray(be, biasData, tq, tk), scale(), causal, fwd.out(),
                    fwd.lse(), Tensor.fromArray(be, dy, b, h, tq, d));
        }

        @Override
        public String toString() {
            return "attention B=" + b + " H=" + h + " Tq=" + tq + " Tk=" + tk + " D=" + d + " mask=" + mask
                    + " bias=" + bias + " causal=" + causal;
        }
    }

    private static List<Case> cases() {
        return List.of(
                Case.of(1, 1, 1, 1, 1, 1, Mask.NONE, Bias.NONE, false),
                Case.of(2, 2, 3, 5, 7, 3, Mask.RANDOM, Bias.NONE, false),
                Case.of(3, 1, 2, 17, 17, 17, Mask.NONE, Bias.RANDOM, true),
                Case.of(4, 2, 2, 11, 11, 32, Mask.RANDOM, Bias.NONE, false),
                Case.of(5, 2, 2, 41, 41, 64, Mask.RANDOM, Bias.RANDOM, false),
                Case.of(6, 1, 2, 33, 20, 33, Mask.NONE, Bias.NONE, true),
                Case.of(7, 1, 2, 20, 45, 33, Mask.RANDOM, Bias.RANDOM, true),
                Case.of(8, 2, 1, 100, 100, 32, Mask.RANDOM, Bias.NONE, false),
                Case.of(9, 3, 2, 9, 13, 1, Mask.ONE_BATCH_EMPTY, Bias.ONE_ROW_NEG_INF, false),
                Case.of(10, 2, 2, 7, 7, 7, Mask.ONE_BATCH_EMPTY, Bias.NONE, true),
                Case.of(11, 1, 3, 1, 9, 5, Mask.RANDOM, Bias.RANDOM, true),
                Case.of(12, 2, 2, 19, 23, 16, Mask.RANDOM, Bias.RANDOM, false, 12.0));
    }

    @Test
    void forwardMatchesReference() {
        for (Case c : cases()) {
            FusedOps.AttentionResult ref = c.forward(REF);
            FusedOps.AttentionResult cpu = c.forward(CPU);
            assertClose(c + " out", ref.out().toArray(), cpu.out().toArray(), 2e-5, 1e-4);
            assertClose(c + " lse", ref.lse().toArray(), cpu.lse().toArray(), 2e-5, 1e-5);
        }
    }

    @Test
    void backwardMatchesReference() {
        for (Case c : cases()) {
            FusedOps.AttentionGrads ref = c.backward(REF, c.dOut);
            FusedOps.AttentionGrads cpu = c.backward(CPU, c.dOut);
            assertGradsClose(c.toString(), ref, cpu);
        }
    }

    private static void assertGradsClose(String what, FusedOps.AttentionGrads ref, FusedOps.AttentionGrads cpu) {
        float[][] expected = {ref.dq().toArray(), ref.dk().toArray(), ref.dv().toArray()};
        float[][] actual = {cpu.dq().toArray(), cpu.dk().toArray(), cpu.dv().toArray()};
        String[] names = {"dq", "dk", "dv"};
        for (int i = 0; i < 3; i++) {
            assertClose(what + " " + names[i], expected[i], actual[i], 1e-4 * Math.max(1, maxAbs(expected[i])), 1e-3);
        }
    }

    @Test
    void referenceBackwardMatchesFiniteDifferences() {
        List<Case> tiny = List.of(
                Case.of(21, 1, 2, 3, 4, 3, Mask.NONE, Bias.NONE, false),
                Case.of(22, 2, 1, 3, 4, 3, Mask.RANDOM, Bias.RANDOM, false),
                Case.of(23, 1, 2, 4, 3, 2, Mask.NONE, Bias.RANDOM, true),
                Case.of(24, 2, 1, 3, 3, 2, Mask.ONE_BATCH_EMPTY, Bias.ONE_ROW_NEG_INF, true));
        for (Case c : tiny) {
            FusedOps.AttentionGrads grads = c.backward(REF, c.dOut);
            double[] dq = numericGradient(c.q, 1e-2,
                    qs -> weightedSum(c.dOut, c.forward(REF, qs, c.k, c.v).out().toArray()));
            double[] dk = numericGradient(c.k, 1e-2,
                    ks -> weightedSum(c.dOut, c.forward(REF, c.q, ks, c.v).out().toArray()));
            double[] dv = numericGradient(c.v, 1e-2,
                    vs -> weightedSum(c.dOut, c.forward(REF, c.q, c.k, vs).out().toArray()));
            assertGradient(c + " dq", dq, grads.dq().toArray(), 2e-3, 1e-3);
            assertGradient(c + " dk", dk, grads.dk().toArray(), 2e-3, 1e-3);
            assertGradient(c + " dv", dv, grads.dv().toArray(), 2e-3, 1e-3);
        }
    }

    @Test
    void fullyMaskedRowsGiveZeroOutputNegInfLseAndZeroGrads() {
        // batch 0: every key padded; query row 0 of every head: bias -inf everywhere
        Case c = Case.of(31, 2, 2, 5, 6, 7, Mask.ONE_BATCH_EMPTY, Bias.ONE_ROW_NEG_INF, false);
        FusedOps.AttentionResult fwd = c.forward(CPU);
        FusedOps.AttentionGrads grads = c.backward(CPU, c.dOut);
        float[] out = fwd.out().toArray();
        float[] lse = fwd.lse().toArray();
        float[] dq = grads.dq().toArray();
        int rowsPerBatch = c.h * c.tq;
        for (int row = 0; row < c.b * rowsPerBatch; row++) {
            boolean masked = row < rowsPerBatch || row % c.tq == 0;
            for (int e = 0; e < c.d; e++) {
                float o = out[row * c.d + e];
                assertFalse(Float.isNaN(o) || Float.isNaN(dq[row * c.d + e]), "NaN in row " + row);
                if (masked) {
                    assertEquals(0f, o, "out of masked row " + row);
                    assertEquals(0f, dq[row * c.d + e], "dq of masked row " + row);
                }
            }
            assertEquals(masked, lse[row] == Float.NEGATIVE_INFINITY, "lse of row " + row);
        }
        float[] dk = grads.dk().toArray();
        float[] dv = grads.dv().toArray();
        for (int i = 0; i < dk.length; i++) {
            assertFalse(Float.isNaN(dk[i]) || Float.isNaN(dv[i]), "NaN in dk/dv");
            if (i < c.h * c.tk * c.d) {
                assertEquals(0f, dk[i], "dk of padded batch");
                assertEquals(0f, dv[i], "dv of padded batch");
            }
        }
    }

    @Test
    void resultsAreBitwiseIndependentOfThreadCount() {
        Backend one = new CpuBackend(1);
        for (Case c : List.of(Case.of(41, 3, 2, 41, 41, 32, Mask.RANDOM, Bias.RANDOM, true),
                Case.of(42, 2, 2, 100, 60, 17, Mask.RANDOM, Bias.NONE, false))) {
            FusedOps.AttentionResult f1 = c.forward(one);
            FusedOps.AttentionResult f2 = c.forward(CPU);
            assertBitwiseEqual(c + " out", f1.out().toArray(), f2.out().toArray());
            assertBitwiseEqual(c + " lse", f1.lse().toArray(), f2.lse().toArray());
            FusedOps.AttentionGrads g1 = c.backward(one, c.dOut);
            FusedOps.AttentionGrads g2 = c.backward(CPU, c.dOut);
            assertBitwiseEqual(c + " dq", g1.dq().toArray(), g2.dq().toArray());
            assertBitwiseEqual(c + " dk", g1.dk().toArray(), g2.dk().toArray());
            assertBitwiseEqual(c + " dv", g1.dv().toArray(), g2.dv().toArray());
        }
    }
}
