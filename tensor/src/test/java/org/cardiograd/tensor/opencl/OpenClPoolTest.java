package org.cardiograd.tensor.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
