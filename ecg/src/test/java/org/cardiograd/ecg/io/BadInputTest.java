package org.cardiograd.ecg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input is an EcgFormatException that names the file, the place and what was expected. */
class BadInputTest {
    @TempDir
    Path dir;

    private static void assertMessage(EcgFormatException e, String file, String... parts) {
        String message = e.getMessage();
        assertTrue(e.file().getFileName().toString().equals(file), "names " + file + ": " + message);
        assertTrue(message.contains(file), message);
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
        }
    }

    private String realHeader(String name) throws Exception {
        return Files.readString(SharedData.cincSample().resolve(name + ".hea"));
    }

    private Path copyWithMat(String name, byte[] mat) throws Exception {
        Path header = Crafted.copyRecord(SharedData.cincSample(), name, dir, null);
        Files.write(dir.resolve(name + ".mat"), mat);
        return header;
    }

    private byte[] realMat(String name) throws Exception {
        return Files.readAllBytes(SharedData.cincSample().resolve(name + ".mat"));
    }

    @Test
    void truncatedSignalFile() throws Exception {
        byte[] mat = realMat("HR06002");
        Path header = Crafted.write(dir.resolve("t.hea"), "t 12 500 5000\n".concat(realHeader("HR06002")
                .lines().skip(1).map(l -> l.replace("HR06002.mat 16x1+24", "t.dat 16+24")).reduce("", (a, b) -> a + b + "\n"))
                .getBytes());
        Crafted.write(dir.resolve("t.dat"), Arrays.copyOf(mat, mat.length - 1000)); // not a .mat: plain size check
        EcgFormatException e = assertThrows(EcgFormatException.class, () -> WfdbReader.read(header));
        // 120000 sample bytes - 1000 = 119000 bytes = 59500 whole samples: frame 4958, signal 4
        assertMessage(e, "t.dat", "truncated", "sample 4958 of signal 4", "5000 samples");
    }

    @Test
    void matFileWithFewerSamplesThanTheHeaderDeclares() throws Exception {
        String header = realHeader("HR06003").replaceFirst("HR06003 12 500 5000", "HR06003 12 500 5001");
        Crafted.copyRecord(SharedData.cincSample(), "HR06003", dir, header);
        EcgFormatException e = assertThrows(EcgFormatException.class, () -> WfdbReader.read(dir.resolve("HR06003.hea")));
        assertMessage(e, "HR06003.mat", "5000 columns", "declares 5001");
    }

    @Test
    void sampleCountDisagreesWithData() throws Exception {
        int[] samples = new int[100];
        Crafted.write(dir.resolve("n.dat"), Crafted.encode16(samples));
        Path header = Crafted.writeText(dir.resolve("n.hea"), "n 1 100 90\nn.dat 16\n");
        EcgFormatException e = assertThrows(EcgFormatException.class, () -> WfdbReader.read(header));
        assertMessage(e, "n.dat", "20 bytes more", "90 samples", "sample count");
    }

    @Test
    void leadCountDisagreesWithData() throws Exception {
        // the header lists 11 signals in a .mat file that holds 12
        String header = realHeader("HR06004").replaceFirst("HR06004 12 ", "HR06004 11 ")
                .replaceAll("(?m)^HR06004\\.mat .* V6\\R", "");
        Crafted.copyRecord(SharedData.cincSample(), "HR06004", dir, header);
        EcgFormatException e = assertThrows(EcgFormatException.class, () -> WfdbReader.read(dir.resolve("HR06004.hea")));
        assertMessage(e, "HR06004.mat", "12 rows", "lists 11 signals");

        // and in a plain multiplexed file: 3 signals declared, data for 2, no length in the header
        Crafted.write(dir.resolve("m.dat"), Crafted.encode16(new int[2 * 7]));
        Path plain = Crafted.writeText(dir.resolve("m.hea"), "m 3 100\nm.dat 16\nm.dat 16\nm.dat 16\n");
        EcgFormatException e2 = assertThrows(EcgFormatException.class, () -> WfdbReader.read(plain));
        assertMessage(e2, "m.dat", "not a whole number of frames of 3 signals");
    }

    @Test
    void headerDeclaresMoreSignalsThanItLists() {
        EcgFormatException e = assertThrows(EcgFormatException.class, () -> WfdbHeaderParser.parse(
                "r 3 500\nr.dat 16\nr.dat 16\n# Age: 3\n".getBytes(), Path.of("r.hea")));
        assertMessage(e, "r.hea", "2 signal lines", "declares 3");
    }

    @Test
    void checksumMismatch() throws Exception {
        byte[] mat = realMat("JS20001");
        mat[24 + 2 * 12 * 100 + 2 * 3] ^= 1; // flip the lowest bit of sample 100 of signal 3 (aVR)
        Path header = copyWithMat("JS20001", mat);
        EcgFormatException e = assertThrows(EcgFormatException.class, () -> WfdbReader.read(header));
        assertMessage(e, "JS20001.hea", "line 5", "checksum mismatch for signal 3 (aVR)", "JS20001.mat");
    }

    @Test
    void unknownAndUnsupportedFormats() throws Exception {
        EcgFormatException unknown = assertThrows(EcgFormatException.class, () -> WfdbHeaderParser.parse(
                "r 1 500 10\nr.dat 17 200\n".getBytes(), Path.of("r.hea")));
        assertMessage(unknown, "r.hea", "line 2", "unknown format 17", "expected one of");

        Crafted.write(dir.resolve("u.dat"), new byte[30]);
        Path header = Crafted.writeText(dir.resolve("u.hea"), "u 1 500 10\nu.dat 310\n");
        EcgFormatException unsupported = assertThrows(EcgFormatException.class, () -> WfdbReader.read(header));
        assertMessage(unsupported, "u.hea", "line 2", "format 310", "expected 16, 212 or 80");
    }

    @Test
    void unparseableLines() {
        String[][] cases = {
                {"r 12 5OO 5000\n", "line 1", "sampling frequency", "'5OO'"},
                {"r 1 500 10\nr.dat 16 1000(0)/mV 16 zero\n", "line 2", "ADC zero", "'zero'"},
                {"r 1 500 10\nr.dat 16 1000((0)/mV\n", "line 2", "gain", "'1000((0)/mV'"},
                {"r 1 500 10\nr.dat 16x0\n", "line 2", "samples per frame", "out of range"},
                {"r 1 500 10 12:00:00 1/1/2000 extra\n", "line 1", "unexpected field 'extra'"},
                {"r 1 500 10\nr.dat 16\nr2.dat 16\n", "line 3", "declares only 1 signals"},
                {"r 1 -500\n", "line 1", "sampling frequency"},
                {"# only comments\n", "no record line"},
                {"r 1 500 99999999999999999999\n", "line 1", "number of samples"},
                {"r 1 500 10\nr.dat\u0001 16\n", "line 2", "control character 0x01"},
        };
        for (String[] c : cases) {
            EcgFormatException e = assertThrows(EcgFormatException.class,
                    () -> WfdbHeaderParser.parse(c[0].getBytes(java.nio.charset.StandardCharsets.UTF_8), Path.of("bad.hea")),
                    c[0]);
            assertMessage(e, "bad.hea", Arrays.copyOfRange(c, 1, c.length));
        }
        EcgFormatException utf8 = assertThrows(EcgFormatException.class, () -> WfdbHeaderParser.parse(
                new byte[] {'r', ' ', '1', '\n', 'a', (byte) 0xff, '\n'}, Path.of("bin.hea")));
        assertMessage(utf8, "bin.hea", "line 2", "UTF-8");
    }

    @Test
    void missingFiles() throws Exception {
        EcgFormatException header = assertThrows(EcgFormatException.class,
                () -> WfdbReader.read(dir.resolve("absent.hea")));
        assertMessage(header, "absent.hea", "missing header file");

        Path orphan = Crafted.writeText(dir.resolve("o.hea"), "o 1 500 10\no.dat 16\n");
        EcgFormatException data = assertThrows(EcgFormatException.class, () -> WfdbReader.read(orphan));
        assertMessage(data, "o.dat", "missing signal file", "o.hea line 2");

        EcgFormatException folder = assertThrows(EcgFormatException.class, () -> CincDataset.open(dir.resolve("nope")));
        assertMessage(folder, "nope", "missing dataset folder");
    }

    @Test
    void missingLeadAndNonVoltageUnits() throws Exception {
        String renamed = realHeader("HR06005").replace(" aVF\n", " aVX\n");
        Crafted.copyRecord(SharedData.cincSample(), "HR06005", dir, renamed);
        EcgFormatException lead = assertThrows(EcgFormatException.class, () -> WfdbEcg.read(dir.resolve("HR06005.hea")));
        assertMessage(lead, "HR06005.hea", "lead aVF is missing");

        Crafted.write(dir.resolve("p.dat"), Crafted.encode16(new int[3]));
        Path pressure = Crafted.writeText(dir.resolve("p.hea"), "p 1 100 3\np.dat 16 10/mmHg 16 0 0 0 0 ABP\n");
        EcgFormatException units = assertThrows(EcgFormatException.class,
                () -> WfdbReader.read(pressure).millivolts(0));
        assertMessage(units, "p.hea", "line 2", "'mmHg'", "expected a voltage");
    }

    @Test
    void datasetLoadingFailsOnTheFirstBadRecordOrSkipsAndReports() throws Exception {
        Path sample = SharedData.cincSample();
        for (String name : List.of("HR06000", "HR06001", "JS20002")) {
            Crafted.copyRecord(sample, name, dir, null);
        }
        byte[] mat = Files.readAllBytes(dir.resolve("HR06001.mat"));
        Files.write(dir.resolve("HR06001.mat"), Arrays.copyOf(mat, mat.length - 2));
        Files.writeString(dir.resolve("JS20002.hea"),
                Files.readString(dir.resolve("JS20002.hea")).replaceAll("# Dx: .*", "# Dx: 426783006,999"));

        CincDataset dataset = CincDataset.open(dir);
        EcgFormatException first = assertThrows(EcgFormatException.class, dataset::loadAll);
        assertMessage(first, "HR06001.mat");

        List<EcgDataset.SkippedRecord> skipped = new ArrayList<>();
        List<EcgRecord> loaded = dataset.loadAll(dataset.recordIds(), EcgDataset.BadRecordPolicy.SKIP, skipped);
        assertEquals(List.of("HR06000"), loaded.stream().map(EcgRecord::id).toList());
        assertEquals(List.of("HR06001", "JS20002"), skipped.stream().map(EcgDataset.SkippedRecord::id).toList());
        assertTrue(skipped.get(0).reason().contains("HR06001.mat") && skipped.get(0).reason().contains("truncated"),
                skipped.get(0).reason());
        assertTrue(skipped.get(1).reason().contains("JS20002.hea") && skipped.get(1).reason().contains("'999'"),
                skipped.get(1).reason());
    }
}
