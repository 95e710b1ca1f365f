package org.cardiograd.ecg.synth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain description per label code, in the reports' style (lower case, ending in '.'), e.g. for zero-shot
 * classification by comparing an ECG's embedding with the embeddings of these texts.
 */
public final class CategoryDescriptions {

    private static final Map<String, String> DESCRIPTIONS = build();

    private CategoryDescriptions() {
    }

    private static Map<String, String> build() {
        Map<String, String> m = new LinkedHashMap<>();
        for (DiagnosticClass c : DiagnosticClass.values()) {
            m.put(c.code(), c.description());
        }
        for (Rhythm r : Rhythm.values()) {
            m.put(r.code(), r.description());
        }
        return Collections.unmodifiableMap(m);
    }

    /** All label codes with their descriptions, diagnostic classes first, then rhythms. */
    public static Map<String, String> all() {
        return DESCRIPTIONS;
    }

    /** Description of one label code, e.g. {@code "MI"} gives "myocardial infarction.". */
    public static String of(String code) {
        String d = DESCRIPTIONS.get(code);
        if (d == null) {
            throw new IllegalArgumentException("unknown label code '" + code + "', expected one of "
                + DESCRIPTIONS.keySet());
        }
        return d;
    }
}
