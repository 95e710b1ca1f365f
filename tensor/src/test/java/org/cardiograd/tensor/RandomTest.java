package org.cardiograd.tensor;

import static org.cardiograd.tensor.ElementwiseTestSupport.CPU;
import static org.cardiograd.tensor.ElementwiseTestSupport.CPU1;
import static org.cardiograd.tensor.ElementwiseTestSupport.REF;
import static org.cardiograd.tensor.ElementwiseTestSupport.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Counter-based random fills: element i is a pure function of (key, i), identical on every backend and thread
 * count; distinct keys give distinct streams; the moments of 10^6 samples agree with the distribution.
 */
class RandomTest {
    private static final int N = 1_000_000;

    private static Tensor draw(Backend be, long seed, Distribution d, float a, float b, int... shape) {
        return Tensor.random(be, new Rng(seed), d, a, b, shape);
    }

    @Test
    void sameKeySameNumbersOnEveryBackendAndThreadCount() {
        for (Distribution d : Distribution.values()) {
            Tensor c2 = draw(CPU, 42, d, -1.5f, 2.5f, 1000, 1001);
            assertSameBits(draw(CPU, 42, d, -1.5f, 2.5f, 1000, 1001), c2, d + " repeat");
            assertSameBits(draw(CPU1, 42, d, -1.5f, 2.5f, 1000, 1001), c2, d + " 1 vs 2 threads");
            assertSameBits(draw(REF, 42, d, -1.5f, 2.5f, 1000, 1001), c2, d + " cpu vs reference");
            // Element i depends only on i: a prefix of a longer draw with the same key is the shorter draw.
            float[] shortDraw = draw(CPU, 42, d, -1.5f, 2.5f, 777).toArray();
            float[] longDraw = c2.toArray();
            for (int i = 0; i < shortDraw.length; i++) {
                assertEquals(Float.floatToIntBits(longDraw[i]), Float.floatToIntBits(shortDraw[i]), d + " element " + i);
            }
        }
    }

    @Test
    void elementsAreTheRngFunctionsOfTheirIndex() {
        long key = new Rng(7).nextKey();
        float[] u = draw(CPU, 7, Distribution.UNIFORM, 2f, 5f, 5000).toArray();
        float[] g = draw(CPU, 7, Distribution.NORMAL, 1f, 3f, 5000).toArray();
        for (int i = 0; i < u.length; i++) {
            assertEquals(2f + (5f - 2f) * Rng.uniform(key, i), u[i]);
            assertEquals(Rng.normal(key, i) * 3f + 1f, g[i]);
        }
    }

    @Test
    void differentKeysDiffer() {
        Rng rng = new Rng(1);
        Tensor a = Tensor.random(CPU, rng, Distribution.UNIFORM, 0, 1, 10_000);
        Tensor b = Tensor.random(CPU, rng, Distribution.UNIFORM, 0, 1, 10_000); // next key of the same Rng
        Tensor c = draw(CPU, 2, Distribution.UNIFORM, 0, 1, 10_000);
        float[] x = a.toArray();
        float[] y = b.toArray();
        float[] z = c.toArray();
        int sameXY = 0;
        int sameXZ = 0;
        for (int i = 0; i < x.length; i++) {
            sameXY += x[i] == y[i] ? 1 : 0;
            sameXZ += x[i] == z[i] ? 1 : 0;
        }
        // 24-bit uniforms: a coincidence has probability 2^-24 per element.
        assertTrue(sameXY < 5 && sameXZ < 5, "coincidences " + sameXY + ", " + sameXZ);
        // The two draws are uncorrelated.
        double corr = a.sub(a.mean()).mul(b.sub(b.mean())).mean().item() / (a.var(new int[] {0}, 0, false).item());
        assertTrue(Math.abs(corr) < 0.05, "correlation " + corr);
    }

    @Test
    void uniformIsInRangeWithTheRightMoments() {
        float lo = -2f;
        float hi = 3f;
        float[] u = draw(CPU, 11, Distribution.UNIFORM, lo, hi, N).toArray();
        double sum = 0;
        double sq = 0;
        int[] bins = new int[10];
        for (float v : u) {
            assertTrue(v >= lo && v < hi, "value " + v + " outside [" + lo + ", " + hi + ")");
            sum += v;
            sq += v * (double) v;
            bins[(int) ((v - lo) / (hi - lo) * 10)]++;
        }
        double mean = sum / N;
        double var = sq / N - mean * mean;
        // mean: sd of the estimate is sqrt(25/12 / N) = 1.4e-3; variance 25/12 with sd about 2.2e-3.
        assertEquals(0.5, mean, 6 * 1.45e-3, "mean");
        assertEquals(25.0 / 12, var, 6 * 2.3e-3, "variance");
        for (int count : bins) {
            assertEquals(N / 10.0, count, 6 * Math.sqrt(N * 0.1 * 0.9), "bin count");
        }
        float[] unit = draw(CPU, 12, Distribution.UNIFORM, 0f, 1f, N).toArray();
        for (float v : unit) {
            assertTrue(v >= 0f && v < 1f, "value " + v);
        }
    }

    @Test
    void normalHasTheRightMoments() {
        float mu = 0.5f;
        float sigma = 2f;
        float[] g = draw(CPU, 13, Distribution.NORMAL, mu, sigma, N).toArray();
        double sum = 0;
        double sq = 0;
        double fourth = 0;
        int within1 = 0;
        for (float v : g) {
            assertFalse(Float.isNaN(v) || Float.isInfinite(v), "value " + v);
            double z = (v - mu) / sigma;
            sum += z;
            sq += z * z;
            fourth += z * z * z * z;
            within1 += Math.abs(z) < 1 ? 1 : 0;
        }
        double mean = sum / N;
        double var = sq / N - mean * mean;
        assertEquals(0, mean, 6 / Math.sqrt(N), "mean");
        assertEquals(1, var, 6 * Math.sqrt(2.0 / N), "variance");
        assertEquals(3, fourth / N, 6 * Math.sqrt(96.0 / N), "fourth moment");
        assertEquals(0.682689, within1 / (double) N, 6 * Math.sqrt(0.2166 / N), "P(|z| < 1)");
    }

    @Test
    void fillsViewsOfOddSizes() {
        for (int n : new int[] {0, 1, 3, 17, 33, 65_537}) {
            Tensor c = draw(CPU, 3, Distribution.NORMAL, 0, 1, n);
            Tensor r = draw(REF, 3, Distribution.NORMAL, 0, 1, n);
            assertSameBits(r, c, "n=" + n);
        }
    }
}
