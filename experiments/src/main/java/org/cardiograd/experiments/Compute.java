package org.cardiograd.experiments;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;

/** The --device and --threads options: where new tensors live (model code does not change with the device). */
final class Compute {
    private Compute() {}

    static void declare(Options o) {
        o.value("--threads", "N", Integer.toString(Runtime.getRuntime().availableProcessors()),
                "CPU compute threads (same seed and threads give the same numbers)");
        o.value("--device", "NAME", "cpu",
                "cpu, or opencl / opencl:N for the N-th OpenCL device (./cardiograd devices lists them)");
    }

    static void use(Options.Parsed p) {
        use(p.string("--device"), p.atLeast("--threads", 1));
    }

    /** Makes the device current; a device that is unknown or absent is a usage error naming what is missing. */
    static void use(String device, int threads) {
        Backend backend;
        try {
            backend = device.equals("cpu") ? Backends.byName("cpu:" + threads) : Backends.byName(device);
        } catch (RuntimeException e) {
            throw new Options.UsageException("--device " + device + ": " + e.getMessage());
        }
        Backends.setCurrent(backend);
    }
}
