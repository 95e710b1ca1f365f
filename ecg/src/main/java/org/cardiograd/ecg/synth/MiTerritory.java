package org.cardiograd.ecg.synth;

import java.util.List;

/** The infarct territories the generator can place an MI in, with the leads that face them. */
public enum MiTerritory {
    ANTERIOR("anterior", List.of(6, 7, 8, 9)),
    INFERIOR("inferior", List.of(1, 2, 5)),
    LATERAL("lateral", List.of(0, 4, 10, 11));

    private final String adjective;
    private final List<Integer> leads;

    MiTerritory(String adjective, List<Integer> leads) {
        this.adjective = adjective;
        this.leads = leads;
    }

    /** Word used in reports, e.g. "inferior". */
    public String adjective() {
        return adjective;
    }

    /** Indices (in {@link LeadSystem#LEAD_NAMES} order) of the leads facing this territory. */
    public List<Integer> leads() {
        return leads;
    }

    /** Unit direction from the heart's centre towards the territory: the mean of its leads' directions. */
    Vec3 direction() {
        Vec3 sum = Vec3.ZERO;
        for (int lead : leads) {
            sum = sum.plus(LeadSystem.leadVector(lead).unit());
        }
        return sum.unit();
    }
}
