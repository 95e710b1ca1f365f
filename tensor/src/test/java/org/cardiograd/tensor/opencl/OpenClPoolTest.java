package org.cardiograd.tensor.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The pool allocator alone (no device needed). */
class OpenClPoolTest {

    @Test
    void freedRegionsAreReusedAndMergedWithTheirNeighbours() {
        OpenClPool pool = new OpenClPool(1024, 4);
        long a = pool.allocate(100);
        long b = pool.allocate(100);
        long c = pool.allocate(100);
        assertEquals(16, a, "the reserved error cells round up to one aligned block");
        assertEquals(a + 112, b);
        pool.release(b, 100);
        assertEquals(b, pool.allocate(50), "first fit takes the freed hole");
        pool.release(a, 100);
        pool.release(b, 50);
        // a and b merged back into one hole of 224 floats, in front of c
        assertEquals(a, pool.allocate(220));
        pool.release(c, 100);
    }

    @Test
    void exhaustionNamesTheRequestedAndFreeSizes() {
        OpenClPool pool = new OpenClPool(1024, 4);
        pool.allocate(600);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.allocate(500));
        assertTrue(e.getMessage().contains("requested 500 floats") && e.getMessage().contains("free 400 floats"),
                e.getMessage());
    }

    @Test
    void takingAHoleWithFreeNeighboursOnBothSidesOfTheTreeKeepsTheNextHoleIntact() {
        // holes of 16, 32, 48, ... floats between live 16-float regions: seven free-list entries, so the hole
        // first fit takes for 64 floats sits inside the sorted tree, not at a leaf
        OpenClPool pool = new OpenClPool(1 << 12, 0);
        List<long[]> holes = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            holes.add(new long[] {pool.allocate(16L * i), 16L * i});
            pool.allocate(16);
        }
        pool.allocate((1 << 12) - pool.allocate(0) - 16); // fill the tail so only the holes are free
        for (long[] h : holes) {
            pool.release(h[0], h[1]);
        }
        long taken = pool.allocate(64);
        assertEquals(holes.get(3)[0], taken, "first fit: the 64-float hole");
        // the other holes are still whole and nothing else is free
        for (int i = 6; i >= 0; i--) {
            if (i != 3) {
                assertEquals(holes.get(i)[0], pool.allocate(holes.get(i)[1]), "hole " + i);
            }
        }
        assertEquals(0, pool.freeFloats());
        assertThrows(IllegalStateException.class, () -> pool.allocate(16),
                "every float is held: no live region may be handed out again");
    }

    @Test
    void liveRegionsNeverOverlapUnderRandomAllocationAndRelease() {
        OpenClPool pool = new OpenClPool(1 << 16, 4);
        SplittableRandom random = new SplittableRandom(7);
        List<long[]> live = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            if (!live.isEmpty() && (random.nextInt(3) == 0 || pool.freeFloats() < 2048)) {
                long[] r = live.remove(random.nextInt(live.size()));
                pool.release(r[0], r[1]);
                continue;
            }
            long length = 1 + random.nextInt(700);
            long offset;
            try {
                offset = pool.allocate(length);
            } catch (IllegalStateException fragmented) {
                continue;
            }
            long end = offset + OpenClPool.align(length);
            assertTrue(offset >= OpenClPool.ALIGN && end <= pool.capacity(), "inside the pool: " + offset);
            for (long[] r : live) {
                long rEnd = r[0] + OpenClPool.align(r[1]);
                assertTrue(end <= r[0] || offset >= rEnd, "step " + step + ": [" + offset + ", " + end
                        + ") overlaps the live region [" + r[0] + ", " + rEnd + ")");
            }
            live.add(new long[] {offset, length});
        }
        long held = live.stream().mapToLong(r -> OpenClPool.align(r[1])).sum();
        assertEquals(pool.capacity() - OpenClPool.ALIGN - held, pool.freeFloats());
    }
}
