package org.cardiograd.ecg.synth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cardiograd.ecg.zeroshot.CategoryDescriptionSet;

/**
 * A plain description per label code, in the reports' style (lower case, ending in '.'), e.g. for zero-shot
 * classification by comparing an ECG's embedding with the embeddings of these texts. The texts are the first
 * descriptions of the built-in category description set {@code synthetic} (which also holds further phrasings).
 */
public final class CategoryDescriptions {

    private static final Map<String, String> DESCRIPTIONS = build();

    private CategoryDescriptions() {
    }

    private static Map<String, String> build() {
        CategoryDescriptionSet set = CategoryDescriptionSet.load("synthetic");
        Map<String, String> m = new LinkedHashMap<>();
        for (DiagnosticClass c : DiagnosticClass.values()) {
            m.put(c.code(), set.get(c.code()).description());
        }
        for (Rhythm r : Rhythm.values()) {
            m.put(r.code(), set.get(r.code()).description());
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
