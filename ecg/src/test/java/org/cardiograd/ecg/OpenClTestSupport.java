package org.cardiograd.ecg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.opencl.OpenClDevices;

/**
 * For the model steps run on OpenCL against the CPU backend: the device (skipping the test without one, failing
 * then when CI is "true", through {@link SharedData#skipOrFailInCi}) and the comparison of the two runs' numbers.
 */
public final class OpenClTestSupport {
    private OpenClTestSupport() {
    }

    /** The first OpenCL device's backend. */
    public static Backend deviceOrSkip() {
        if (OpenClDevices.list().isEmpty()) {
            SharedData.skipOrFailInCi("no OpenCL device (install pocl-opencl-icd or a GPU driver; ./cardiograd devices)");
        }
        return Backends.byName("opencl");
    }

    /**
     * Each array of {@code opencl} within {@code tolerance} times the largest magnitude in the same array of
     * {@code cpu}. {@code names} labels the arrays in a failure.
     */
    public static void assertSameUpTo(double tolerance, List<String> names, List<float[]> cpu,
                                      List<float[]> opencl) {
        assertEquals(cpu.size(), opencl.size(), "number of compared tensors");
        for (int t = 0; t < cpu.size(); t++) {
            float[] e = cpu.get(t);
            float[] a = opencl.get(t);
            assertEquals(e.length, a.length, names.get(t) + ": length");
            double scale = 0;
            for (float v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < e.length; i++) {
                if (!(Math.abs(a[i] - e[i]) <= tolerance * scale + 1e-7)) {
                    fail(names.get(t) + " element " + i + ": opencl " + a[i] + ", cpu " + e[i]);
                }
            }
        }
    }
}
