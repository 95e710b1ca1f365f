package org.cardiograd.ecg.signal;

import java.util.Arrays;

/**
 * What {@link SignalCleaner} did to one record.
 *
 * @param filledSamplesPerLead missing (NaN/Inf) samples filled by interpolation or edge hold, per lead
 *                             (0 for leads in {@code missingLeads}; a filled lead may still end up flat)
 * @param filledRuns           number of contiguous missing runs filled
 * @param missingLeads         leads zeroed because all, or more than the allowed fraction, of their samples
 *                             were missing (ascending)
 * @param flatLeads            leads zeroed because they were flat after filling (ascending)
 */
public record CleaningReport(int[] filledSamplesPerLead, int filledRuns, int[] missingLeads, int[] flatLeads) {

    public CleaningReport {
        filledSamplesPerLead = filledSamplesPerLead.clone();
        missingLeads = missingLeads.clone();
        flatLeads = flatLeads.clone();
    }

    @Override
    public int[] filledSamplesPerLead() {
        return filledSamplesPerLead.clone();
    }

    @Override
    public int[] missingLeads() {
        return missingLeads.clone();
    }

    @Override
    public int[] flatLeads() {
        return flatLeads.clone();
    }

    public int filledSamples() {
        return Arrays.stream(filledSamplesPerLead).sum();
    }

    public int zeroedLeadCount() {
        return missingLeads.length + flatLeads.length;
    }

    /** True when the record needed no change. */
    public boolean unchanged() {
        return filledRuns == 0 && zeroedLeadCount() == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CleaningReport r && filledRuns == r.filledRuns
                && Arrays.equals(filledSamplesPerLead, r.filledSamplesPerLead)
                && Arrays.equals(missingLeads, r.missingLeads) && Arrays.equals(flatLeads, r.flatLeads);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(filledSamplesPerLead) + filledRuns) + 7 * Arrays.hashCode(missingLeads)
                + Arrays.hashCode(flatLeads);
    }

    @Override
    public String toString() {
        return "CleaningReport[filled " + filledSamples() + " samples in " + filledRuns + " runs, missing leads "
                + Arrays.toString(missingLeads) + ", flat leads " + Arrays.toString(flatLeads) + "]";
    }
}
