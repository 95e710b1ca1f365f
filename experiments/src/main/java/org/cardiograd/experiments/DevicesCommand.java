package org.cardiograd.experiments;

import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.cpu.CpuBackend;
import org.cardiograd.tensor.opencl.OpenClDevices;

/** Lists the compute devices cardiograd can use. */
final class DevicesCommand implements Command {
    @Override
    public String name() {
        return "devices";
    }

    @Override
    public String summary() {
        return "list the CPU backend's SIMD width and threads and every OpenCL platform and device (--device opencl:N)";
    }

    @Override
    public int run(String[] args) {
        if (args.length > 0) {
            System.out.println("usage: ./cardiograd devices\n\n" + summary());
            return args[0].equals("--help") ? 0 : 2;
        }
        CpuBackend cpu = (CpuBackend) Backends.cpu();
        System.out.printf("cpu: %d threads, %d-bit SIMD (%d floats per vector), %s %s%n", cpu.threads(),
                CpuBackend.simdWidth() * 32, CpuBackend.simdWidth(), System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        System.out.print(OpenClDevices.describe());
        return 0;
    }
}
