package org.cardiograd.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cardiograd.tensor.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --resume: the saved options, with only where the run computes (--threads, --device) given anew. */
class ResumeTest {

    @AfterEach
    void restoreDefaultBackend() {
        Backends.setCurrent(null);
    }

    private static Options.Parsed resume(Map<String, String> saved, String... args) {
        Options o = PretrainCommand.options();
        return Resume.restore(o, "pretrain", args, o.parse(args), saved);
    }

    @Test
    void resumeTakesThreadsAndDeviceAndNothingElse() {
        Map<String, String> saved = Resume.metadata("pretrain", PretrainCommand.options().parse(new String[] {
            "--steps", "7", "--threads", "1"}), "{}");
        Options.Parsed p = resume(saved, "--resume", "runs/x", "--device", "opencl:1", "--threads=2");
        assertEquals("opencl:1", p.string("--device"));
        assertEquals(2, p.integer("--threads"));
        assertEquals(7, p.integer("--steps"));
        Options.Parsed same = resume(saved, "--resume", "runs/x");
        assertEquals("cpu", same.string("--device"));
        assertEquals(1, same.integer("--threads"));
        for (String[] bad : List.of(new String[] {"--resume", "runs/x", "--steps", "9"},
                new String[] {"--resume", "runs/x", "--seed=3"})) {
            String message = assertThrows(Options.UsageException.class, () -> resume(saved, bad)).getMessage();
            assertTrue(message.contains(bad[2].split("=")[0] + " cannot be changed (only --threads and --device)"),
                    message);
        }
    }

    /**
     * A run started on the CPU and resumed on OpenCL keeps the CPU's first steps and continues with the losses an
     * uninterrupted CPU run has, up to the devices' rounding. Skips without an OpenCL device (fails when CI=true).
     */
    @Test
    void aCpuRunResumesOnOpenCl(@TempDir Path dir) throws Exception {
        SharedSample.openClDevice();
        Path run = dir.resolve("pre");
        assertEquals(0, Main.run(EndToEndTest.args(EndToEndTest.TINY, "pretrain", "--records", "32",
                "--test-records", "8", "--steps", "4", "--batch", "8", "--checkpoint-every", "2", "--out",
                run.toString())));
        List<String> cpu = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(0, Main.run(new String[] {"pretrain", "--resume",
            run.resolve("checkpoints/step-000002.safetensors").toString(), "--device", "opencl"}));
        List<String> resumed = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(cpu.subList(0, 3), resumed.subList(0, 3)); // header, steps 1 and 2 from the CPU run
        assertEquals(cpu.size(), resumed.size());
        for (int row = 3; row < cpu.size(); row++) {
            String[] e = cpu.get(row).split(",");
            String[] a = resumed.get(row).split(",");
            assertEquals(e[0], a[0], "step");
            for (int c = 1; c < e.length; c++) {
                float x = Float.parseFloat(e[c]);
                assertEquals(x, Float.parseFloat(a[c]), 1e-3f * Math.abs(x), "row " + row + " column " + c + ": cpu "
                        + cpu.get(row) + ", opencl " + resumed.get(row));
            }
        }
        assertTrue(Files.readString(run.resolve("config.json")).contains("opencl"), "config.json names the device");
    }
}
