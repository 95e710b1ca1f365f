package org.cardiograd.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cardiograd.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/** Records which SIMD width a test run exercises (the surefire runs force 512, 256 and 128 bit). */
class SimdWidthTest {
    @Test
    void preferredSpeciesFollowsMaxVectorSize() {
        int lanes = CpuBackend.simdWidth();
        System.out.println("SimdWidthTest: preferred species has " + lanes + " float lanes (" + lanes * 32 + " bit)");
        assertTrue(lanes >= 4 && Integer.bitCount(lanes) == 1, "lanes " + lanes);
    }
}
