package org.cardiograd.tensor.cpu;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import sun.misc.Unsafe;

/**
 * Where a float[]'s data meets a 64-byte cache line, so that packed GEMM panels can start on one.
 *
 * <p>Why: the 512-bit micro-kernel loads three vectors of packed B per step, and a vector that straddles two
 * lines costs a second access. HotSpot places arrays on 8-byte boundaries only, so a packed block starts on a
 * line in one placement of eight. Timing one 256 x 1024 x 256 block at each of the 16 float offsets of one
 * buffer, in one JVM, the offset on a line ran 8-9% faster than all fifteen others (bench/RESULTS.md). A JVM-wide
 * {@code -XX:ObjectAlignmentInBytes=64} gave the same gain but slowed the rest of the model (session 3).
 *
 * <p>How: Java has no API for an array's address, so it is read through {@code sun.misc.Unsafe} (module
 * jdk.unsupported): the reference to the array, stored in an Object[], is read back as a raw word. With
 * compressed references that word is the address shifted right by 0 or 3..8 bits, depending on the heap size
 * the JVM chose; the shift is found once by allocating equal arrays back to back and comparing their words.
 * (The heap base, when there is one, is page-aligned and does not change an address modulo 64.)
 *
 * <p>The answer is a hint for speed only: a garbage collection may move the array right after it is read, and
 * where the JVM does not allow the read (Unsafe's memory access is being phased out: JDK 24 warns unless run
 * with {@code --sun-misc-unsafe-memory-access=allow}, later JDKs may refuse), {@link #floatsToLine} answers 0 and
 * the panels start wherever the array does. No result depends on it.
 */
final class CacheLine {
    private CacheLine() {}

    static final int BYTES = 64;
    /** Floats of slack a buffer needs so that its panels can start on a line. */
    static final int FLOATS = BYTES / Float.BYTES;

    private static final Unsafe UNSAFE;
    private static final long OBJECT_ARRAY_BASE;
    private static final long FLOAT_ARRAY_BASE;
    private static final boolean WIDE_REFERENCES;
    /** Left shift from a compressed reference to an address, or -1 when addresses cannot be read. */
    private static final int SHIFT;

    static {
        Unsafe unsafe = null;
        long objectBase = 0;
        long floatBase = 0;
        boolean wide = false;
        int shift = -1;
        try {
            Field field = Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = (Unsafe) field.get(null);
            objectBase = unsafe.arrayBaseOffset(Object[].class);
            floatBase = unsafe.arrayBaseOffset(float[].class);
            wide = unsafe.arrayIndexScale(Object[].class) == 8;
            shift = wide ? 0 : compressedShift(unsafe, objectBase, unsafe.arrayBaseOffset(long[].class));
        } catch (Throwable refused) { // no Unsafe, or its memory access refused: alignment unknown
            shift = -1;
        }
        UNSAFE = unsafe;
        OBJECT_ARRAY_BASE = objectBase;
        FLOAT_ARRAY_BASE = floatBase;
        WIDE_REFERENCES = wide;
        SHIFT = shift;
    }

    /** Whether this JVM lets addresses be read, so that {@link #floatsToLine} is meaningful. */
    static boolean known() {
        return SHIFT >= 0;
    }

    /** How many floats from the start of {@code array} its first element on a 64-byte line is (0..15). */
    static int floatsToLine(float[] array) {
        if (SHIFT < 0) {
            return 0;
        }
        long address = address(array);
        return (int) ((BYTES - address % BYTES) % BYTES) / Float.BYTES;
    }

    /** The address of array[0]: valid until the next garbage collection moves the array. */
    private static long address(float[] array) {
        Object[] holder = {array};
        long word = WIDE_REFERENCES ? UNSAFE.getLong(holder, OBJECT_ARRAY_BASE)
                : (UNSAFE.getInt(holder, OBJECT_ARRAY_BASE) & 0xffffffffL) << SHIFT;
        return word + FLOAT_ARRAY_BASE;
    }

    /**
     * The shift of compressed references: arrays of 30 longs allocated back to back lie {@code size} bytes
     * apart, where size is their header plus 240 bytes rounded up to the object alignment (8 to 256 bytes), so
     * at least {@code header + 240} and less than twice that. Of the candidate shifts, exactly one puts the most
     * common difference of consecutive references in that range (allocation is a bump of a pointer, except when
     * a thread-local buffer runs out, hence the vote).
     */
    private static int compressedShift(Unsafe unsafe, long objectBase, long longArrayHeader) {
        Object[] arrays = new Object[33];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = new long[30];
        }
        Map<Long, Integer> votes = new HashMap<>();
        long previous = unsafe.getInt(arrays, objectBase) & 0xffffffffL;
        for (int i = 1; i < arrays.length; i++) {
            long word = unsafe.getInt(arrays, objectBase + (long) i * Integer.BYTES) & 0xffffffffL;
            votes.merge(word - previous, 1, Integer::sum);
            previous = word;
        }
        long difference = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        long least = longArrayHeader + 30 * Long.BYTES;
        for (int shift = 0; shift <= 8; shift++) {
            long bytes = difference << shift;
            if (difference > 0 && bytes >= least && bytes < 2 * least) {
                return shift;
            }
        }
        return -1;
    }
}
