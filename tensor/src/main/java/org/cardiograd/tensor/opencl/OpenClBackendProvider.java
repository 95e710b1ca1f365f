package org.cardiograd.tensor.opencl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.BackendProvider;

/** Registers {@code opencl} and {@code opencl:N} with {@code Backends.byName} (META-INF/services). */
public final class OpenClBackendProvider implements BackendProvider {
    /** One backend (one kernel, one pool) per device, however it is named: opencl and opencl:0 are the same. */
    private static final Map<Integer, OpenClBackend> BY_INDEX = new ConcurrentHashMap<>();

    @Override
    public boolean accepts(String device) {
        return device.equals("opencl") || device.startsWith("opencl:");
    }

    @Override
    public Backend create(String device) {
        int index = 0;
        if (device.startsWith("opencl:")) {
            try {
                index = Integer.parseInt(device.substring("opencl:".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device '" + device + "': expected opencl or opencl:<index>");
            }
        }
        int device0 = index;
        return BY_INDEX.computeIfAbsent(index, i -> new OpenClBackend(OpenClDevices.select(device0), device0));
    }
}
