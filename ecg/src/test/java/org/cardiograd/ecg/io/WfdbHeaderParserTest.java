package org.cardiograd.ecg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cardiograd.ecg.SharedData;
import org.junit.jupiter.api.Test;

class WfdbHeaderParserTest {
    private static final Path FILE = Path.of("test.hea");

    private static WfdbHeader parse(String text) throws EcgFormatException {
        return WfdbHeaderParser.parse(text.getBytes(StandardCharsets.UTF_8), FILE);
    }

    @Test
    void parsesEveryFieldOfRecordAndSignalLines() throws Exception {
        WfdbHeader h = parse("""
                # leading comment
                100 3 360/720(5) 650000 12:30:00 25/12/2020
                100.dat 212x1:3+10 200(1024)/uV 11 1024 995 -22131 0 MLII upper lead
                100.dat 212+10 0
                101.dat 80 100/mv 8 12
                # Age: 59
                # Age: 60
                # free text without key
                """);
        assertEquals("100", h.recordName());
        assertEquals(0, h.numberOfSegments());
        assertEquals(3, h.numberOfSignals());
        assertEquals(360.0, h.samplingFrequency());
        assertEquals(720.0, h.counterFrequency());
        assertEquals(5.0, h.baseCounter());
        assertEquals(650000L, h.numberOfSamples());
        assertEquals("12:30:00", h.baseTime());
        assertEquals("25/12/2020", h.baseDate());

        WfdbSignalSpec full = h.signals().get(0);
        assertEquals(new WfdbSignalSpec("100.dat", 212, 1, 3, 10, 200.0, 1024, "uV", 11, 1024, 995, -22131, 0,
                "MLII upper lead", 3), full);

        WfdbSignalSpec defaults = h.signals().get(1);
        assertEquals(WfdbSignalSpec.DEFAULT_GAIN, defaults.gain(), "gain 0 means 200");
        assertEquals("mV", defaults.units());
        assertEquals(0, defaults.baseline());
        assertNull(defaults.checksum());
        assertEquals("", defaults.description());

        WfdbSignalSpec baselineFromZero = h.signals().get(2);
        assertEquals(12, baselineFromZero.adcZero());
        assertEquals(12, baselineFromZero.baseline(), "baseline defaults to ADC zero");
        assertEquals(12, baselineFromZero.initialValue(), "initial value defaults to ADC zero");
        assertEquals("mv", baselineFromZero.units());

        assertEquals(Map.of("Age", "59"), h.metadata(), "first occurrence of a key wins");
        assertEquals(List.of("leading comment", "Age: 59", "Age: 60", "free text without key"), h.comments());
    }

    @Test
    void appliesRecordLineDefaults() throws Exception {
        WfdbHeader h = parse("rec 0\n");
        assertEquals(WfdbHeader.DEFAULT_SAMPLING_FREQUENCY, h.samplingFrequency());
        assertEquals(h.samplingFrequency(), h.counterFrequency());
        assertEquals(0, h.numberOfSamples());
        assertTrue(h.signals().isEmpty());
    }

    @Test
    void acceptsTheDateTimeOrderOfTheCinc2020Files() throws Exception {
        WfdbHeader h = parse("A0001 12 500 7500 05-Feb-2020 11:39:16\n"
                + "A0001.mat 16+24 1000/mV 16 0 28 -1716 0 I\n".repeat(12));
        assertEquals("05-Feb-2020", h.baseDate());
        assertEquals("11:39:16", h.baseTime());
        assertEquals(7500, h.numberOfSamples());
    }

    @Test
    void acceptsCrLfAndBlankLines() throws Exception {
        WfdbHeader h = parse("r1 1 500 10\r\n\r\nr1.dat 16 1000(0)/mV 16 0 0 0 0 I\r\n");
        assertEquals("I", h.signals().get(0).description());
        assertEquals(500.0, h.samplingFrequency());
    }

    @Test
    void parsesMultiSegmentHeaders() throws Exception {
        WfdbHeader h = parse("multi/3 2 360 1000\nseg1 400\n~ 100\nseg2 500\n");
        assertEquals(3, h.numberOfSegments());
        assertEquals(List.of(new WfdbHeader.Segment("seg1", 400), new WfdbHeader.Segment("~", 100),
                new WfdbHeader.Segment("seg2", 500)), h.segments());
    }

    @Test
    void parsesTheChallengeHeaders() throws Exception {
        WfdbHeader h = WfdbHeaderParser.parse(SharedData.cincSample().resolve("HR06000.hea"));
        assertEquals("HR06000", h.recordName());
        assertEquals(12, h.signals().size());
        assertEquals(5000, h.numberOfSamples());
        WfdbSignalSpec lead1 = h.signals().get(0);
        assertEquals(16, lead1.format());
        assertEquals(24, lead1.byteOffset());
        assertEquals(1000.0, lead1.gain());
        assertEquals("mv", lead1.units());
        assertEquals(10, lead1.initialValue());
        assertEquals(23323, lead1.checksum());
        assertEquals("I", lead1.description());
        assertEquals(List.of("Age", "Sex", "Dx", "Rx", "Hx", "Sx"), List.copyOf(h.metadata().keySet()));
        assertEquals("164934002,426783006", h.metadata().get("Dx"));
        assertEquals("Female", h.metadata().get("Sex"));
    }

    @Test
    void rejectsSignalsOfOneFileThatAreNotTogether() {
        EcgFormatException e = assertThrows(EcgFormatException.class,
                () -> parse("r 3\na.dat 16\nb.dat 16\na.dat 16\n"));
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
        assertTrue(e.getMessage().contains("consecutively"), e.getMessage());
        EcgFormatException format = assertThrows(EcgFormatException.class, () -> parse("r 2\na.dat 16\na.dat 212\n"));
        assertTrue(format.getMessage().contains("line 3"), format.getMessage());
    }
}
