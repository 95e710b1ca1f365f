package org.cardiograd.ecg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV parsing, the built-in SNOMED-CT table, and generated reports. */
class TablesTest {
    private static final Path FILE = Path.of("t.csv");

    @Test
    void parsesQuotedFields() throws Exception {
        CsvTable t = CsvTable.parse("# note\na,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,\"two\nlines\",\n", FILE);
        assertEquals(List.of("a", "b", "c"), t.columns());
        assertEquals(2, t.rows().size());
        assertEquals("x, y", t.rows().get(0).get("b"));
        assertEquals("say \"hi\"", t.rows().get(0).get("c"));
        assertEquals("two\nlines", t.rows().get(1).get("b"));
        assertEquals("", t.rows().get(1).get("c"));
        assertEquals(5, t.rows().get(1).line());
    }

    @Test
    void rejectsMalformedCsv() {
        EcgFormatException fields = assertThrows(EcgFormatException.class, () -> CsvTable.parse("a,b\n1,2,3\n", FILE));
        assertTrue(fields.getMessage().startsWith("t.csv line 2: row has 3 fields; expected 2"), fields.getMessage());
        EcgFormatException open = assertThrows(EcgFormatException.class, () -> CsvTable.parse("a\n\"open\n", FILE));
        assertTrue(open.getMessage().contains("line 2") && open.getMessage().contains("never closed"));
        EcgFormatException stray = assertThrows(EcgFormatException.class, () -> CsvTable.parse("a\nx\"y\n", FILE));
        assertTrue(stray.getMessage().contains("line 2"), stray.getMessage());
    }

    @Test
    void builtInSnomedTableHasTheChallengeClasses() {
        SnomedCtTable table = SnomedCtTable.builtIn();
        assertEquals(133, table.entries().size(), "30 scored + 103 unscored codes");
        assertEquals(26, table.scoredClasses().size(), "the 26 scored classes of 2021 once equivalents merge");
        SnomedCtTable.Entry rbbb = table.lookup("59118001").orElseThrow();
        assertEquals("RBBB", rbbb.abbreviation());
        assertEquals("713427006", rbbb.scoredAs());
        assertEquals("CRBBB", table.scoredEntry("59118001").orElseThrow().abbreviation());
        assertEquals("left ventricular hypertrophy", table.lookup("164873001").orElseThrow().name());
        assertTrue(table.lookup("999").isEmpty());
    }

    @Test
    void reportsFromStatements() {
        assertEquals("sinus rhythm. left ventricular hypertrophy. t wave abnormality.", ReportFromDiagnoses.of(
                List.of("Sinus rhythm", "left ventricular  hypertrophy.", "T wave abnormality", "sinus rhythm")));
        assertEquals("", ReportFromDiagnoses.of(List.of()));
    }
}
