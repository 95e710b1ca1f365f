package org.cardiograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.reference.ReferenceBackend;

/**
 * Shared helpers of the kernel tests: the backends, seeded random data, random shapes, and operands in chosen
 * layouts built through the Tensor API (so the same view recipe runs on the CPU and the reference backend).
 */
final class ElementwiseTestSupport {
    private ElementwiseTestSupport() {}

    static final Backend CPU = new CpuBackend(2);
    static final Backend CPU1 = new CpuBackend(1);
    static final Backend REF = new ReferenceBackend();

    /** Sizes that are and are not multiples of every SIMD width. */
    static final int[] DIMS = {1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 33, 64, 65, 100};

    /** How an operand of a given logical shape is laid out in storage. */
    enum Layout {
        /** fromArray: row-major, offset 0. */
        DENSE,
        /** Dense, but at storage offset 7 (a narrow of a longer tensor). */
        OFFSET,
        /** All axes reversed in storage (a permute of the reversed shape): no unit inner stride. */
        TRANSPOSED,
        /** Every second element of a last axis twice as long: inner stride 2. */
        STEPPED,
        /** Some axes of size 1 expanded with stride 0. */
        BROADCAST,
        /** One value expanded to the whole shape: every stride 0. */
        SCALAR
    }

    /** What values a tensor holds. */
    enum Values {
        /** Uniform in [-4, 4). */
        UNIFORM,
        /** Uniform in (0, 4]. */
        POSITIVE,
        /** Integers -2..2: many ties and exact sums. */
        INTEGERS,
        /** UNIFORM with about 8% NaN, +-Inf, +-0, tiny and large values mixed in. */
        SPECIALS
    }

    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        1e-30f, -1e-30f, 100f, -100f, 1e30f, -1e30f};

    static float[] values(SplittableRandom r, int n, Values kind) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case UNIFORM: v[i] = (float) (r.nextDouble() * 8 - 4); break;
                case POSITIVE: v[i] = (float) (4 - r.nextDouble() * 4); break;
                case INTEGERS: v[i] = r.nextInt(5) - 2; break;
                case SPECIALS:
                    v[i] = r.nextInt(100) < 8 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) (r.nextDouble() * 8 - 4);
                    break;
                default: throw new IllegalStateException();
            }
        }
        return v;
    }

    /** A random shape of rank 0..maxRank with at most maxNumel elements. */
    static int[] shape(SplittableRandom r, int maxRank, int maxNumel) {
        int[] s = new int[r.nextInt(maxRank + 1)];
        for (int i = 0; i < s.length; i++) {
            s[i] = DIMS[r.nextInt(DIMS.length)];
        }
        while (Shapes.numel(s) > maxNumel) {
            int i = r.nextInt(s.length);
            s[i] = Math.max(1, s[i] / 2);
        }
        return s;
    }

    /**
     * An operand of the given logical shape and layout, its values drawn from a generator seeded with seed:
     * the same call on two backends gives the same logical tensor.
     */
    static Tensor make(Backend be, int[] shape, Layout layout, Values kind, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = Math.toIntExact(Shapes.numel(shape));
        int rank = shape.length;
        if (rank == 0 && layout != Layout.OFFSET && layout != Layout.SCALAR) {
            layout = Layout.DENSE;
        }
        switch (layout) {
            case DENSE:
                return Tensor.fromArray(be, values(r, n, kind), shape);
            case OFFSET:
                return Tensor.fromArray(be, values(r, n + 7, kind), n + 7).narrow(0, 7, n).reshape(shape);
            case TRANSPOSED: {
                int[] reversed = new int[rank];
                int[] order = new int[rank];
                for (int i = 0; i < rank; i++) {
                    reversed[i] = shape[rank - 1 - i];
                    order[i] = rank - 1 - i;
                }
                return Tensor.fromArray(be, values(r, n, kind), reversed).permute(order);
            }
            case STEPPED: {
                int[] wide = shape.clone();
                wide[rank - 1] *= 2;
                int m = Math.toIntExact(Shapes.numel(wide));
                return Tensor.fromArray(be, values(r, m, kind), wide).slice(rank - 1, 1, wide[rank - 1], 2);
            }
            case BROADCAST: {
                int[] small = shape.clone();
                for (int i = 0; i < rank; i++) {
                    if (r.nextBoolean()) {
                        small[i] = 1;
                    }
                }
                int m = Math.toIntExact(Shapes.numel(small));
                return Tensor.fromArray(be, values(r, m, kind), small).expand(shape);
            }
            case SCALAR: {
                int[] ones = new int[rank];
                Arrays.fill(ones, 1);
                return Tensor.fromArray(be, values(r, 1, kind), ones).expand(shape);
            }
            default:
                throw new IllegalStateException();
        }
    }

    /** |actual - expected| &lt;= atol + rtol |expected| everywhere; NaN matches NaN, infinities match exactly. */
    static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            if (!close(e[i], a[i], rtol, atol)) {
                fail(what + ": element " + i + " of shape " + Shapes.str(expected.shape()) + " is " + a[i]
                        + ", expected " + e[i] + " (rtol " + rtol + ", atol " + atol + ")");
            }
        }
    }

    static boolean close(float e, float a, double rtol, double atol) {
        if (Float.isNaN(e) || Float.isNaN(a)) {
            return Float.isNaN(e) && Float.isNaN(a);
        }
        if (Float.isInfinite(e) || Float.isInfinite(a)) {
            return e == a;
        }
        return Math.abs((double) a - e) <= atol + rtol * Math.abs((double) e);
    }

    /** Bit-for-bit equality (NaN payloads aside). */
    static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
                fail(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " bit for bit");
            }
        }
    }
}
