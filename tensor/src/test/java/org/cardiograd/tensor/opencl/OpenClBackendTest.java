package org.cardiograd.tensor.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Epilogue;
import org.cardiograd.tensor.FusedOps;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Residency, transfers, memory and selection of the OpenCL backend, and a whole Tensor program on it. */
class OpenClBackendTest {
    private static OpenClBackend cl;

    @BeforeAll
    static void device() {
        cl = OpenClTestDevice.backend();
    }

    /** matmul (bias, GELU) -> softmax -> log -> mean -> sum, written once against the Tensor API. */
    private static Tensor program(Tensor x, Tensor w, Tensor bias) {
        Tensor h = FusedOps.matmul(x, w, bias, Epilogue.GELU_TANH);
        Tensor p = h.softmax(-1);
        return p.add(1e-3f).log().mean(1, false).mul(h.sum(1, false)).sum();
    }

    @Test
    void aChainOfOpsStaysOnTheDeviceUntilTheHostReads() {
        Rng rng = new Rng(7);
        Tensor x = Tensor.uniform(rng, -1, 1, 9, 13);
        Tensor w = Tensor.uniform(rng, -1, 1, 13, 6);
        Tensor bias = Tensor.uniform(rng, -1, 1, 6);
        float expected = program(x, w, bias).item();

        Tensor xd = x.to(cl);
        Tensor wd = w.to(cl);
        Tensor bd = bias.to(cl);
        long before = cl.transfers();
        Tensor loss = program(xd, wd, bd);
        assertEquals(before, cl.transfers(), "no host round trip inside the program");
        float actual = loss.item();
        assertEquals(before + 1, cl.transfers(), "reading the scalar is one transfer");
        assertEquals(expected, actual, 1e-4 * Math.abs(expected) + 1e-5);
    }

    @Test
    void randomTensorsDrawnOnTheDeviceMatchTheCpu() {
        Tensor cpu = Tensor.random(OpenClChecks.CPU, new Rng(3), org.cardiograd.tensor.Distribution.UNIFORM, 0, 1,
                5, 7);
        Tensor dev = Tensor.random(cl, new Rng(3), org.cardiograd.tensor.Distribution.UNIFORM, 0, 1, 5, 7);
        OpenClChecks.assertClose("rand", cpu.toArray(), dev.toArray(), 0, 0);
    }

    @Test
    void largeTransfersGoThroughTheStagingArraysInChunks() {
        float[] data = new float[(1 << 20) * 3 / 2 + 7];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f;
        }
        long before = cl.transfers();
        Tensor t = Tensor.fromArray(cl, data, data.length);
        assertEquals(before + 2, cl.transfers(), "two chunks of at most 2^20 floats up");
        OpenClChecks.assertClose("round trip", data, t.toArray(), 0, 0);
        OpenClChecks.assertClose("narrow view", new float[] {3.5f, 4f}, t.narrow(0, 7, 2).toArray(), 0, 0);
    }

    @Test
    void releasedMemoryIsReused() {
        long free = cl.freeFloats();
        Tensor t = Tensor.zeros(cl, 1000, 100);
        assertTrue(cl.freeFloats() <= free - 100_000);
        cl.release(t);
        assertEquals(free, cl.freeFloats());
    }

    @Test
    void exhaustingThePoolIsAClearError() {
        // more than the whole pool (free memory could grow meanwhile: the Cleaner returns dead tensors' regions)
        long tooMany = 1L << 31;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cl.allocate(tooMany));
        assertTrue(e.getMessage().contains("requested " + tooMany) && e.getMessage().contains("free "),
                e.getMessage());
    }

    @Test
    void selectedByNameThroughTheProviderSeam() {
        assertSame(cl, Backends.byName("opencl"));
        assertSame(cl, Backends.byName("opencl:0"), "one backend, one pool per device");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backends.byName("opencl:" + OpenClDevices.list().size()));
        assertTrue(e.getMessage().contains("OpenCL device"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.byName("opencl:x"));
    }
}
