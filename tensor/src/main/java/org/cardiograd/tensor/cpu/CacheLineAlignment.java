package org.cardiograd.tensor.cpu;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where a cache line starts inside a {@code float[]}, so that the GEMM's packed B panels can begin there.
 *
 * <p>Why: the micro-kernel loads three 64-byte vectors of packed B per step of k. A load that is not 64-byte
 * aligned spans two cache lines and costs about twice as much, and HotSpot places arrays only 8-byte aligned
 * by default, so where a buffer landed (and where the garbage collector moved it) decided whether a whole
 * GEMM ran at full speed: single-thread runs of the same product varied by 10-15% from JVM to JVM. With
 * {@code -XX:ObjectAlignmentInBytes=64} (which the launcher, the tests and the benchmarks pass) every object
 * starts on a cache line, and the first aligned element of an array is fixed by the array header's size.
 *
 * <p>Java has no portable way to ask for an array's address, so this reads the JVM's options through the
 * supported management API. Without that flag (or on a JVM that does not report it) the offset is 0: results
 * are the same, only the speed depends on where the array landed.
 */
final class CacheLineAlignment {
    private CacheLineAlignment() {}

    static final int LINE_BYTES = 64;

    /** Index of the first element of any float[] that starts a cache line; 0 when not known. */
    static final int FIRST_FLOAT = firstAlignedFloat();

    private static int firstAlignedFloat() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null || Integer.parseInt(vm.getVMOption("ObjectAlignmentInBytes").getValue()) < LINE_BYTES) {
                return 0;
            }
            int header;
            if (flag(vm, "UseCompactObjectHeaders")) {
                header = 12; // mark word with the class inside, then the length
            } else if (flag(vm, "UseCompressedClassPointers")) {
                header = 16; // mark word, compressed class pointer, length
            } else {
                return 0;
            }
            return (LINE_BYTES - header) / Float.BYTES;
        } catch (RuntimeException | LinkageError notHotSpot) {
            return 0;
        }
    }

    /** A boolean VM option; false when this JVM does not have it (UseCompactObjectHeaders before JDK 24). */
    private static boolean flag(HotSpotDiagnosticMXBean vm, String name) {
        try {
            return Boolean.parseBoolean(vm.getVMOption(name).getValue());
        } catch (IllegalArgumentException absent) {
            return false;
        }
    }
}
