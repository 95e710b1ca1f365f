package org.cardiograd.tensor.opencl;

import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.BackendProvider;

/** Registers {@code opencl} and {@code opencl:N} with {@code Backends.byName} (META-INF/services). */
public final class OpenClBackendProvider implements BackendProvider {

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
        return new OpenClBackend(OpenClDevices.select(index), index);
    }
}
