package org.cardiograd.tensor.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class OpenClSmokeTest {
    @Test
    void roundTrip() {
        OpenClBackend cl = OpenClTestDevice.backend();
        Tensor t = Tensor.fromArray(cl, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor u = t.transpose(0, 1).exp();
        assertArrayEquals(Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose(0, 1).exp().toArray(),
                u.toArray(), 1e-5f);
    }
}
