package org.cardiograd.ecg.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * PTB-XL's {@code scp_statements.csv}: for each SCP-ECG statement code (first, unnamed column) its English
 * description, whether it is a diagnostic, form and/or rhythm statement, and for diagnostic statements the
 * diagnostic class (superclass: NORM, MI, STTC, CD, HYP) and subclass.
 */
public final class ScpStatements {

    /** One statement. Class and subclass are "" for statements outside the diagnostic hierarchy. */
    public record Statement(String code, String description, boolean diagnostic, boolean form, boolean rhythm,
                            String diagnosticClass, String diagnosticSubclass) {
    }

    private final Map<String, Statement> byCode;

    private ScpStatements(Map<String, Statement> byCode) {
        this.byCode = Collections.unmodifiableMap(byCode);
    }

    public static ScpStatements read(Path file) throws IOException {
        CsvTable table = CsvTable.read(file);
        table.requireColumns("description", "diagnostic", "form", "rhythm", "diagnostic_class",
                "diagnostic_subclass");
        String codeColumn = table.columns().get(0);
        Map<String, Statement> byCode = new LinkedHashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String code = row.get(codeColumn).strip();
            if (code.isEmpty()) {
                throw row.error("empty statement code in the first column");
            }
            Statement statement = new Statement(code, row.get("description").strip(), flag(row, "diagnostic"),
                    flag(row, "form"), flag(row, "rhythm"), row.get("diagnostic_class").strip(),
                    row.get("diagnostic_subclass").strip());
            if (byCode.put(code, statement) != null) {
                throw row.error("statement " + code + " appears twice");
            }
        }
        return new ScpStatements(byCode);
    }

    /** The flag columns hold 1.0 for yes and nothing (or 0) for no. */
    private static boolean flag(CsvTable.Row row, String column) throws EcgFormatException {
        String value = row.get(column).strip();
        if (value.isEmpty()) {
            return false;
        }
        try {
            double number = Double.parseDouble(value);
            if (number == 1) {
                return true;
            }
            if (number == 0) {
                return false;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw row.error("column " + column + " is '" + value + "'; expected 1.0, 0 or empty");
    }

    public Optional<Statement> get(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public Map<String, Statement> all() {
        return byCode;
    }
}
