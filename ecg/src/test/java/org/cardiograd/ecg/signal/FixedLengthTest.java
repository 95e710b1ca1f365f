package org.cardiograd.ecg.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedLengthTest {

    private static final float[][] X = {{1, 2, 3, 4, 5}, {10, 20, 30, 40, 50}};

    @Test
    void centerCropTakesTheMiddle() {
        float[][] y = FixedLength.center(X, 3, FixedLength.Pad.ZERO);
        assertArrayEquals(new float[] {2, 3, 4}, y[0]);
        assertArrayEquals(new float[] {20, 30, 40}, y[1]);
        assertArrayEquals(new float[] {2, 3}, FixedLength.center(X, 2, FixedLength.Pad.ZERO)[0]); // floor
    }

    @Test
    void centerPadWithZerosOrEdges() {
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 0, 0},
                FixedLength.center(X, 8, FixedLength.Pad.ZERO)[0]);
        assertArrayEquals(new float[] {10, 10, 20, 30, 40, 50, 50, 50},
                FixedLength.center(X, 8, FixedLength.Pad.EDGE)[1]);
        assertArrayEquals(X[0], FixedLength.center(X, 5, FixedLength.Pad.EDGE)[0]);
    }

    @Test
    void randomCropIsSeededAndCoversAllOffsets() {
        Set<Float> firsts = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            float[][] a = FixedLength.random(X, 3, FixedLength.Pad.ZERO, new SplittableRandom(seed));
            float[][] b = FixedLength.random(X, 3, FixedLength.Pad.ZERO, new SplittableRandom(seed));
            assertArrayEquals(a[0], b[0]);
            assertEquals(a[0][0] * 10, a[1][0], "same window in every lead");
            assertEquals(a[0][0] + 2, a[0][2], "contiguous");
            firsts.add(a[0][0]);
        }
        assertEquals(Set.of(1f, 2f, 3f), firsts);
    }

    @Test
    void randomPadPlacesTheSignalAnywhere() {
        Set<Integer> offsets = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            float[] y = FixedLength.random(X, 7, FixedLength.Pad.ZERO, new SplittableRandom(seed))[0];
            int offset = 0;
            while (y[offset] == 0) {
                offset++;
            }
            assertArrayEquals(X[0], java.util.Arrays.copyOfRange(y, offset, offset + 5));
            offsets.add(offset);
        }
        assertEquals(Set.of(0, 1, 2), offsets);
    }

    @Test
    void rejectsBadLength() {
        assertThrows(IllegalArgumentException.class, () -> FixedLength.center(X, 0, FixedLength.Pad.ZERO));
    }
}
