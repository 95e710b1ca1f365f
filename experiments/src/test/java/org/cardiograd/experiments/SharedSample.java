package org.cardiograd.experiments;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cardiograd.tensor.opencl.OpenClDevices;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real CinC 2021 sample beside the checkout and the OpenCL device (same rule as ecg's SharedData, whose test
 * classes this module cannot see): skip with a message when absent, fail when CI=true.
 */
final class SharedSample {
    private SharedSample() {}

    static Path cinc() {
        String root = System.getProperty("cardiograd.root", "..");
        Path folder = Path.of(root).resolve("../shared/data/cinc2021-sample").normalize();
        if (!Files.isDirectory(folder)) {
            skipOrFailInCi("shared sample data not found at " + folder.toAbsolutePath());
        }
        return folder;
    }

    /** Whether an OpenCL device is there to run on; skips the test otherwise (fails it when CI=true). */
    static void openClDevice() {
        if (OpenClDevices.list().isEmpty()) {
            skipOrFailInCi("no OpenCL device (install pocl-opencl-icd or a GPU driver; ./cardiograd devices)");
        }
    }

    private static void skipOrFailInCi(String message) {
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: tests must not skip)");
        }
        Assumptions.abort(message + "; skipping");
    }
}
