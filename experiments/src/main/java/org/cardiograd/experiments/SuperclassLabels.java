package org.cardiograd.experiments;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * PTB-XL's diagnostic superclasses (NORM, MI, STTC, CD, HYP) for labels from other sources. PhysioNet/CinC
 * records carry SNOMED-CT codes (after {@link org.cardiograd.ecg.io.SnomedCtTable}'s merging); each code
 * below is assigned to the superclass whose PTB-XL statements it corresponds to (e.g. IRBBB and 1st-degree AV
 * block are conduction disturbances, T-wave inversion is an ST/T change, left-ventricular high voltage is
 * hypertrophy). Rhythm-only codes (sinus tachycardia, premature beats, fibrillation, ...) have no superclass,
 * as in PTB-XL where rhythm statements are not diagnostic. NORM is sinus rhythm with no code of another
 * superclass.
 */
final class SuperclassLabels {
    static final String NORM = "NORM";
    private static final String SINUS_RHYTHM = "426783006";

    private static final Map<String, List<String>> CODES = Map.of(
            "MI", List.of("164865005", "57054005", "54329005", "164867002"),
            "STTC", List.of("164934002", "59931005", "55930002", "429622005", "164931005", "164930006",
                    "428750005", "413444003", "426434006", "425419005", "425623009", "164861001", "413844008",
                    "704997005", "111975006"),
            "CD", List.of("6374002", "733534002", "713427006", "270492004", "713426002", "445118002", "164909002",
                    "698252002", "59118001", "164947007", "445211001", "251120003", "195042002", "426183003",
                    "54016002", "27885002", "233917008", "82226007", "74390002", "195060002", "204384007"),
            "HYP", List.of("164873001", "55827005", "89792004", "266249003", "446813000", "67741000119109",
                    "253352002", "446358003", "253339007", "67751000119106", "195126007"));

    private SuperclassLabels() {}

    /**
     * The superclasses of a label set: labels that already are superclass names are kept, SNOMED-CT codes are
     * mapped, anything else (rhythm codes) is dropped.
     */
    static List<String> of(Collection<String> labels) {
        List<String> out = new ArrayList<>();
        for (String superclass : SyntheticData.SUPERCLASSES) {
            if (labels.contains(superclass)) {
                out.add(superclass);
                continue;
            }
            List<String> codes = CODES.get(superclass);
            if (codes != null && labels.stream().anyMatch(codes::contains)) {
                out.add(superclass);
            }
        }
        if (!out.contains(NORM) && out.isEmpty() && labels.contains(SINUS_RHYTHM)) {
            out.add(NORM);
        }
        return out;
    }
}
