package org.cardiograd.ecg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.cardiograd.ecg.EcgRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WfdbWriterTest {
    @TempDir
    Path dir;

    private static int[][] randomAdu(int signals, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] adu = new int[signals][n];
        for (int[] signal : adu) {
            for (int t = 0; t < n; t++) {
                signal[t] = random.nextInt(-32768, 32768); // includes the invalid marker
            }
        }
        return adu;
    }

    @Test
    void roundTripsMultiplexedAndSeparateFiles() throws Exception {
        int[][] adu = randomAdu(3, 1234, 7);
        for (WfdbWriter.Layout layout : WfdbWriter.Layout.values()) {
            Path out = dir.resolve(layout.name());
            Path header = WfdbWriter.writeFormat16(out, "rt", 360, List.of("I", "II", "V1 chest"), adu, 200,
                    Map.of("Age", "61"), layout);
            WfdbRecord r = WfdbReader.read(header);
            for (int s = 0; s < 3; s++) {
                assertArrayEquals(adu[s], r.adu(s), layout + " signal " + s);
                assertEquals(adu[s][0], r.header().signals().get(s).initialValue());
                assertEquals(Crafted.checksum(adu[s]), r.header().signals().get(s).checksum());
            }
            assertEquals("V1 chest", r.header().signals().get(2).description());
            assertEquals(360.0, r.header().samplingFrequency());
            assertEquals("61", r.header().metadata().get("Age"));
            try (Stream<Path> files = Files.list(out)) {
                assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary files left behind");
            }
        }
    }

    @Test
    void roundTripsAnEcgRecordInMillivolts() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        float[][] signal = new float[12][500];
        for (float[] lead : signal) {
            for (int t = 0; t < lead.length; t++) {
                lead[t] = (float) (random.nextDouble() * 6 - 3);
            }
        }
        signal[4][17] = Float.NaN;
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("Sex", "Male");
        EcgRecord record = new EcgRecord("ecg_1", signal, 500, Set.of("NORM"), null, null, metadata);
        Path header = WfdbWriter.write(dir, record, 1000);
        EcgRecord back = WfdbEcg.read(header);
        assertEquals(500.0, back.samplingRate());
        for (int lead = 0; lead < 12; lead++) {
            for (int t = 0; t < 500; t++) {
                if (lead == 4 && t == 17) {
                    assertTrue(Float.isNaN(back.signal()[lead][t]));
                } else {
                    assertEquals(signal[lead][t], back.signal()[lead][t], 0.5 / 1000 + 1e-6);
                }
            }
        }
        assertEquals("Male", back.metadata().get("Sex"));
        assertEquals("NORM", back.metadata().get("Labels"));
    }

    @Test
    void refusesValuesThatDoNotFit() {
        float[][] signal = new float[12][3];
        signal[2][1] = 40f; // 40 mV at 1000/mV = 40000 > 32767
        EcgRecord record = new EcgRecord("big", signal, 500, Set.of(), null, null, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WfdbWriter.write(dir, record, 1000));
        assertTrue(e.getMessage().contains("lead III sample 1"), e.getMessage());
    }

    @Test
    void replacesAnExistingRecord() throws Exception {
        WfdbWriter.writeFormat16(dir, "same", 100, List.of("I"), new int[][] {{1, 2, 3}}, 200, Map.of(),
                WfdbWriter.Layout.MULTIPLEXED);
        Path header = WfdbWriter.writeFormat16(dir, "same", 100, List.of("I"), new int[][] {{4, 5}}, 200, Map.of(),
                WfdbWriter.Layout.MULTIPLEXED);
        assertArrayEquals(new int[] {4, 5}, WfdbReader.read(header).adu(0));
    }
}
