package org.cardiograd.tensor;

import static org.cardiograd.tensor.ElementwiseTestSupport.CPU;
import static org.cardiograd.tensor.ElementwiseTestSupport.REF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The Tensor front end: views share storage and address the right elements, contiguous() copies only when it
 * must, joining ops, where / maskedFill, printing, NaN and Inf pass-through, and the error messages.
 */
class TensorViewTest {

    /** 0, 1, 2, ... in a tensor of the given shape on the CPU backend. */
    private static Tensor iota(int... shape) {
        float[] v = new float[Math.toIntExact(Shapes.numel(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Tensor.fromArray(CPU, v, shape);
    }

    @Test
    void viewsShareStorageAndReadTheRightElements() {
        Tensor x = iota(2, 3, 4); // x[i][j][k] = 12 i + 4 j + k
        Tensor r = x.reshape(6, -1);
        assertSame(x.storage(), r.storage());
        assertArrayEquals(new int[] {6, 4}, r.shape());
        assertEquals(13f, r.get(3, 1));

        Tensor p = x.permute(2, 0, 1); // p[k][i][j] = x[i][j][k]
        assertSame(x.storage(), p.storage());
        assertFalse(p.isContiguous());
        assertEquals(12 + 8 + 3, p.get(3, 1, 2));

        Tensor t = x.transpose(0, 2);
        assertSame(x.storage(), t.storage());
        assertEquals(x.get(1, 2, 3), t.get(3, 2, 1));
        assertEquals(x.get(1, 0, 2), x.mT().get(1, 2, 0));

        Tensor s = x.slice(2, 1, 4, 2); // k = 1, 3
        assertSame(x.storage(), s.storage());
        assertArrayEquals(new int[] {2, 3, 2}, s.shape());
        assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23}, s.toArray());

        Tensor n = x.narrow(1, 1, 2);
        assertSame(x.storage(), n.storage());
        assertEquals(12 + 4 + 0, n.get(1, 0, 0));
        assertEquals(16L, n.offset() + n.stride(0));

        Tensor sel = x.select(1, 2); // x[:, 2, :]
        assertSame(x.storage(), sel.storage());
        assertArrayEquals(new float[] {8, 9, 10, 11, 20, 21, 22, 23}, sel.toArray());

        Tensor e = iota(3, 1).expand(2, 3, 5);
        assertArrayEquals(new long[] {0, 1, 0}, e.strides());
        assertEquals(2f, e.get(1, 2, 4));
        assertEquals(30, e.numel());

        Tensor u = x.unsqueeze(1);
        assertArrayEquals(new int[] {2, 1, 3, 4}, u.shape());
        assertSame(x.storage(), u.squeeze(1).storage());
        assertArrayEquals(x.toArray(), u.squeeze(1).toArray());
        assertArrayEquals(new int[] {2, 3, 4, 1}, x.unsqueeze(-1).shape());

        // Overlapping windows of length 3, step 1, over 0..5 (im2col's building block).
        Tensor w = iota(6).asStrided(new int[] {4, 3}, new long[] {1, 1}, 0);
        assertArrayEquals(new float[] {0, 1, 2, 1, 2, 3, 2, 3, 4, 3, 4, 5}, w.toArray());

        Tensor[] parts = x.split(2, 1, 3);
        assertSame(x.storage(), parts[1].storage());
        assertArrayEquals(new int[] {2, 3, 3}, parts[1].shape());
        assertEquals(x.get(1, 1, 2), parts[1].get(1, 1, 1));
        Tensor[] chunks = x.chunk(0, 2);
        assertSame(x.storage(), chunks[1].storage());
        assertEquals(12f, chunks[1].get(0, 0, 0));

        // Writes through a view reach the base.
        x.select(0, 1).narrow(1, 0, 1).fillInPlace(-5f);
        assertEquals(-5f, x.get(1, 2, 0));
        assertEquals(13f, x.get(1, 0, 1));
    }

    @Test
    void contiguousCopiesOnlyWhenItMust() {
        Tensor x = iota(4, 5);
        assertSame(x, x.contiguous());
        assertSame(x.narrow(0, 1, 2).storage(), x.narrow(0, 1, 2).contiguous().storage(), "row narrow is dense");
        Tensor t = x.transpose(0, 1);
        Tensor tc = t.contiguous();
        assertNotSame(x.storage(), tc.storage());
        assertTrue(tc.isContiguous());
        assertArrayEquals(t.toArray(), tc.toArray());
        assertEquals(x.get(2, 3), tc.get(3, 2));
        // reshape of a non-dense view copies first and still gives the logical order.
        assertArrayEquals(new float[] {0, 5, 10, 15, 1, 6}, t.reshape(-1).narrow(0, 0, 6).toArray());
        Tensor copy = x.copy();
        assertNotSame(x.storage(), copy.storage());
        assertTrue(iota(3, 1, 4).permute(1, 0, 2).isContiguous(), "moving a size-1 axis keeps it dense");
    }

    @Test
    void catAndStack() {
        Tensor a = iota(2, 3);
        Tensor b = iota(2, 2).add(100f);
        Tensor c = Tensor.cat(1, a, b, a.narrow(1, 0, 1));
        assertArrayEquals(new int[] {2, 6}, c.shape());
        assertArrayEquals(new float[] {0, 1, 2, 100, 101, 0, 3, 4, 5, 102, 103, 3}, c.toArray());
        Tensor rows = Tensor.cat(0, a, a.mul(-1f));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, -0f, -1, -2, -3, -4, -5}, rows.toArray());
        Tensor s = Tensor.stack(0, a, a.add(1f));
        assertArrayEquals(new int[] {2, 2, 3}, s.shape());
        assertEquals(6f, s.get(1, 1, 2));
        Tensor s2 = Tensor.stack(-1, a, a.transpose(0, 1).transpose(0, 1).mul(2f));
        assertArrayEquals(new int[] {2, 3, 2}, s2.shape());
        assertArrayEquals(new float[] {0, 0, 1, 2, 2, 4, 3, 6, 4, 8, 5, 10}, s2.toArray());
        Tensor withEmpty = Tensor.cat(0, a, Tensor.zeros(CPU, 0, 3));
        assertArrayEquals(a.toArray(), withEmpty.toArray());
        assertError(() -> Tensor.cat(0, a, b), "cat", "[2, 3]", "[2, 2]");
        assertError(() -> Tensor.stack(0, a, b), "stack", "[2, 3]", "[2, 2]");
        assertError(() -> Tensor.cat(0, a, Tensor.zeros(REF, 1, 3)), "cat", "different backends");
    }

    @Test
    void whereAndMaskedFillBroadcast() {
        Tensor cond = Tensor.fromArray(CPU, new float[] {1, 0, 1}, 3);
        Tensor a = iota(2, 3);
        Tensor b = Tensor.scalar(CPU, -1f);
        assertArrayEquals(new float[] {0, -1, 2, 3, -1, 5}, Tensor.where(cond, a, b).toArray());
        Tensor rowMask = Tensor.fromArray(CPU, new float[] {0, 1}, 2, 1);
        assertArrayEquals(new float[] {0, 1, 2, 9, 9, 9}, a.maskedFill(rowMask, 9f).toArray());
        assertError(() -> Tensor.where(Tensor.zeros(CPU, 4), a, b), "where", "[4]", "[2, 3]");
        assertError(() -> a.maskedFill(Tensor.zeros(CPU, 3, 3), 0f), "maskedFill", "[3, 3]", "[2, 3]");
    }

    @Test
    void nanAndInfPassThrough() {
        Tensor x = Tensor.fromArray(CPU, new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f}, 4);
        float[] y = x.mul(2f).add(1f).toArray();
        assertTrue(Float.isNaN(y[0]));
        assertEquals(Float.POSITIVE_INFINITY, y[1]);
        assertEquals(Float.NEGATIVE_INFINITY, y[2]);
        assertEquals(3f, y[3]);
        float[] e = x.exp().toArray();
        assertTrue(Float.isNaN(e[0]));
        assertEquals(Float.POSITIVE_INFINITY, e[1]);
        assertEquals(0f, e[2]);
        assertTrue(Float.isNaN(x.sub(x).toArray()[1]), "inf - inf");
        assertTrue(Float.isNaN(Tensor.fromArray(CPU, new float[] {-1f}, 1).sqrt().item()));
        assertEquals(Float.POSITIVE_INFINITY, Tensor.fromArray(CPU, new float[] {0f}, 1).reciprocal().item());
        assertEquals(Float.POSITIVE_INFINITY, x.narrow(0, 1, 3).max().item());
        assertTrue(Float.isNaN(x.sum().item()));
    }

    @Test
    void inPlaceWithAnAliasedOperandOfAnotherLayout() {
        // x += x^T must give the symmetric x + x^T, although the operand is a view of the target.
        Tensor x = iota(33, 33);
        Tensor expected = x.add(x.transpose(0, 1));
        x.addInPlace(x.transpose(0, 1));
        assertArrayEquals(expected.toArray(), x.toArray());
    }

    @Test
    void toStringIsNumpyLikeAndClipped() {
        String small = iota(2, 3).toString();
        assertTrue(small.startsWith("Tensor[2, 3] on cpu"), small);
        assertTrue(small.contains("[[0.0, 1.0, 2.0],\n [3.0, 4.0, 5.0]]"), small);
        String big = iota(40, 50).toString();
        assertTrue(big.contains("..."), big);
        assertTrue(big.contains("[0.0, 1.0, 2.0, ..., 47.0, 48.0, 49.0]"), big);
        assertTrue(big.length() < 1000, "clipped print is short: " + big.length());
        assertFalse(iota(10, 100).toString().contains("..."), "1000 elements print in full");
        assertTrue(Tensor.fromArray(CPU, new float[] {Float.NaN, 0.125f}, 2).toString().contains("NaN, 0.1250"));
        assertTrue(Tensor.zeros(CPU, 0, 2).toString().endsWith("[]"));
        assertTrue(Tensor.scalar(CPU, 2f).toString().endsWith("2.0"));
    }

    @Test
    void shapeErrorsNameTheOpAndShapes() {
        Tensor a = iota(2, 3);
        assertError(() -> a.add(iota(4)), "add", "[2, 3]", "[4]");
        assertError(() -> a.mul(iota(3, 3)), "mul", "[2, 3]", "[3, 3]");
        assertError(() -> a.reshape(4, 2), "reshape", "[2, 3]", "[4, 2]");
        assertError(() -> a.reshape(-1, -1), "reshape", "-1");
        assertError(() -> a.permute(0, 0), "permute", "repeated");
        assertError(() -> a.permute(0), "permute", "[2, 3]");
        assertError(() -> a.transpose(0, 2), "transpose", "axis 2");
        assertError(() -> a.slice(1, 2, 5, 1), "slice", "[2, 3]");
        assertError(() -> a.select(0, 2), "select", "[2, 3]");
        assertError(() -> a.squeeze(0), "squeeze", "[2, 3]");
        assertError(() -> a.expand(4, 3), "expand", "[2, 3]", "[4, 3]");
        assertError(() -> a.split(1, 1, 1), "split", "[2, 3]");
        assertError(() -> a.chunk(1, 2), "chunk", "[2, 3]");
        assertError(() -> a.asStrided(new int[] {3, 3}, new long[] {3, 1}, 0), "asStrided", "[3, 3]");
        assertError(() -> a.item(), "item", "[2, 3]");
        assertError(() -> a.get(2, 0), "get", "[2, 3]");
        assertError(() -> Tensor.fromArray(CPU, new float[5], 2, 3), "fromArray", "[2, 3]");
        assertError(() -> Tensor.zeros(CPU, 2, -1), "zeros", "negative");
        assertError(() -> a.add(Tensor.zeros(REF, 2, 3)), "add", "different backends", "cpu", "reference");
        assertError(() -> a.matmul(iota(2, 3)), "matmul", "[2, 3]");
        assertError(() -> a.addInPlace(iota(3, 3)), "addInPlace", "[3, 3]", "[2, 3]");
    }

    private static void assertError(Executable op, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, op::execute);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention " + f);
        }
    }

    /** A runnable that may throw (like JUnit's, but local to keep imports plain). */
    @FunctionalInterface
    private interface Executable {
        void execute();
    }
}
