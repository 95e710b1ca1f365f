package org.cardiograd.ecg.zeroshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cardiograd.ecg.eval.Auroc;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ZeroShotClassifierTest {

    /** Cosine similarity computed directly in double precision. */
    private static double cosine(float[] a, int aOffset, double[] b, int d) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < d; k++) {
            dot += a[aOffset + k] * b[k];
            na += (double) a[aOffset + k] * a[aOffset + k];
            nb += b[k] * b[k];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double[] row(float[] m, int r, int d) {
        double[] out = new double[d];
        for (int k = 0; k < d; k++) {
            out[k] = m[r * d + k];
        }
        return out;
    }

    @Test
    void scoresAreCosineSimilarities() {
        int n = 7;
        int c = 4;
        int d = 16;
        Rng rng = new Rng(3);
        Tensor ecg = Tensor.randn(rng, n, d).mul(3f);
        Tensor text = Tensor.randn(rng, c, d);
        ZeroShotClassifier zs = ZeroShotClassifier.of(List.of("a", "b", "c", "d"), text);
        float[][] scores = zs.scoreRows(ecg);
        float[] e = ecg.toArray();
        float[] t = text.toArray();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                assertEquals(cosine(e, i * d, row(t, j, d), d), scores[i][j], 1e-5, "score " + i + "," + j);
            }
        }
        // Scaling an embedding does not change its scores.
        float[][] scaled = zs.scoreRows(ecg.mul(0.01f));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                assertEquals(scores[i][j], scaled[i][j], 1e-5);
            }
        }
    }

    @Test
    void promptEnsembleAveragesUnitPhrasingEmbeddings() {
        int d = 8;
        Rng rng = new Rng(5);
        List<Tensor> prompts = List.of(Tensor.randn(rng, 3, d), Tensor.randn(rng, 1, d).mul(10f),
                Tensor.randn(rng, 2, d));
        ZeroShotClassifier zs = ZeroShotClassifier.ofEnsembles(List.of("x", "y", "z"), prompts);
        Tensor ecg = Tensor.randn(rng, 5, d);
        float[][] scores = zs.scoreRows(ecg);
        float[] e = ecg.toArray();
        for (int c = 0; c < prompts.size(); c++) {
            float[] p = prompts.get(c).toArray();
            int k = prompts.get(c).shape(0);
            double[] mean = new double[d];
            for (int r = 0; r < k; r++) {
                double[] v = row(p, r, d);
                double norm = Math.sqrt(java.util.Arrays.stream(v).map(x -> x * x).sum());
                for (int j = 0; j < d; j++) {
                    mean[j] += v[j] / norm / k;
                }
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(cosine(e, i * d, mean, d), scores[i][c], 1e-5, "ECG " + i + " class " + c);
            }
        }
    }

    @Test
    void macroAurocIsAurocOfTheScoresAndPerfectForMatchingEmbeddings() {
        int n = 60;
        int c = 3;
        int d = 12;
        Rng rng = new Rng(11);
        Tensor classes = Tensor.randn(rng, c, d);
        float[] cls = classes.toArray();
        float[] noise = Tensor.randn(rng, n, d).mul(0.05f).toArray();
        float[] ecg = new float[n * d];
        float[][] labels = new float[n][c];
        for (int i = 0; i < n; i++) {
            int label = i % c;
            labels[i][label] = 1;
            for (int k = 0; k < d; k++) {
                ecg[i * d + k] = cls[label * d + k] + noise[i * d + k];
            }
        }
        ZeroShotClassifier zs = ZeroShotClassifier.of(List.of("p", "q", "r"), classes);
        Tensor embeddings = Tensor.fromArray(ecg, n, d);
        assertEquals(1.0, zs.macroAuroc(embeddings, labels), 0.0);

        Tensor random = Tensor.randn(rng, n, d);
        double expected = Auroc.macro(zs.scoreRows(random), labels);
        assertEquals(expected, zs.macroAuroc(random, labels), 0.0);
        double[] perClass = zs.perClassAuroc(random, labels);
        assertEquals(expected, (perClass[0] + perClass[1] + perClass[2]) / 3, 1e-12);
    }

    @Test
    void buildsEnsemblesFromADescriptionSetThroughAnEncoder() {
        CategoryDescriptionSet set = CategoryDescriptionSet.load("cpsc2018");
        List<Integer> batchSizes = new ArrayList<>();
        // A stand-in text encoder: letter counts, so texts sharing words point the same way.
        ZeroShotClassifier zs = ZeroShotClassifier.fromDescriptions(set, texts -> {
            batchSizes.add(texts.size());
            float[] out = new float[texts.size() * 26];
            for (int t = 0; t < texts.size(); t++) {
                for (char ch : texts.get(t).toCharArray()) {
                    if (ch >= 'a' && ch <= 'z') {
                        out[t * 26 + ch - 'a']++;
                    }
                }
            }
            return Tensor.fromArray(out, texts.size(), 26);
        });
        assertEquals(set.codes(), zs.classes());
        assertEquals(set.size(), batchSizes.size());
        for (int c = 0; c < set.size(); c++) {
            assertEquals(set.categories().get(c).descriptions().size(), batchSizes.get(c));
        }
        float[] norms = zs.classDirections().square().sum(1, false).toArray();
        for (float norm : norms) {
            assertEquals(1f, norm, 1e-5f);
        }
        assertThrows(IllegalArgumentException.class,
                () -> ZeroShotClassifier.fromDescriptions(set, texts -> Tensor.zeros(1, 4)));
    }

    @Test
    void rejectsMismatchedShapes() {
        ZeroShotClassifier zs = ZeroShotClassifier.of(List.of("a", "b"), Tensor.ones(2, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> zs.scores(Tensor.ones(3, 5)));
        assertTrue(e.getMessage().contains("width 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> zs.scores(Tensor.ones(4)));
        assertThrows(IllegalArgumentException.class, () -> ZeroShotClassifier.of(List.of("a"), Tensor.ones(2, 4)));
        assertThrows(IllegalArgumentException.class, () -> zs.macroAuroc(Tensor.ones(3, 4), new float[3][3]));
        assertThrows(IllegalArgumentException.class, () -> zs.macroAuroc(Tensor.ones(3, 4), new float[2][2]));
        assertThrows(IllegalArgumentException.class, () -> ZeroShotClassifier.ofEnsembles(List.of("a", "b"),
                List.of(Tensor.ones(1, 4), Tensor.ones(2, 3))));
    }
}
