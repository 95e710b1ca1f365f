package org.cardiograd.ecg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Formats 212, 80 and 16 on crafted files: bit layout, invalid markers, units, multiplexing, skew. */
class WfdbFormatsTest {
    @TempDir
    Path dir;

    private static int[] random12Bit(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextInt(-2047, 2048); // the full valid 12-bit range
        }
        return out;
    }

    @Test
    void decodes212MultiplexedWithInvalidSamplesAndBaseline() throws Exception {
        int[] a = random12Bit(101, 1);
        int[] b = random12Bit(101, 2);
        int[] c = random12Bit(101, 3);
        a[0] = 2047;
        b[0] = -2047;
        c[7] = -2048; // invalid marker
        int[] stored = Crafted.interleave(a, b, c); // 303 samples: odd, ends in a 2-byte half pair
        Crafted.write(dir.resolve("r212.dat"), Crafted.encode212(stored, false));
        Crafted.writeText(dir.resolve("r212.hea"), "r212 3 250 101\n"
                + "r212.dat 212 200(100)/mV 12 0 " + a[0] + " " + Crafted.checksum(a) + " 0 I\n"
                + "r212.dat 212 400/uV 12 0 " + b[0] + " " + Crafted.checksum(b) + " 0 II\n"
                + "r212.dat 212 100 12 0 " + c[0] + " " + Crafted.checksum(c) + " 0 III\n");
        WfdbRecord r = WfdbReader.read(dir.resolve("r212.hea"));
        assertArrayEquals(a, r.adu(0));
        assertArrayEquals(b, r.adu(1));
        assertArrayEquals(c, r.adu(2));

        float[] mvA = r.millivolts(0);
        assertEquals((a[5] - 100) / 200.0, mvA[5], 1e-6, "(adu - baseline) / gain");
        float[] mvB = r.millivolts(1);
        assertEquals(b[5] / 400.0 / 1000.0, mvB[5], 1e-9, "uV converted to mV");
        assertTrue(Float.isNaN(r.millivolts(2)[7]), "-2048 marks an invalid 212 sample");
        assertEquals(c[8] / 100.0, r.millivolts(2)[8], 1e-6);
    }

    @Test
    void accepts212WithAPaddedLastPair() throws Exception {
        int[] a = random12Bit(7, 4);
        Crafted.write(dir.resolve("p.dat"), Crafted.encode212(a, true));
        Crafted.writeText(dir.resolve("p.hea"), "p 1 100 7\np.dat 212 200 12 0 " + a[0] + " "
                + Crafted.checksum(a) + " 0 I\n");
        assertArrayEquals(a, WfdbReader.read(dir.resolve("p.hea")).adu(0));
    }

    @Test
    void decodes80AndFindsTheLengthFromTheFileWhenTheHeaderOmitsIt() throws Exception {
        int[] a = {0, 1, -1, 127, -127, -128, 50};
        int[] b = {5, -5, 100, -100, 0, 0, -128};
        Crafted.write(dir.resolve("e.dat"), Crafted.encode80(Crafted.interleave(a, b)));
        Crafted.writeText(dir.resolve("e.hea"), "e 2 128\ne.dat 80 10/MV\ne.dat 80 10/mV\n");
        WfdbRecord r = WfdbReader.read(dir.resolve("e.hea"));
        assertEquals(7, r.numberOfSamples());
        assertArrayEquals(a, r.adu(0));
        assertArrayEquals(b, r.adu(1));
        float[] mv = r.millivolts(0);
        assertEquals(12.7f, mv[3], 1e-6);
        assertTrue(Float.isNaN(mv[5]), "-128 marks an invalid format-80 sample");
        assertTrue(Float.isNaN(r.millivolts(1)[6]));
    }

    @Test
    void readsSignalsInSeparateFilesOfDifferentFormats() throws Exception {
        int[] a = random12Bit(50, 5);
        int[] b = {-32768, 32767, -32767, 0, 1};
        int[] bLong = new int[50];
        for (int i = 0; i < 50; i++) {
            bLong[i] = b[i % b.length];
        }
        int[] c = new int[50];
        for (int i = 0; i < 50; i++) {
            c[i] = i - 25;
        }
        Crafted.write(dir.resolve("s_a.dat"), Crafted.encode212(a, false));
        Crafted.write(dir.resolve("s_b.dat"), Crafted.encode16(bLong));
        Crafted.write(dir.resolve("s_c.dat"), Crafted.encode80(c));
        Crafted.writeText(dir.resolve("s.hea"), "s 3 500 50\n"
                + "s_a.dat 212 200 12 0 0 " + Crafted.checksum(a) + " 0 V1\n"
                + "s_b.dat 16 1000(-5)/uv 16 0 0 " + Crafted.checksum(bLong) + " 0 V2\n"
                + "s_c.dat 80 10 8 0 0 " + Crafted.checksum(c) + " 0 V3\n");
        WfdbRecord r = WfdbReader.read(dir.resolve("s.hea"));
        assertArrayEquals(a, r.adu(0));
        assertArrayEquals(bLong, r.adu(1));
        assertArrayEquals(c, r.adu(2));
        float[] v2 = r.millivolts(1);
        assertTrue(Float.isNaN(v2[0]), "-32768 marks an invalid format-16 sample");
        assertEquals((32767 + 5) / 1000.0 / 1000.0, v2[1], 1e-9);
    }

    @Test
    void appliesSkew() throws Exception {
        int[] a = {1, 2, 3, 4, 5, 6};
        int[] b = {10, 20, 30, 40, 50, 60};
        Crafted.write(dir.resolve("k.dat"), Crafted.encode16(Crafted.interleave(a, b)));
        // 5 samples declared, signal 1 skewed by 1: its sample t is stored in frame t + 1
        Crafted.writeText(dir.resolve("k.hea"), "k 2 100 5\nk.dat 16\nk.dat 16:1\n");
        WfdbRecord r = WfdbReader.read(dir.resolve("k.hea"));
        assertArrayEquals(new int[] {1, 2, 3, 4, 5}, r.adu(0));
        assertArrayEquals(new int[] {20, 30, 40, 50, 60}, r.adu(1));
    }
}
