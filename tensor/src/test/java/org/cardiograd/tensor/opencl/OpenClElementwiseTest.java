package org.cardiograd.tensor.opencl;

import static org.cardiograd.tensor.opencl.OpenClChecks.pair;
import static org.cardiograd.tensor.opencl.OpenClChecks.uniform;
import static org.cardiograd.tensor.opencl.OpenClChecks.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.cardiograd.tensor.BinaryOp;
import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.ReduceOp;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.UnaryOp;
import org.cardiograd.tensor.opencl.OpenClChecks.Pair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Elementwise, reduction, indexing, top-k and random kernels on OpenCL against the CPU backend. */
class OpenClElementwiseTest {
    private static OpenClBackend cl;

    @BeforeAll
    static void device() {
        cl = OpenClTestDevice.backend();
    }

    /** View recipes over a base of shape [4, 6, 10]: each gives a [?, ?, 5]-ish view of a different layout. */
    private static final List<Function<Tensor, Tensor>> VIEWS = List.of(
            t -> t.narrow(2, 0, 5),                                   // row stride 10, offset 0
            t -> t.narrow(2, 3, 5),                                   // offset 3
            t -> t.slice(2, 0, 10, 2),                                // inner stride 2
            t -> t.permute(1, 0, 2).narrow(2, 1, 5),                  // outer dims swapped
            t -> t.transpose(0, 2).narrow(0, 2, 5).transpose(0, 2));  // transposed twice, offset

    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        1e-30f, 100f, -100f};

    private static Pair base(SplittableRandom rnd, double lo, double hi) {
        Pair p = uniform(cl, rnd, lo, hi, 4, 6, 10);
        return p;
    }

    @Test
    void unaryOpsOnEveryLayoutIncludingSpecialValues() {
        SplittableRandom rnd = new SplittableRandom(1);
        float[] data = new float[240];
        for (int i = 0; i < data.length; i++) {
            data[i] = i % 13 == 0 ? SPECIAL[i / 13 % SPECIAL.length] : (float) (rnd.nextDouble() * 8 - 4);
        }
        Pair base = pair(cl, data, 4, 6, 10);
        for (UnaryOp op : UnaryOp.values()) {
            for (int v = 0; v < VIEWS.size(); v++) {
                Pair x = base.view(VIEWS.get(v));
                new Pair(x.cpu.apply(op), x.cl.apply(op)).assertClose(op + " view " + v, 1e-5, 2e-5);
            }
        }
    }

    @Test
    void binaryOpsWithBroadcastingIntoStridedOutputs() {
        SplittableRandom rnd = new SplittableRandom(2);
        Pair a = base(rnd, -3, 3).view(VIEWS.get(3));                         // [6, 4, 5]
        Pair b = uniform(cl, rnd, 0.5, 3, 6, 1, 5).view(t -> t.expand(6, 4, 5));
        Pair ints = uniform(cl, rnd, -2, 2, 6, 4, 5).view(t -> t.apply(UnaryOp.SIGN));
        for (BinaryOp op : BinaryOp.values()) {
            Pair x = op == BinaryOp.POW ? a.view(Tensor::abs) : a;
            new Pair(x.cpu.apply(op, b.cpu), x.cl.apply(op, b.cl)).assertClose(op.toString(), 1e-5, 2e-5);
            // comparisons with many ties, and the output written through a transposed view
            Pair out = zeros(cl, 5, 4, 6).view(t -> t.permute(2, 1, 0));
            cl.binary(op, ints.cl, a.cl.sign(), out.cl);
            OpenClChecks.CPU.binary(op, ints.cpu, a.cpu.sign(), out.cpu);
            out.assertClose(op + " strided out", 0, 0);
        }
    }

    @Test
    void copyFillAndWhereOnStridedViews() {
        SplittableRandom rnd = new SplittableRandom(3);
        Pair src = base(rnd, -1, 1).view(VIEWS.get(2));
        Pair dst = zeros(cl, 4, 6, 12).view(t -> t.slice(2, 1, 11, 2));
        dst.cpu.copyFromInPlace(src.cpu);
        dst.cl.copyFromInPlace(src.cl);
        dst.assertClose("copy", 0, 0);
        Pair filled = zeros(cl, 3, 7).view(t -> t.transpose(0, 1).narrow(0, 2, 4));
        filled.cpu.fillInPlace(2.5f);
        filled.cl.fillInPlace(2.5f);
        filled.assertClose("fill", 0, 0);
        Pair cond = uniform(cl, rnd, -1, 1, 4, 6, 5).view(t -> t.gt(0f));
        Pair b = uniform(cl, rnd, -1, 1, 1, 6, 1).view(t -> t.expand(4, 6, 5));
        Pair a = src;
        new Pair(Tensor.where(cond.cpu, a.cpu, b.cpu), Tensor.where(cond.cl, a.cl, b.cl)).assertClose("where", 0, 0);
    }

    @Test
    void moreDimsThanTheKernelAddressesLoopOnTheHost() {
        SplittableRandom rnd = new SplittableRandom(4);
        // rank 8 with every dim permuted, so nothing merges: the host loops over two leading dims
        Pair x = uniform(cl, rnd, -1, 1, 2, 3, 2, 2, 3, 2, 2, 3).view(t -> t.permute(7, 6, 5, 4, 3, 2, 1, 0));
        new Pair(x.cpu.exp(), x.cl.exp()).assertClose("rank 8", 1e-6, 1e-6);
    }

    @Test
    void reductionsOverEveryAxisWithNanAndTies() {
        SplittableRandom rnd = new SplittableRandom(5);
        // the last two reduce a long axis in chunks, the last with a partial last chunk
        int[][] shapes = {{3, 17, 5}, {1, 33, 1}, {4, 1, 7}, {2, 65, 3}, {1, 8192, 1}, {2, 5000, 3}};
        for (int[] s : shapes) {
            int n = s[0] * s[1] * s[2];
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = i % 29 == 7 ? Float.NaN : (float) Math.round(rnd.nextDouble() * 6 - 3);
            }
            Pair x = pair(cl, data, s);
            Pair clean = uniform(cl, rnd, -2, 2, s);
            for (ReduceOp op : ReduceOp.values()) {
                for (Pair in : new Pair[] {x, clean}) {
                    Pair out = zeros(cl, s[0], s[2]);
                    OpenClChecks.CPU.reduce(op, in.cpu, out.cpu);
                    cl.reduce(op, in.cl, out.cl);
                    // sums of n terms in another order: the tolerance grows with n
                    out.assertClose(op + " " + java.util.Arrays.toString(s), 1e-5 + 2e-6 * s[1], 1e-5);
                }
            }
        }
    }

    @Test
    void gatherScatterAndIndexOpsWithDuplicateIndices() {
        SplittableRandom rnd = new SplittableRandom(6);
        Pair x = uniform(cl, rnd, -1, 1, 3, 7, 4);
        float[] idx = new float[3 * 9 * 4];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = rnd.nextInt(7);
        }
        Pair index = pair(cl, idx, 3, 9, 4);
        Pair out = zeros(cl, 3, 9, 4);
        OpenClChecks.CPU.gather(x.cpu, index.cpu, out.cpu);
        cl.gather(x.cl, index.cl, out.cl);
        out.assertClose("gather", 0, 0);

        Pair src = uniform(cl, rnd, -1, 1, 3, 9, 4);
        Pair acc = uniform(cl, rnd, -1, 1, 3, 7, 4);
        OpenClChecks.CPU.scatterAdd(acc.cpu, index.cpu, src.cpu);
        cl.scatterAdd(acc.cl, index.cl, src.cl);
        acc.assertClose("scatterAdd", 1e-6, 1e-6);

        float[] rows = {6, 0, 2, 2, 5, 0, 6, 1, 2};
        Pair rowIndex = pair(cl, rows, 9);
        Pair selected = zeros(cl, 3, 9, 4);
        OpenClChecks.CPU.indexSelect(x.cpu, rowIndex.cpu, selected.cpu);
        cl.indexSelect(x.cl, rowIndex.cl, selected.cl);
        selected.assertClose("indexSelect", 0, 0);

        Pair added = uniform(cl, rnd, -1, 1, 3, 7, 4);
        OpenClChecks.CPU.indexAdd(added.cpu, rowIndex.cpu, src.cpu);
        cl.indexAdd(added.cl, rowIndex.cl, src.cl);
        added.assertClose("indexAdd", 1e-6, 1e-6);
    }

    @Test
    void aBadGatherIndexIsReportedAtTheNextRead() {
        Tensor x = Tensor.fromArray(cl, new float[] {1, 2, 3}, 1, 3, 1);
        Tensor index = Tensor.fromArray(cl, new float[] {0, 3.5f}, 1, 2, 1);
        Tensor out = Tensor.zeros(cl, 1, 2, 1);
        cl.gather(x, index, out);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, out::toArray);
        assertTrue(e.getMessage().contains("gather") && e.getMessage().contains("3.5"), e.getMessage());
        // reported once: the device is usable afterwards
        assertArrayEquals(new float[] {1, 2, 3}, x.toArray());
    }

    @Test
    void aBadScatterIndexIsCheckedOnTheDeviceAndReportedAtTheNextRead() {
        Tensor target = Tensor.zeros(cl, 2, 3);
        Tensor index = Tensor.fromArray(cl, new float[] {0, 1, 2, 1, 3, 0}, 2, 3);
        long reads = cl.reads();
        target.scatterAddInPlace(1, index, Tensor.full(cl, 1f, 2, 3));
        assertEquals(reads, cl.reads(), "the index check reads nothing back");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, target::toArray);
        assertTrue(e.getMessage().contains("scatterAdd: index") && e.getMessage().contains("3.0")
                && e.getMessage().contains("[0, 3)"), e.getMessage());
        IllegalArgumentException named = assertThrows(IllegalArgumentException.class,
                () -> Tensor.fromArray(cl, new float[] {1, 7}, 2).checkIndices("token ids", 5).toArray());
        assertTrue(named.getMessage().startsWith("token ids on OpenCL met 7.0"), named.getMessage());
        // good indices pass, and the device is usable after a report
        Tensor fine = Tensor.zeros(cl, 1, 3).scatterAddInPlace(1, Tensor.fromArray(cl, new float[] {2, 2}, 1, 2),
                Tensor.full(cl, 1f, 1, 2));
        assertArrayEquals(new float[] {0, 0, 2}, fine.toArray());
    }

    @Test
    void arangeEyeAndOneHotAreBuiltOnTheDevice() {
        long writes = cl.writes();
        Tensor range = Tensor.arange(cl, 11);
        Tensor eye = Tensor.eye(cl, 5);
        Tensor hot = range.narrow(0, 2, 4).oneHot(7);
        assertEquals(writes, cl.writes(), "no host-to-device transfer");
        assertArrayEquals(Tensor.arange(OpenClChecks.CPU, 11).toArray(), range.toArray());
        assertArrayEquals(Tensor.eye(OpenClChecks.CPU, 5).toArray(), eye.toArray());
        assertArrayEquals(Tensor.arange(OpenClChecks.CPU, 11).narrow(0, 2, 4).oneHot(7).toArray(), hot.toArray());
    }

    @Test
    void topkWithTiesAndNan() {
        float[] data = {3, 1, 3, Float.NaN, -2, 0, 1, 3, 7, 7, -1, 2, 2, 2, 2, 2};
        Pair x = pair(cl, data, 2, 8);
        for (boolean largest : new boolean[] {true, false}) {
            for (int k : new int[] {1, 3, 8}) {
                Pair values = zeros(cl, 2, k);
                Pair indices = zeros(cl, 2, k);
                OpenClChecks.CPU.topk(x.cpu, k, largest, values.cpu, indices.cpu);
                cl.topk(x.cl, k, largest, values.cl, indices.cl);
                values.assertClose("topk values k=" + k + " largest=" + largest, 0, 0);
                indices.assertClose("topk indices k=" + k + " largest=" + largest, 0, 0);
            }
        }
    }

    @Test
    void randomNumbersAreTheCpuBackendsNumbers() {
        Pair u = zeros(cl, 1031);
        Pair g = zeros(cl, 1031);
        long key = new Rng(42).nextKey();
        OpenClChecks.CPU.random(u.cpu, key, Distribution.UNIFORM, -2f, 3f);
        cl.random(u.cl, key, Distribution.UNIFORM, -2f, 3f);
        u.assertClose("uniform, bit for bit", 0, 0);
        OpenClChecks.CPU.random(g.cpu, key, Distribution.NORMAL, 1f, 2f);
        cl.random(g.cl, key, Distribution.NORMAL, 1f, 2f);
        // Box-Muller in float on the device, in double on the host: same bits in, a few ulps apart out
        g.assertClose("normal", 2e-5, 2e-5);
    }
}
