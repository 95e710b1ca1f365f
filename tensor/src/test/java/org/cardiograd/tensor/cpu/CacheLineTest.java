package org.cardiograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CacheLine} reads addresses that no public API can confirm, so it is checked against what the heap must
 * look like: arrays allocated back to back lie one object size apart, so their offsets to the next line differ
 * by that size (mod 16 floats). A wrongly decoded reference (a wrong shift) would put them 1/8 or 8 times as far
 * apart.
 */
class CacheLineTest {

    @Test
    void addressesCanBeReadOnHotSpot() {
        assertTrue(CacheLine.known(), "CacheLine could not read array addresses on " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.version") + ": GEMM panels would not start on cache lines");
    }

    @Test
    void offsetsOfArraysAllocatedBackToBackDifferByTheirSize() {
        // float[4]: a header of 12 to 20 bytes plus 16 bytes of data, rounded up to 8: 32 or 40 bytes, 8 or 10
        // floats. Allocation bumps a pointer, except when a thread-local buffer runs out: count the usual case.
        Map<Integer, Integer> distances = new HashMap<>();
        for (int trial = 0; trial < 64; trial++) {
            float[] first = new float[4];
            float[] second = new float[4];
            int distance = Math.floorMod(CacheLine.floatsToLine(first) - CacheLine.floatsToLine(second),
                    CacheLine.FLOATS);
            distances.merge(distance, 1, Integer::sum);
        }
        int usual = distances.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertTrue(usual == 8 || usual == 10, "distance between float[4]s, in floats mod 16: " + distances);
        assertTrue(distances.get(usual) >= 48, "back-to-back arrays at inconsistent distances: " + distances);
    }

    @Test
    void offsetIsWithinOneLine() {
        for (int length = 0; length < 100; length++) {
            int start = CacheLine.floatsToLine(new float[length]);
            assertTrue(start >= 0 && start < CacheLine.FLOATS, "offset " + start + " for float[" + length + "]");
        }
    }
}
