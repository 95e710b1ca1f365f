package org.cardiograd.ecg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfTest {

    @Test
    void knownValuesFollowIeeeBinary16() {
        assertEquals(0x3C00, Half.fromFloat(1f) & 0xFFFF);
        assertEquals(0xC000, Half.fromFloat(-2f) & 0xFFFF);
        assertEquals(0x2E66, Half.fromFloat(0.1f) & 0xFFFF); // 0.0999755859375, nearest to 0.1
        assertEquals(0x7BFF, Half.fromFloat(65504f) & 0xFFFF);
        assertEquals(0x7BFF, Half.fromFloat(65519f) & 0xFFFF); // below the midpoint to 65536
        assertEquals(0x7C00, Half.fromFloat(65520f) & 0xFFFF); // the midpoint rounds (to even) to infinity
        assertEquals(0x0001, Half.fromFloat(0x1.0p-24f) & 0xFFFF); // smallest subnormal
        assertEquals(0x0000, Half.fromFloat(0x1.0p-25f) & 0xFFFF); // halfway to zero: ties to even
        assertEquals(0x0001, Half.fromFloat(0x1.8p-25f) & 0xFFFF);
        assertEquals(0x0400, Half.fromFloat(0x1.0p-14f) & 0xFFFF); // smallest normal
        assertEquals(0x3C00, Half.fromFloat(1f + 0x1.0p-11f) & 0xFFFF); // tie between 1 and 1+2^-10: even
        assertEquals(0x3C02, Half.fromFloat(1f + 3 * 0x1.0p-11f) & 0xFFFF); // tie: rounds up to even
        assertEquals(0x8000, Half.fromFloat(-0f) & 0xFFFF);
        assertEquals(0xFC00, Half.fromFloat(Float.NEGATIVE_INFINITY) & 0xFFFF);
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
        assertEquals(65504f, Half.toFloat((short) 0x7BFF));
        assertEquals(0x1.0p-24f, Half.toFloat((short) 0x0001));
        assertEquals(-1.5f, Half.toFloat((short) 0xBE00));
    }

    @Test
    void everyHalfSurvivesARoundTripThroughFloat() {
        for (int h = 0; h < 1 << 16; h++) {
            float f = Half.toFloat((short) h);
            if (!Float.isNaN(f)) {
                assertEquals(h, Half.fromFloat(f) & 0xFFFF, "half 0x" + Integer.toHexString(h));
            }
        }
    }

    @Test
    void roundingIsToTheNearestHalf() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            float x = (float) ((rng.nextDouble() * 2 - 1) * Math.pow(2, rng.nextInt(-20, 16)));
            short h = Half.fromFloat(x);
            float y = Half.toFloat(h);
            // neither neighbour of h is closer to x
            float up = Half.toFloat((short) (h + 1));
            float down = Half.toFloat((short) (h - 1));
            double error = Math.abs((double) y - x);
            assertTrue(Float.isNaN(up) || Math.abs((double) up - x) >= error, x + " -> " + y);
            assertTrue(Float.isNaN(down) || Math.abs((double) down - x) >= error, x + " -> " + y);
            if (Math.abs(x) >= 0x1.0p-14f) {
                assertTrue(error <= Math.abs(x) * 0x1.0p-11, x + " -> " + y); // relative bound for normals
            } else {
                assertTrue(error <= 0x1.0p-25, x + " -> " + y); // half a subnormal step
            }
        }
    }
}
