package org.cardiograd.tensor.opencl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.exception.CompileFailedException;
import com.aparapi.internal.kernel.KernelManager;

/**
 * Runs {@link OpenClKernel} on one device: compiles it up front, launches it with explicit ranges, refuses to
 * continue if Aparapi ran a launch anywhere but the OpenCL device, and moves data between host and pool through
 * the staging arrays (counting every transfer). All launches of a device are serialized on this object: the
 * kernel's scalar fields are its arguments.
 */
final class OpenClLauncher {
    static final int GROUP = 64;
    private static final int SMALL_STAGE = 4096;
    private static final int LARGE_STAGE = 1 << 20;

    /** -Dcardiograd.opencl.traceTransfers=true prints where every host transfer comes from. */
    private static final boolean TRACE_TRANSFERS = Boolean.getBoolean("cardiograd.opencl.traceTransfers");
    private static final Logger APARAPI_LOG = Logger.getLogger("com.aparapi");

    private final OpenCLDevice device;
    final OpenClKernel kernel = new OpenClKernel();
    private final AparapiWarnings warnings = new AparapiWarnings();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong transferredFloats = new AtomicLong();
    /** Names of the checks that report bad indices through the error cells; cell 0 holds index + 1. */
    private final List<String> errorNames = new ArrayList<>();
    private boolean verified;

    OpenClLauncher(OpenCLDevice device, int poolFloats) {
        this.device = device;
        kernel.pool = new float[poolFloats];
        kernel.stageSmall = new float[SMALL_STAGE + OpenClKernel.ERROR_CELLS];
        kernel.stageLarge = new float[LARGE_STAGE + OpenClKernel.ERROR_CELLS];
        kernel.negInf = Float.NEGATIVE_INFINITY;
        kernel.nan = Float.NaN;
        kernel.setExplicit(true);
        KernelManager.instance().setPreferredDevices(kernel, new LinkedHashSet<>(List.of(device)));
        // Aparapi's warnings go into our errors instead of the console (where they would only be noise when all
        // is well); the logger is held in a static field so its configuration is not garbage-collected
        APARAPI_LOG.addHandler(warnings);
        APARAPI_LOG.setUseParentHandlers(false);
        try {
            kernel.compile(device);
        } catch (CompileFailedException e) {
            throw new IllegalStateException("OpenCL device " + device.getName() + ": Aparapi could not build the "
                    + "cardiograd kernel: " + reason(e) + warnings.text(), e);
        }
        // the one whole-pool transfer: creates the device buffers (zeros) before the first launch
        kernel.put(kernel.pool).put(kernel.stageSmall).put(kernel.stageLarge);
    }

    private static String reason(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(sb.length() == 0 ? "" : " <- ").append(t);
        }
        return sb.toString();
    }

    OpenCLDevice device() {
        return device;
    }

    long reads() {
        return reads.get();
    }

    long writes() {
        return writes.get();
    }

    /** The error code under which a kernel reports a bad index of {@code name} (registered on first use). */
    synchronized int errorCode(String name) {
        int at = errorNames.indexOf(name);
        if (at < 0) {
            errorNames.add(name);
            at = errorNames.size() - 1;
        }
        return at + 1;
    }

    long transferredFloats() {
        return transferredFloats.get();
    }

    static int roundUp(int n, int multiple) {
        return Math.max(multiple, (n + multiple - 1) / multiple * multiple);
    }

    /** Runs the op already set in the kernel's fields over {@code n} work-items in groups of {@link #GROUP}. */
    void launch(int n) {
        if (n > 0) {
            execute(Range.create(device, roundUp(n, GROUP), GROUP));
        }
    }

    /** TILE x TILE x 1 work-groups, one per BLOCK x BLOCK block of a cols x rows x batch output. */
    void launchTiles(int cols, int rows, int batch) {
        int t = OpenClKernel.TILE;
        int b = OpenClKernel.BLOCK;
        execute(Range.create3D(device, roundUp(cols, b) / b * t, roundUp(rows, b) / b * t, batch, t, t, 1));
    }

    private void execute(Range range) {
        kernel.execute(range);
        boolean failed = KernelManager.instance().getPreferences(kernel).getFailedDevices().contains(device);
        if (failed || !kernel.isRunningCL()) {
            throw new IllegalStateException("OpenCL device " + device.getName() + ": Aparapi did not run op "
                    + kernel.op + " on the device (it would have fallen back to Java threads); Aparapi said: "
                    + warnings.text());
        }
        verified = true;
    }

    boolean verified() {
        return verified;
    }

    // ---- host transfers through the staging arrays ----------------------------------------------------------

    /** pool[position ..] = src[srcOffset ..], in staging-sized chunks: one host-to-device transfer per chunk. */
    synchronized void write(int position, float[] src, int srcOffset, int length) {
        int done = 0;
        while (done < length) {
            int n = Math.min(length - done, LARGE_STAGE);
            float[] stage = n <= SMALL_STAGE ? kernel.stageSmall : kernel.stageLarge;
            System.arraycopy(src, srcOffset + done, stage, 0, n);
            kernel.put(stage);
            count(writes, n);
            setStage(OpenClKernel.OP_STAGE_IN, position + done, n, stage);
            launch(n);
            done += n;
        }
    }

    /** dst[dstOffset ..] = pool[position ..]: one device-to-host transfer per chunk; checks the error cells. */
    synchronized void read(int position, float[] dst, int dstOffset, int length) {
        int done = 0;
        while (done < length) {
            int n = Math.min(length - done, LARGE_STAGE);
            float[] stage = n <= SMALL_STAGE ? kernel.stageSmall : kernel.stageLarge;
            setStage(OpenClKernel.OP_STAGE_OUT, position + done, n, stage);
            launch(Math.max(n, OpenClKernel.ERROR_CELLS));
            kernel.get(stage);
            count(reads, n);
            System.arraycopy(stage, 0, dst, dstOffset + done, n);
            checkErrorCells(stage);
            done += n;
        }
    }

    private void setStage(int op, int position, int n, float[] stage) {
        kernel.op = op;
        kernel.aBase = position;
        kernel.count = n;
        kernel.useLarge = stage == kernel.stageLarge ? 1 : 0;
    }

    private void count(AtomicLong direction, int floats) {
        direction.incrementAndGet();
        transferredFloats.addAndGet(floats);
        if (TRACE_TRANSFERS) {
            StringBuilder where = new StringBuilder("cardiograd opencl " + (direction == reads ? "read" : "write")
                    + " of " + floats + " floats at");
            StackTraceElement[] stack = new Throwable().getStackTrace();
            for (int i = 0, shown = 0; i < stack.length && shown < 4; i++) {
                if (!stack[i].getClassName().startsWith("org.cardiograd.tensor.opencl")) {
                    where.append("\n    ").append(stack[i]);
                    shown++;
                }
            }
            System.err.println(where);
        }
    }

    /** A kernel that met a bad index recorded it in pool[0..2] (error code, value, bound): report it, then clear it. */
    private void checkErrorCells(float[] stage) {
        int at = stage.length - OpenClKernel.ERROR_CELLS;
        if (stage[at] != 0f) {
            int code = (int) stage[at];
            float value = stage[at + 1];
            float bound = stage[at + 2];
            clearErrorCells();
            // (read() holds this launcher's lock, which guards errorNames)
            String name = code >= 1 && code <= errorNames.size() ? errorNames.get(code - 1) : "error code " + code;
            throw new IllegalArgumentException(name + " on OpenCL met " + value + ", expected an integer in "
                    + "[0, " + (long) bound + ") (reported at the first host read after the kernel ran)");
        }
    }

    private void clearErrorCells() {
        OpenClElementwise.fillRange(this, 0, OpenClKernel.ERROR_CELLS, 0f);
    }

    /** Collects Aparapi's log warnings: the reason a kernel could not be built or run on OpenCL. */
    private static final class AparapiWarnings extends Handler {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && text.length() < 4000) {
                text.append("\n  ").append(record.getMessage());
                if (record.getThrown() != null) {
                    text.append(": ").append(reason(record.getThrown()));
                }
            }
        }

        synchronized String text() {
            return text.length() == 0 ? " (no warning logged)" : text.toString();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
