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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CPU backend's copy, fill, unary, binary and where kernels against the reference backend, on random
 * shapes (sizes off the SIMD width), every operand layout (dense, offset, transposed, strided, broadcast,
 * scalar), output views, in-place aliasing and special values (NaN, Inf, signed zeros).
 */
class ElementwiseTest {
    private static final Layout[] INPUTS = Layout.values();
    /** Layouts an output can have (no overlapping elements). */
    private static final Layout[] OUTPUTS = {Layout.DENSE, Layout.OFFSET, Layout.TRANSPOSED, Layout.STEPPED};

    /**
     * Tolerance of each unary op against the double-precision definition in ScalarMath (relative, absolute).
     * 0 where the float result is one correctly rounded IEEE operation. The transcendental ops use the JDK's
     * lane-wise EXP/LOG/TANH (a few ulp); GELU and sigmoid compose several float operations.
     */
    static double[] tolerance(UnaryOp op) {
        switch (op) {
            case NEG: case ABS: case SIGN: case SQUARE: case RECIPROCAL: case SQRT: case RELU: case STEP:
                return new double[] {0, 0};
            case RSQRT:
                return new double[] {3e-7, 0};
            case EXP: case LOG: case TANH: case SIGMOID: // measured max 2.2e-7 (tanh near |x| = 0.3)
                return new double[] {5e-7, 1e-37};
            case GELU_TANH: case GELU_ERF: case GELU_TANH_GRAD: case GELU_ERF_GRAD: // near their zeros only atol
                return new double[] {1e-5, 1e-6};
            default:
                throw new IllegalArgumentException(op.name());
        }
    }

    /** Every binary op is one correctly rounded operation (POW runs Math.pow per element). */
    static double[] tolerance(BinaryOp op) {
        return new double[] {0, 0};
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesReferenceInEveryLayout(UnaryOp op) {
        SplittableRandom r = new SplittableRandom(op.ordinal() * 31L + 1);
        double[] tol = tolerance(op);
        for (int trial = 0; trial < 24; trial++) {
            int[] shape = shape(r, 4, 6000);
            Layout layout = INPUTS[trial % INPUTS.length];
            Values kind = trial % 3 == 0 ? Values.POSITIVE : Values.SPECIALS;
            long seed = r.nextLong();
            Tensor expected = make(REF, shape, layout, kind, seed).apply(op);
            Tensor actual = make(CPU, shape, layout, kind, seed).apply(op);
            assertClose(expected, actual, tol[0], tol[1], op + " " + layout + " " + Shapes.str(shape));
        }
    }

    /** A sweep over magnitudes 1e-40..1e38 of both signs, around the exp overflow and underflow edges. */
    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryAccurateOverTheWholeFloatRange(UnaryOp op) {
        java.util.List<Float> xs = new java.util.ArrayList<>();
        for (double m = 1e-40; m < 1e38; m *= 1.07) {
            xs.add((float) m);
            xs.add((float) -m);
        }
        for (float edge : new float[] {88.7228f, 88.72284f, 88.7229f, -87.3f, -103.97f, -103.98f, -104f, 0.3f,
            0.29999f, 1f, 0.99999994f, 1.0000001f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE}) {
            xs.add(edge);
            xs.add(-edge);
        }
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 5000; i++) {
            xs.add((float) (r.nextDouble() * 40 - 20));
        }
        float[] x = new float[xs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = xs.get(i);
        }
        Tensor actual = Tensor.fromArray(CPU, x).apply(op);
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = (float) ScalarMath.unary(op, x[i]);
        }
        double[] tol = tolerance(op);
        assertClose(Tensor.fromArray(REF, expected), actual, tol[0], tol[1], op + " sweep");
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryWritesIntoOutputViews(UnaryOp op) {
        SplittableRandom r = new SplittableRandom(op.ordinal() * 17L + 5);
        double[] tol = tolerance(op);
        for (int trial = 0; trial < 8; trial++) {
            int[] shape = shape(r, 3, 3000);
            Layout in = INPUTS[r.nextInt(INPUTS.length)];
            Layout out = OUTPUTS[trial % OUTPUTS.length];
            long seed = r.nextLong();
            Tensor refOut = make(REF, shape, out, Values.UNIFORM, 1);
            Tensor cpuOut = make(CPU, shape, out, Values.UNIFORM, 1);
            REF.unary(op, make(REF, shape, in, Values.SPECIALS, seed), refOut);
            CPU.unary(op, make(CPU, shape, in, Values.SPECIALS, seed), cpuOut);
            assertClose(refOut, cpuOut, tol[0], tol[1], op + " " + in + " -> " + out + " " + Shapes.str(shape));
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryLargeDenseAndThreadCountIndependent(UnaryOp op) {
        int[] shape = {70_001}; // above two parallel grains
        Tensor x1 = make(CPU1, shape, Layout.DENSE, Values.SPECIALS, 99);
        Tensor x2 = make(CPU, shape, Layout.DENSE, Values.SPECIALS, 99);
        Tensor ref = make(REF, shape, Layout.DENSE, Values.SPECIALS, 99).apply(op);
        double[] tol = tolerance(op);
        assertClose(ref, x2.apply(op), tol[0], tol[1], op + " large");
        assertSameBits(x1.apply(op), x2.apply(op), op + " 1 vs 2 threads");
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryMatchesReferenceInEveryLayoutPair(BinaryOp op) {
        SplittableRandom r = new SplittableRandom(op.ordinal() * 131L + 7);
        double[] tol = tolerance(op);
        boolean comparison = op.ordinal() >= BinaryOp.EQ.ordinal();
        for (int trial = 0; trial < 36; trial++) {
            int[] shape = shape(r, 4, 5000);
            Layout la = INPUTS[trial % INPUTS.length];
            Layout lb = INPUTS[(trial / INPUTS.length) % INPUTS.length];
            Values ka = comparison || trial % 4 == 0 ? Values.INTEGERS : op == BinaryOp.POW ? Values.POSITIVE : Values.SPECIALS;
            Values kb = comparison || trial % 4 == 0 ? Values.INTEGERS : Values.SPECIALS;
            long sa = r.nextLong();
            long sb = r.nextLong();
            Tensor expected = make(REF, shape, la, ka, sa).apply(op, make(REF, shape, lb, kb, sb));
            Tensor actual = make(CPU, shape, la, ka, sa).apply(op, make(CPU, shape, lb, kb, sb));
            assertClose(expected, actual, tol[0], tol[1], op + " " + la + " x " + lb + " " + Shapes.str(shape));
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryWritesIntoOutputViewsAndInPlace(BinaryOp op) {
        SplittableRandom r = new SplittableRandom(op.ordinal() * 7L + 3);
        double[] tol = tolerance(op);
        for (int trial = 0; trial < 8; trial++) {
            int[] shape = shape(r, 3, 3000);
            Layout out = OUTPUTS[trial % OUTPUTS.length];
            Layout lb = INPUTS[r.nextInt(INPUTS.length)];
            long sa = r.nextLong();
            long sb = r.nextLong();
            // Into a separate output view.
            Tensor refOut = make(REF, shape, out, Values.UNIFORM, 1);
            Tensor cpuOut = make(CPU, shape, out, Values.UNIFORM, 1);
            REF.binary(op, make(REF, shape, lb, Values.SPECIALS, sa), make(REF, shape, lb, Values.SPECIALS, sb), refOut);
            CPU.binary(op, make(CPU, shape, lb, Values.SPECIALS, sa), make(CPU, shape, lb, Values.SPECIALS, sb), cpuOut);
            assertClose(refOut, cpuOut, tol[0], tol[1], op + " into " + out);
            // In place: the output aliases the first input, same layout.
            Tensor refA = make(REF, shape, out, Values.SPECIALS, sa);
            Tensor cpuA = make(CPU, shape, out, Values.SPECIALS, sa);
            REF.binary(op, refA, make(REF, shape, lb, Values.SPECIALS, sb), refA);
            CPU.binary(op, cpuA, make(CPU, shape, lb, Values.SPECIALS, sb), cpuA);
            assertClose(refA, cpuA, tol[0], tol[1], op + " in place " + out + " x " + lb);
        }
    }

    @Test
    void broadcastingThroughTheFrontEnd() {
        SplittableRandom r = new SplittableRandom(11);
        int[][][] cases = {
            {{300, 33}, {33}}, {{300, 33}, {300, 1}}, {{5, 1, 17}, {1, 7, 17}}, {{2, 3, 4, 5}, {4, 1}},
            {{4096, 17}, {17}}, {{70, 1000}, {70, 1}}, {{1}, {31}}, {{}, {3, 3}}, {{65}, {}},
        };
        for (int[][] c : cases) {
            long sa = r.nextLong();
            long sb = r.nextLong();
            for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAX, BinaryOp.LT}) {
                Tensor expected = make(REF, c[0], Layout.DENSE, Values.UNIFORM, sa).apply(op, make(REF, c[1], Layout.DENSE, Values.UNIFORM, sb));
                Tensor actual = make(CPU, c[0], Layout.DENSE, Values.UNIFORM, sa).apply(op, make(CPU, c[1], Layout.DENSE, Values.UNIFORM, sb));
                assertClose(expected, actual, 0, 0, op + " " + Shapes.str(c[0]) + " with " + Shapes.str(c[1]));
                Tensor swapped = make(CPU, c[1], Layout.DENSE, Values.UNIFORM, sb).apply(op, make(CPU, c[0], Layout.DENSE, Values.UNIFORM, sa));
                Tensor swappedRef = make(REF, c[1], Layout.DENSE, Values.UNIFORM, sb).apply(op, make(REF, c[0], Layout.DENSE, Values.UNIFORM, sa));
                assertClose(swappedRef, swapped, 0, 0, op + " " + Shapes.str(c[1]) + " with " + Shapes.str(c[0]));
            }
        }
    }

    @Test
    void scalarFormsAndInPlaceFrontEnd() {
        float[] data = {-2f, -0.5f, 0f, 1.5f, 3f, Float.NaN, Float.POSITIVE_INFINITY};
        Tensor x = Tensor.fromArray(CPU, data);
        assertArrayEquals(new float[] {-1f, -0.25f, 0f, 0.75f, 1.5f, Float.NaN, Float.POSITIVE_INFINITY}, x.mul(0.5f).toArray());
        assertArrayEquals(new float[] {3f, 1.5f, 1f, -0.5f, -2f, Float.NaN, Float.NEGATIVE_INFINITY}, x.rsub(1f).toArray());
        assertArrayEquals(new float[] {-0.5f, -2f, Float.POSITIVE_INFINITY, 2f / 3f, 1f / 3f, Float.NaN, 0f},
                x.reciprocal().toArray());
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 1f, 1f, Float.NaN, 1f}, x.clamp(-1f, 1f).toArray());
        assertArrayEquals(new float[] {4f, 0.25f, 0f, 2.25f, 9f, Float.NaN, Float.POSITIVE_INFINITY}, x.pow(2f).toArray());
        // In place on a non-contiguous view writes through to the base.
        Tensor base = Tensor.fromArray(CPU, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        base.transpose(0, 1).addInPlace(Tensor.fromArray(CPU, new float[] {10, 20}, 2));
        assertArrayEquals(new float[] {11, 12, 13, 24, 25, 26}, base.toArray());
        base.slice(1, 0, 3, 2).mulInPlace(-1f);
        assertArrayEquals(new float[] {-11, 12, -13, -24, 25, -26}, base.toArray());
    }

    @Test
    void nanAndSignedZeroSemantics() {
        for (org.cardiograd.tensor.Backend be : new org.cardiograd.tensor.Backend[] {CPU, REF}) {
            // 33 elements so the pattern lands in vector lanes and in the scalar tail.
            float[] a = new float[33];
            float[] b = new float[33];
            for (int i = 0; i < 33; i += 3) {
                a[i] = Float.NaN;
                b[i] = 1f;
                a[i + 1] = 2f;
                b[i + 1] = Float.NaN;
                a[i + 2] = -0f;
                b[i + 2] = 0f;
            }
            Tensor ta = Tensor.fromArray(be, a);
            Tensor tb = Tensor.fromArray(be, b);
            float[] max = ta.maximum(tb).toArray();
            float[] min = ta.minimum(tb).toArray();
            float[] ne = ta.ne(tb).toArray();
            float[] eq = ta.eq(tb).toArray();
            float[] lt = ta.lt(tb).toArray();
            for (int i = 0; i < 33; i += 3) {
                assertTrue(Float.isNaN(max[i]) && Float.isNaN(max[i + 1]) && Float.isNaN(min[i]), be.name() + " max/min NaN");
                assertEquals(0f, max[i + 2], be.name());
                assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(max[i + 2]), be.name() + " max(-0, 0) = +0");
                assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(min[i + 2]), be.name() + " min(-0, 0) = -0");
                assertEquals(1f, ne[i], be.name() + " NaN != 1");
                assertEquals(0f, eq[i], be.name() + " NaN == 1");
                assertEquals(0f, lt[i + 1], be.name() + " 2 < NaN");
                assertEquals(1f, eq[i + 2], be.name() + " -0 == 0");
            }
            float[] relu = ta.relu().toArray();
            float[] step = ta.apply(UnaryOp.STEP).toArray();
            assertTrue(Float.isNaN(relu[0]) && Float.isNaN(step[0]), be.name() + " relu/step of NaN");
            float[] sign = ta.sign().toArray();
            assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(sign[2]), be.name() + " sign(-0)");
        }
    }

    @Test
    void whereAndMaskedFillInEveryLayout() {
        SplittableRandom r = new SplittableRandom(21);
        for (int trial = 0; trial < 30; trial++) {
            int[] shape = shape(r, 4, 4000);
            Layout lc = INPUTS[trial % INPUTS.length];
            Layout la = INPUTS[r.nextInt(INPUTS.length)];
            Layout lb = INPUTS[r.nextInt(INPUTS.length)];
            long sc = r.nextLong();
            long sa = r.nextLong();
            long sb = r.nextLong();
            Tensor expected = Tensor.where(make(REF, shape, lc, Values.SPECIALS, sc), make(REF, shape, la, Values.SPECIALS, sa),
                    make(REF, shape, lb, Values.SPECIALS, sb));
            Tensor actual = Tensor.where(make(CPU, shape, lc, Values.SPECIALS, sc), make(CPU, shape, la, Values.SPECIALS, sa),
                    make(CPU, shape, lb, Values.SPECIALS, sb));
            assertClose(expected, actual, 0, 0, "where " + lc + " " + la + " " + lb + " " + Shapes.str(shape));
            Tensor outRef = make(REF, shape, OUTPUTS[trial % OUTPUTS.length], Values.UNIFORM, 1);
            Tensor outCpu = make(CPU, shape, OUTPUTS[trial % OUTPUTS.length], Values.UNIFORM, 1);
            REF.where(make(REF, shape, lc, Values.INTEGERS, sc), make(REF, shape, la, Values.UNIFORM, sa),
                    make(REF, shape, lb, Values.UNIFORM, sb), outRef);
            CPU.where(make(CPU, shape, lc, Values.INTEGERS, sc), make(CPU, shape, la, Values.UNIFORM, sa),
                    make(CPU, shape, lb, Values.UNIFORM, sb), outCpu);
            assertClose(outRef, outCpu, 0, 0, "where into " + OUTPUTS[trial % OUTPUTS.length]);
        }
        Tensor x = Tensor.fromArray(CPU, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor mask = Tensor.fromArray(CPU, new float[] {0, 1, Float.NaN}, 3);
        assertArrayEquals(new float[] {1, -1, -1, 4, -1, -1}, x.maskedFill(mask, -1f).toArray(), "NaN mask counts as set");
    }

    @Test
    void copyAndFillInEveryLayout() {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 40; trial++) {
            int[] shape = shape(r, 4, 70_000);
            Layout src = INPUTS[trial % INPUTS.length];
            Layout dst = OUTPUTS[r.nextInt(OUTPUTS.length)];
            long seed = r.nextLong();
            Tensor refDst = make(REF, shape, dst, Values.UNIFORM, 3);
            Tensor cpuDst = make(CPU, shape, dst, Values.UNIFORM, 3);
            refDst.copyFromInPlace(make(REF, shape, src, Values.SPECIALS, seed));
            cpuDst.copyFromInPlace(make(CPU, shape, src, Values.SPECIALS, seed));
            assertSameBits(refDst, cpuDst, "copy " + src + " -> " + dst + " " + Shapes.str(shape));
            assertSameBits(make(REF, shape, src, Values.SPECIALS, seed).contiguous(),
                    make(CPU, shape, src, Values.SPECIALS, seed).contiguous(), "contiguous " + src);
        }
        // fill of a strided view touches only its elements.
        Tensor base = Tensor.fromArray(CPU, new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4);
        base.slice(1, 1, 4, 2).fillInPlace(-1f);
        assertArrayEquals(new float[] {0, -1, 2, -1, 4, -1, 6, -1, 8, -1, 10, -1}, base.toArray());
        base.transpose(0, 1).narrow(0, 0, 1).fillInPlace(7f);
        assertArrayEquals(new float[] {7, -1, 2, -1, 7, -1, 6, -1, 7, -1, 10, -1}, base.toArray());
        Tensor big = Tensor.zeros(CPU, 300, 301);
        big.slice(0, 0, 300, 3).fillInPlace(2f);
        assertEquals(100 * 301 * 2f, big.sum().item(), 0f);
    }

    @Test
    void emptyTensorsAreNoOps() {
        Tensor e = Tensor.zeros(CPU, 0, 5);
        assertEquals(0, e.add(e).numel());
        assertEquals(0, e.exp().numel());
        assertEquals(0, Tensor.where(e, e, e).numel());
        assertEquals(0, e.transpose(0, 1).contiguous().numel());
    }

    @Test
    void backendChecksOperandShapes() {
        Tensor a = Tensor.zeros(CPU, 2, 3);
        Tensor b = Tensor.zeros(CPU, 3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CPU.binary(BinaryOp.ADD, a, b, a));
        assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }
}
