package org.cardiograd.tensor.opencl;

import java.util.Map;
import java.util.TreeMap;

/**
 * Hands out regions (offset, length) of the device pool: first fit over a free list kept sorted by offset,
 * merging neighbours on free so that freed regions are reused. Regions start on {@link #ALIGN}-float
 * boundaries (64 bytes, a cache line / a GPU memory transaction). Thread-safe: storages are freed by the
 * Cleaner thread.
 */
final class OpenClPool {
    static final int ALIGN = 16;

    private final long capacity;
    /** Free regions: offset -> length. */
    private final TreeMap<Long, Long> free = new TreeMap<>();
    private long freeTotal;

    /** A pool of {@code capacity} floats whose first {@code reserved} floats are never handed out. */
    OpenClPool(long capacity, long reserved) {
        long start = align(reserved);
        this.capacity = capacity;
        free.put(start, capacity - start);
        freeTotal = capacity - start;
    }

    static long align(long n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** The offset of a new region of at least {@code length} floats, or an error naming the sizes. */
    synchronized long allocate(long length) {
        long size = align(Math.max(length, 1));
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            // read both before removing: TreeMap reuses an inner node's entry for its successor on remove, so
            // e would then hold the next hole's offset and length (that split two live regions onto one hole)
            long offset = e.getKey();
            long hole = e.getValue();
            if (hole >= size) {
                free.remove(offset);
                if (hole > size) {
                    free.put(offset + size, hole - size);
                }
                freeTotal -= size;
                return offset;
            }
        }
        throw new IllegalStateException(String.format("OpenCL pool exhausted: requested %d floats (%.1f MiB), "
                + "free %d floats (%.1f MiB) in %d pieces, largest %d, of a pool of %d floats (%.1f MiB); "
                + "raise -Dcardiograd.opencl.poolMiB or free tensors", length, length / 262144.0, freeTotal,
                freeTotal / 262144.0, free.size(), largestFree(), capacity, capacity / 262144.0));
    }

    /** Returns a region to the free list, merging it with free neighbours. */
    synchronized void release(long offset, long length) {
        long start = offset;
        long size = align(Math.max(length, 1));
        freeTotal += size;
        Map.Entry<Long, Long> before = free.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            free.remove(before.getKey());
            start = before.getKey();
            size += before.getValue();
        }
        Long after = free.get(start + size);
        if (after != null) {
            free.remove(start + size);
            size += after;
        }
        free.put(start, size);
    }

    long capacity() {
        return capacity;
    }

    synchronized long freeFloats() {
        return freeTotal;
    }

    private long largestFree() {
        long max = 0;
        for (long len : free.values()) {
            max = Math.max(max, len);
        }
        return max;
    }
}
