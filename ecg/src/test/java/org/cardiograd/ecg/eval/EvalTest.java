package org.cardiograd.ecg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvalTest {

    @Test
    void aurocMatchesScikitLearn() throws Exception {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                EvalTest.class.getResourceAsStream("/eval/auroc.txt"), StandardCharsets.UTF_8))) {
            String[] head = r.readLine().trim().split(" ");
            int n = Integer.parseInt(head[0]);
            int classes = Integer.parseInt(head[1]);
            float[][] scores = new float[n][classes];
            float[][] labels = new float[n][classes];
            for (float[][] target : new float[][][] {scores, labels}) {
                for (int i = 0; i < n; i++) {
                    String[] parts = r.readLine().trim().split(" ");
                    for (int c = 0; c < classes; c++) {
                        target[i][c] = Float.parseFloat(parts[c]);
                    }
                }
            }
            String[] expected = r.readLine().trim().split(" ");
            double[] perClass = Auroc.perClass(scores, labels);
            for (int c = 0; c < classes; c++) {
                assertEquals(Double.parseDouble(expected[c]), perClass[c], 1e-12, "class " + c);
            }
            assertEquals(Double.parseDouble(r.readLine().trim()), Auroc.macro(scores, labels), 1e-12);
        }
    }

    @Test
    void bootstrapIntervalBracketsTheEstimate() {
        SplittableRandom rng = new SplittableRandom(1);
        float[][] scores = new float[300][2];
        float[][] labels = new float[300][2];
        for (int i = 0; i < 300; i++) {
            for (int c = 0; c < 2; c++) {
                labels[i][c] = rng.nextDouble() < 0.3 ? 1 : 0;
                scores[i][c] = (float) (labels[i][c] + rng.nextGaussian());
            }
        }
        double macro = Auroc.macro(scores, labels);
        Auroc.Interval ci = Auroc.bootstrapMacro(scores, labels, 300, 0.95, 2);
        assertTrue(ci.low() < macro && macro < ci.high(), ci + " around " + macro);
        assertTrue(ci.high() - ci.low() < 0.15, "interval too wide: " + ci);
    }

    @Test
    void logisticProbeSeparatesLinearlySeparableClasses() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 400;
        int d = 8;
        float[][] x = new float[n][d];
        float[][] y = new float[n][2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) rng.nextGaussian();
            }
            y[i][0] = x[i][0] + 0.5f * x[i][3] > 0 ? 1 : 0;
            y[i][1] = x[i][5] - x[i][1] > 0.5f ? 1 : 0;
        }
        LogisticProbe probe = LogisticProbe.fit(x, y, 1e-3, 25);
        assertTrue(Auroc.macro(probe.predict(x), y) > 0.99);
    }

    /**
     * Same objective as scikit-learn's LogisticRegression(C = 1 / lambda) on standardized features; the wide
     * fixture (fewer records than features) goes through the n x n Newton step.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/eval/logistic.txt", "/eval/logistic_wide.txt"})
    void logisticProbeMatchesScikitLearn(String fixture) throws Exception {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                EvalTest.class.getResourceAsStream(fixture), StandardCharsets.UTF_8))) {
            String[] head = r.readLine().trim().split(" ");
            int nTrain = Integer.parseInt(head[0]);
            int nTest = Integer.parseInt(head[1]);
            int d = Integer.parseInt(head[2]);
            int classes = Integer.parseInt(head[3]);
            double lambda = Double.parseDouble(head[4]);
            float[][] train = rows(r, nTrain, d);
            float[][] labels = rows(r, nTrain, classes);
            float[][] test = rows(r, nTest, d);
            float[][] expected = rows(r, nTest, classes);
            float[][] got = LogisticProbe.fit(train, labels, lambda, 50).predict(test);
            for (int i = 0; i < nTest; i++) {
                for (int c = 0; c < classes; c++) {
                    assertEquals(expected[i][c], got[i][c], 2e-5, "test row " + i + ", class " + c);
                }
            }
        }
    }

    /**
     * The n x n (Woodbury) step equals the p x p step on the same Newton system. Small-integer entries make the
     * float32 GEMMs exact, so the two may differ only by double rounding.
     */
    @Test
    void wideNewtonStepEqualsThePrimalOne() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 12;
        int p = 41;
        float[] a = new float[n * p];
        double[] grad = new double[p];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextInt(-3, 4);
        }
        for (int j = 0; j < p; j++) {
            grad[j] = rng.nextGaussian();
        }
        double[] primal = NewtonStep.primal(a, n, p, grad, 0.5);
        double[] dual = NewtonStep.dual(a, n, p, grad, 0.5);
        for (int j = 0; j < p; j++) {
            assertEquals(primal[j], dual[j], 1e-9 * (1 + Math.abs(primal[j])), "component " + j);
        }
    }

    private static float[][] rows(BufferedReader r, int n, int width) throws java.io.IOException {
        float[][] out = new float[n][width];
        for (int i = 0; i < n; i++) {
            String[] parts = r.readLine().trim().split(" ");
            for (int j = 0; j < width; j++) {
                out[i][j] = Float.parseFloat(parts[j]);
            }
        }
        return out;
    }

    @Test
    void choleskySolvesASystem() {
        double[][] a = {{4, 2, 0.4}, {2, 5, 1}, {0.4, 1, 3}};
        double[] x = NewtonStep.solve(a, new double[] {1, 2, 3});
        for (int i = 0; i < 3; i++) {
            double row = a[i][0] * x[0] + a[i][1] * x[1] + a[i][2] * x[2];
            assertEquals(new double[] {1, 2, 3}[i], row, 1e-12);
        }
    }
}
