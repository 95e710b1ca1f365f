package org.cardiograd.tensor.cpu;

import java.util.Arrays;

/**
 * Top-k of one row by sorting 64-bit keys: the high half orders the values (descending for largest), the low
 * half is the column, so equal values keep the lower index first and every key is unique. NaN sorts as the
 * largest value (first for largest, last for smallest); -0 and +0 are equal. For k well below n a bounded
 * max-heap keeps only the k best keys (O(n log k)).
 */
final class CpuIndexingTopK {
    private CpuIndexingTopK() {}

    /** Writes the k best entries of x[off, off + n) to values[vo..] and their columns to indices[io..]. */
    static void row(float[] x, int off, int n, int k, boolean largest, float[] values, int vo, float[] indices,
                    int io, long[] scratch) {
        long[] best;
        if (k * 8L >= n) {
            for (int j = 0; j < n; j++) {
                scratch[j] = key(x[off + j], j, largest);
            }
            Arrays.sort(scratch, 0, n);
            best = scratch;
        } else {
            best = smallestKeys(x, off, n, k, largest, scratch);
            Arrays.sort(best, 0, k);
        }
        for (int i = 0; i < k; i++) {
            int j = (int) best[i]; // low 32 bits: the column
            values[vo + i] = x[off + j];
            indices[io + i] = j;
        }
    }

    /** A key whose signed order is the wanted order of (value, column). */
    static long key(float v, int column, boolean largest) {
        int bits = v == 0f ? 0 : Float.floatToIntBits(v); // one zero, one NaN
        int ordered = bits >= 0 ? bits : bits ^ 0x7fffffff; // signed int order == float order, NaN on top
        if (largest) {
            ordered = ~ordered;
        }
        return ((long) ordered << 32) | column;
    }

    /** The k smallest keys of the row, unordered, in heap[0, k): a bounded max-heap. */
    private static long[] smallestKeys(float[] x, int off, int n, int k, boolean largest, long[] heap) {
        for (int j = 0; j < k; j++) {
            heap[j] = key(x[off + j], j, largest);
            siftUp(heap, j);
        }
        for (int j = k; j < n; j++) {
            long key = key(x[off + j], j, largest);
            if (key < heap[0]) {
                heap[0] = key;
                siftDown(heap, k);
            }
        }
        return heap;
    }

    private static void siftUp(long[] heap, int i) {
        long v = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] >= v) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = v;
    }

    private static void siftDown(long[] heap, int size) {
        long v = heap[0];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] > heap[child]) {
                child++;
            }
            if (heap[child] <= v) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = v;
    }
}
