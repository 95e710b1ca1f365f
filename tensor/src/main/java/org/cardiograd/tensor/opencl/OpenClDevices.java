package org.cardiograd.tensor.opencl;

import java.util.ArrayList;
import java.util.List;

import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLPlatform;

/**
 * The OpenCL devices of this machine, numbered across platforms in the order the ICD loader reports them:
 * {@code opencl:N} is entry N of {@link #list()}, {@code opencl} is entry 0.
 */
public final class OpenClDevices {
    /** What to install when there is no device: named in every "no OpenCL" error. */
    static final String INSTALL_HINT = "install an OpenCL driver: the Debian/Ubuntu package pocl-opencl-icd "
            + "(OpenCL on the CPU) or your GPU vendor's OpenCL driver (check with: clinfo -l)";

    /** Why listing failed (no ICD loader, Aparapi's native library), for the "no device" message. */
    private static volatile String listingFailure = "";

    private OpenClDevices() {}

    /** Every OpenCL device, empty when there is none (or no ICD loader / Aparapi native library). */
    public static List<OpenCLDevice> list() {
        List<OpenCLDevice> all = new ArrayList<>();
        for (OpenCLPlatform p : platforms()) {
            all.addAll(p.getOpenCLDevices());
        }
        return all;
    }

    private static List<OpenCLPlatform> platforms() {
        try {
            return OpenCLPlatform.getUncachedOpenCLPlatforms();
        } catch (LinkageError | RuntimeException e) {
            // no libOpenCL.so, or Aparapi's JNI library failed to load: the same as "no device"
            listingFailure = " (listing the OpenCL platforms failed: " + e + ")";
            return List.of();
        }
    }

    /** Device {@code index} of {@link #list()}, or an error that names what to install. */
    static OpenCLDevice select(int index) {
        List<OpenCLDevice> all = list();
        if (all.isEmpty()) {
            throw new IllegalStateException("device 'opencl': no OpenCL device found; " + INSTALL_HINT
                    + listingFailure);
        }
        if (index < 0 || index >= all.size()) {
            throw new IllegalArgumentException("device 'opencl:" + index + "': only " + all.size()
                    + " OpenCL device(s) present (opencl:0 .. opencl:" + (all.size() - 1) + "): " + names(all));
        }
        return all.get(index);
    }

    private static String names(List<OpenCLDevice> all) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append("opencl:").append(i).append(' ').append(all.get(i).getName());
        }
        return sb.toString();
    }

    /**
     * One line per platform and per device (memory, compute units, work-group and local memory sizes), for
     * {@code cardiograd devices}; a line naming what to install when there is none.
     */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        int index = 0;
        for (OpenCLPlatform p : platforms()) {
            sb.append("OpenCL platform: ").append(p.getName()).append(" (").append(p.getVersion().trim())
                    .append(")\n");
            for (OpenCLDevice d : p.getOpenCLDevices()) {
                sb.append(String.format("  opencl:%d  %s  [%s]  memory %d MiB (max alloc %d MiB), "
                                + "%d compute units, max work-group %d, local memory %d KiB%n",
                        index++, d.getName().trim(), d.getType(), d.getGlobalMemSize() >> 20,
                        d.getMaxMemAllocSize() >> 20, d.getMaxComputeUnits(), d.getMaxWorkGroupSize(),
                        d.getLocalMemSize() >> 10));
            }
        }
        if (index == 0) {
            sb.append("OpenCL: no device found; ").append(INSTALL_HINT).append(listingFailure).append('\n');
        }
        return sb.toString();
    }
}
