package org.cardiograd.tensor;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.reference.ReferenceBackend;

/**
 * Where tensors get their backend. Factories without a backend argument use {@link #current()}, which starts
 * as the CPU backend with one thread per available processor ({@code -Dcardiograd.threads=N} overrides).
 */
public final class Backends {
    private static final Map<String, Backend> BY_NAME = new ConcurrentHashMap<>();
    private static volatile Backend current;

    private Backends() {}

    /** The shared CPU backend. */
    public static Backend cpu() {
        return BY_NAME.computeIfAbsent("cpu", n -> new CpuBackend(defaultThreads()));
    }

    /** The scalar reference backend (the test oracle). */
    public static Backend reference() {
        return BY_NAME.computeIfAbsent("reference", n -> new ReferenceBackend());
    }

    /** The backend new tensors go to by default. */
    public static Backend current() {
        Backend b = current;
        return b != null ? b : cpu();
    }

    public static void setCurrent(Backend backend) {
        current = backend;
    }

    /**
     * A backend by device name: {@code cpu}, {@code cpu:N} (N threads), {@code reference}, or a name that a
     * {@link BackendProvider} on the class path accepts (e.g. {@code opencl}, {@code opencl:1}).
     */
    public static Backend byName(String device) {
        if (device.equals("cpu")) {
            return cpu();
        }
        if (device.startsWith("cpu:")) {
            int threads;
            try {
                threads = Integer.parseInt(device.substring(4));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device '" + device + "': expected cpu:<threads>");
            }
            return BY_NAME.computeIfAbsent(device, n -> new CpuBackend(threads));
        }
        if (device.equals("reference")) {
            return reference();
        }
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.accepts(device)) {
                return BY_NAME.computeIfAbsent(device, p::create);
            }
        }
        throw new IllegalArgumentException("unknown device '" + device + "': expected cpu, cpu:<threads>, "
                + "reference or a device a backend provider accepts (opencl needs the OpenCL backend)");
    }

    static int defaultThreads() {
        String prop = System.getProperty("cardiograd.threads");
        if (prop != null) {
            return Integer.parseInt(prop.trim());
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
