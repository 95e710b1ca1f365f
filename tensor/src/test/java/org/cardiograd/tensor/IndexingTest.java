package org.cardiograd.tensor;

import static org.cardiograd.tensor.ElementwiseTestSupport.CPU;
import static org.cardiograd.tensor.ElementwiseTestSupport.CPU1;
import static org.cardiograd.tensor.ElementwiseTestSupport.REF;
import static org.cardiograd.tensor.ElementwiseTestSupport.assertClose;
import static org.cardiograd.tensor.ElementwiseTestSupport.assertSameBits;
import static org.cardiograd.tensor.ElementwiseTestSupport.make;
import static org.cardiograd.tensor.ElementwiseTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.cardiograd.tensor.ElementwiseTestSupport.Layout;
import org.cardiograd.tensor.ElementwiseTestSupport.Values;
import org.junit.jupiter.api.Test;

/** gather, scatterAdd, indexSelect, indexAdd, topk / argsort and oneHot against the reference backend. */
class IndexingTest {

    /** Random integer indices in [0, bound) (with many repeats), as floats. */
    private static float[] indices(SplittableRandom r, int n, int bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(bound);
        }
        return v;
    }

    @Test
    void gatherAndScatterAddAlongEveryAxis() {
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 40; trial++) {
            int[] shape = shape(r, 4, 4000);
            if (shape.length == 0) {
                continue;
            }
            int axis = r.nextInt(shape.length);
            int[] ishape = shape.clone();
            ishape[axis] = 1 + r.nextInt(2 * shape[axis] + 2); // fewer or more picks than the axis has
            float[] idx = indices(r, Math.toIntExact(Shapes.numel(ishape)), shape[axis]);
            Layout layout = Layout.values()[trial % Layout.values().length];
            long seed = r.nextLong();
            String what = "axis " + axis + " of " + Shapes.str(shape) + ", index " + Shapes.str(ishape) + " " + layout;

            Tensor gr = make(REF, shape, layout, Values.UNIFORM, seed).gather(axis, Tensor.fromArray(REF, idx, ishape));
            Tensor gc = make(CPU, shape, layout, Values.UNIFORM, seed).gather(axis, Tensor.fromArray(CPU, idx, ishape));
            assertSameBits(gr, gc, "gather " + what);

            long srcSeed = r.nextLong();
            Tensor sr = make(REF, shape, Layout.DENSE, Values.UNIFORM, seed);
            Tensor sc = make(CPU, shape, Layout.DENSE, Values.UNIFORM, seed);
            sr.scatterAddInPlace(axis, Tensor.fromArray(REF, idx, ishape), make(REF, ishape, layout, Values.UNIFORM, srcSeed));
            sc.scatterAddInPlace(axis, Tensor.fromArray(CPU, idx, ishape), make(CPU, ishape, layout, Values.UNIFORM, srcSeed));
            // The reference sums repeats in double: allow a few float roundings per repeated index.
            assertClose(sr, sc, 1e-5, 1e-5 * ishape[axis], "scatterAdd " + what);
        }
    }

    @Test
    void scatterAddWithRepeatsIsExactOnIntegersAndThreadIndependent() {
        SplittableRandom r = new SplittableRandom(2);
        int[] shape = {4, 50, 300};
        int[] ishape = {4, 2000, 300};
        float[] idx = indices(r, 4 * 2000 * 300, 50);
        Tensor src1 = make(CPU1, ishape, Layout.DENSE, Values.INTEGERS, 3);
        Tensor src2 = make(CPU, ishape, Layout.DENSE, Values.INTEGERS, 3);
        Tensor out1 = Tensor.zeros(CPU1, shape).scatterAddInPlace(1, Tensor.fromArray(CPU1, idx, ishape), src1);
        Tensor out2 = Tensor.zeros(CPU, shape).scatterAddInPlace(1, Tensor.fromArray(CPU, idx, ishape), src2);
        Tensor outR = Tensor.zeros(REF, shape).scatterAddInPlace(1, Tensor.fromArray(REF, idx, ishape),
                make(REF, ishape, Layout.DENSE, Values.INTEGERS, 3));
        assertSameBits(outR, out2, "integer scatterAdd is exact");
        Tensor f1 = Tensor.zeros(CPU1, shape).scatterAddInPlace(1, Tensor.fromArray(CPU1, idx, ishape),
                make(CPU1, ishape, Layout.DENSE, Values.UNIFORM, 4));
        Tensor f2 = Tensor.zeros(CPU, shape).scatterAddInPlace(1, Tensor.fromArray(CPU, idx, ishape),
                make(CPU, ishape, Layout.DENSE, Values.UNIFORM, 4));
        assertSameBits(f1, f2, "scatterAdd 1 vs 2 threads");
        assertSameBits(out1, out2, "integer scatterAdd 1 vs 2 threads");
    }

    @Test
    void indexSelectAndIndexAddAlongEveryAxis() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 40; trial++) {
            int[] shape = shape(r, 4, 4000);
            if (shape.length == 0) {
                continue;
            }
            int axis = r.nextInt(shape.length);
            int picks = r.nextInt(2 * shape[axis] + 2);
            float[] idx = indices(r, picks, shape[axis]);
            Layout layout = Layout.values()[trial % Layout.values().length];
            long seed = r.nextLong();
            String what = "axis " + axis + " of " + Shapes.str(shape) + ", " + picks + " picks, " + layout;
            Tensor sr = make(REF, shape, layout, Values.UNIFORM, seed).indexSelect(axis, Tensor.fromArray(REF, idx, picks));
            Tensor sc = make(CPU, shape, layout, Values.UNIFORM, seed).indexSelect(axis, Tensor.fromArray(CPU, idx, picks));
            assertSameBits(sr, sc, "indexSelect " + what);

            int[] srcShape = shape.clone();
            srcShape[axis] = picks;
            long srcSeed = r.nextLong();
            Tensor ar = make(REF, shape, Layout.DENSE, Values.UNIFORM, seed)
                    .indexAddInPlace(axis, Tensor.fromArray(REF, idx, picks), make(REF, srcShape, layout, Values.UNIFORM, srcSeed));
            Tensor ac = make(CPU, shape, Layout.DENSE, Values.UNIFORM, seed)
                    .indexAddInPlace(axis, Tensor.fromArray(CPU, idx, picks), make(CPU, srcShape, layout, Values.UNIFORM, srcSeed));
            assertClose(ar, ac, 1e-5, 1e-5 * Math.max(1, picks), "indexAdd " + what);
        }
    }

    @Test
    void embeddingLookupAndItsGradient() {
        int vocab = 1000;
        int dim = 97;
        SplittableRandom r = new SplittableRandom(4);
        float[] tokens = indices(r, 3000, vocab);
        Tensor tableC = make(CPU, new int[] {vocab, dim}, Layout.DENSE, Values.UNIFORM, 5);
        Tensor tableR = make(REF, new int[] {vocab, dim}, Layout.DENSE, Values.UNIFORM, 5);
        Tensor embC = tableC.indexSelect(0, Tensor.fromArray(CPU, tokens));
        assertSameBits(tableR.indexSelect(0, Tensor.fromArray(REF, tokens)), embC, "embedding rows");
        assertEquals(tableC.get(Math.round(tokens[7]), 5), embC.get(7, 5));
        // Gradient: repeated tokens accumulate; 1 and 2 threads agree bit for bit.
        Tensor grad2 = Tensor.zeros(CPU, vocab, dim).indexAddInPlace(0, Tensor.fromArray(CPU, tokens),
                make(CPU, new int[] {3000, dim}, Layout.DENSE, Values.UNIFORM, 6));
        Tensor grad1 = Tensor.zeros(CPU1, vocab, dim).indexAddInPlace(0, Tensor.fromArray(CPU1, tokens),
                make(CPU1, new int[] {3000, dim}, Layout.DENSE, Values.UNIFORM, 6));
        Tensor gradR = Tensor.zeros(REF, vocab, dim).indexAddInPlace(0, Tensor.fromArray(REF, tokens),
                make(REF, new int[] {3000, dim}, Layout.DENSE, Values.UNIFORM, 6));
        assertSameBits(grad1, grad2, "indexAdd 1 vs 2 threads");
        assertClose(gradR, grad2, 1e-5, 1e-5, "indexAdd vs reference");
    }

    @Test
    void topkMatchesReferenceWithTiesAndNan() {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 60; trial++) {
            int rows = 1 + r.nextInt(20);
            int n = ElementwiseTestSupport.DIMS[r.nextInt(ElementwiseTestSupport.DIMS.length)] * (1 + r.nextInt(8));
            int k = r.nextInt(4) == 0 ? n : r.nextInt(n + 1);
            boolean largest = r.nextBoolean();
            Values kind = trial % 2 == 0 ? Values.INTEGERS : Values.SPECIALS;
            long seed = r.nextLong();
            Tensor.TopK e = make(REF, new int[] {rows, n}, Layout.TRANSPOSED, kind, seed).topk(k, largest);
            Tensor.TopK a = make(CPU, new int[] {rows, n}, Layout.TRANSPOSED, kind, seed).topk(k, largest);
            String what = "topk k=" + k + " of [" + rows + ", " + n + "] largest=" + largest + " " + kind;
            assertSameBits(e.values(), a.values(), what + " values");
            assertSameBits(e.indices(), a.indices(), what + " indices");
        }
    }

    @Test
    void topkConventions() {
        for (Backend be : new Backend[] {CPU, REF}) {
            Tensor x = Tensor.fromArray(be, new float[] {3, Float.NaN, -1, 3, 0f, -0f, Float.NaN, 7}, 8);
            Tensor.TopK top = x.topk(4, true);
            assertArrayEquals(new float[] {1, 6, 7, 0}, top.indices().toArray(), be.name() + ": NaN counts as largest");
            Tensor.TopK bottom = x.topk(4, false);
            assertArrayEquals(new float[] {2, 4, 5, 0}, bottom.indices().toArray(), be.name() + ": -0 ties +0, index order");
            assertArrayEquals(new float[] {2, 4, 5, 0, 3, 7, 1, 6}, x.argsort(false).toArray(), be.name() + " argsort");
            assertArrayEquals(new float[] {1, 6, 7, 0, 3, 4, 5, 2}, x.argsort(true).toArray(), be.name() + " argsort desc");
            assertEquals(0, x.topk(0, true).values().numel());
            assertArrayEquals(new int[] {2, 3, 2}, Tensor.zeros(be, 2, 3, 5).topk(2, true).values().shape());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(CPU, 2, 5).topk(6, true));
        assertTrue(e.getMessage().contains("topk") && e.getMessage().contains("[2, 5]"), e.getMessage());
    }

    @Test
    void topkLargeRowsAreThreadIndependent() {
        Tensor x1 = make(CPU1, new int[] {40, 5000}, Layout.DENSE, Values.INTEGERS, 7);
        Tensor x2 = make(CPU, new int[] {40, 5000}, Layout.DENSE, Values.INTEGERS, 7);
        for (int k : new int[] {1, 10, 700, 5000}) {
            assertSameBits(x1.topk(k, true).indices(), x2.topk(k, true).indices(), "k=" + k);
            assertSameBits(x1.topk(k, false).values(), x2.topk(k, false).values(), "k=" + k);
        }
    }

    @Test
    void oneHot() {
        for (Backend be : new Backend[] {CPU, REF}) {
            Tensor labels = Tensor.fromArray(be, new float[] {2, 0, 1, 2}, 2, 2);
            Tensor hot = labels.oneHot(3);
            assertArrayEquals(new int[] {2, 2, 3}, hot.shape());
            assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1}, hot.toArray(), be.name());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labels.oneHot(2));
            assertTrue(e.getMessage().contains("oneHot") && e.getMessage().contains("[0, 2)"), e.getMessage());
        }
    }

    @Test
    void arangeAndEyeBuiltByDoubling() {
        for (Backend be : new Backend[] {CPU, REF}) {
            for (int n : new int[] {1, 2, 5, 8, 13}) {
                float[] expected = new float[n];
                float[] identity = new float[n * n];
                for (int i = 0; i < n; i++) {
                    expected[i] = i;
                    identity[i * n + i] = 1f;
                }
                assertArrayEquals(expected, Tensor.arange(be, n).toArray(), be.name() + " n=" + n);
                assertArrayEquals(identity, Tensor.eye(be, n).toArray(), be.name() + " n=" + n);
            }
            assertEquals(0, Tensor.arange(be, 0).numel());
        }
    }

    @Test
    void badIndicesAreErrorsNamingTheOp() {
        Tensor x = Tensor.zeros(CPU, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.gather(1, Tensor.fromArray(CPU, new float[] {0, 4, 1, 2, 3, 0}, 3, 2)));
        assertTrue(e.getMessage().contains("gather") && e.getMessage().contains("4.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.indexSelect(0, Tensor.fromArray(CPU, new float[] {-1}, 1)));
        assertTrue(e.getMessage().contains("indexSelect"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.indexSelect(0, Tensor.fromArray(CPU, new float[] {Float.NaN}, 1)));
        assertTrue(e.getMessage().contains("indexSelect"), e.getMessage());
        // A fractional index passes the front end's range check; the kernel refuses it.
        e = assertThrows(IllegalArgumentException.class, () -> x.indexSelect(0, Tensor.fromArray(CPU, new float[] {1.5f}, 1)));
        assertTrue(e.getMessage().contains("indexSelect") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> x.gather(0, Tensor.fromArray(CPU, new float[] {0, 1}, 1, 2)));
        assertTrue(e.getMessage().contains("gather") && e.getMessage().contains("[1, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> x.scatterAddInPlace(0, Tensor.zeros(CPU, 2, 4), Tensor.zeros(CPU, 2, 3)));
        assertTrue(e.getMessage().contains("scatterAdd"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> x.indexAddInPlace(1, Tensor.zeros(CPU, 2), Tensor.zeros(CPU, 3, 3)));
        assertTrue(e.getMessage().contains("indexAdd") && e.getMessage().contains("[3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> x.transpose(0, 1).indexAddInPlace(0, Tensor.zeros(CPU, 1), Tensor.zeros(CPU, 1, 3)));
        assertTrue(e.getMessage().contains("dense"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.indexSelect(0, Tensor.zeros(REF, 1)));
        assertTrue(e.getMessage().contains("different backends"), e.getMessage());
    }
}
