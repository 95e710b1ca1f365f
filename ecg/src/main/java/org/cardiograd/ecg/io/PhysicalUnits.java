package org.cardiograd.ecg.io;

import java.util.Locale;
import java.util.OptionalDouble;

/** Voltage units of WFDB signals and their factor to millivolts. Names are compared case-insensitively. */
public final class PhysicalUnits {
    private PhysicalUnits() {
    }

    /**
     * How many millivolts one unit is: mV (also written mv, MV) 1, uV/µV/μV 0.001, nV 1e-6, V 1000;
     * empty for anything that is not a voltage.
     */
    public static OptionalDouble millivoltsPerUnit(String units) {
        String u = units.strip().toLowerCase(Locale.ROOT);
        return switch (u) {
            case "mv" -> OptionalDouble.of(1.0);
            case "uv", "\u00b5v", "\u03bcv" -> OptionalDouble.of(1e-3);
            case "nv" -> OptionalDouble.of(1e-6);
            case "v" -> OptionalDouble.of(1e3);
            default -> OptionalDouble.empty();
        };
    }
}
