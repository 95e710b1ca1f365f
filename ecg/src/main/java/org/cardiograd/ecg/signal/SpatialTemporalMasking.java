package org.cardiograd.ecg.signal;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Structured masking on the lead x time grid (tokens numbered lead-major, {@code lead * patchesPerLead + patch}),
 * combining three kinds of holes, in this order:
 * <ol>
 *   <li>whole leads: {@code maskedCount(leads, leadRatio)} leads chosen uniformly are hidden at all times
 *       (the model must reconstruct a lead from the others);</li>
 *   <li>time spans: {@code maskedCount(patches, timeRatio)} time columns, hidden in all leads, placed as
 *       non-overlapping spans of {@code spanLength} patches (one shorter span takes the remainder) at uniformly
 *       random positions (adjacent spans may touch);</li>
 *   <li>random cells: further cells chosen uniformly among the still visible ones until exactly
 *       {@code maskedCount(leads x patches, targetRatio)} tokens are hidden.</li>
 * </ol>
 * The leads and spans alone hide {@code l T + t L - l t} tokens (l leads, t columns, L x T grid), fixed by the
 * ratios, so the constructor checks that the target is at least that and leaves at least one token visible.
 * Every sample therefore hides exactly the same number of tokens. Kept and masked indices are ascending.
 */
public final class SpatialTemporalMasking implements MaskingStrategy {

    private final int leads;
    private final int patches;
    private final int maskedLeads;
    private final int maskedColumns;
    private final int spanLength;
    private final int targetMasked;

    /**
     * @param leads          grid rows (12 for a standard ECG)
     * @param patchesPerLead grid columns
     * @param leadRatio      fraction of leads hidden entirely
     * @param timeRatio      fraction of time columns hidden in all leads
     * @param spanLength     time span length in patches (>= 1)
     * @param targetRatio    total fraction of hidden tokens; random cells make up the difference
     */
    public SpatialTemporalMasking(int leads, int patchesPerLead, double leadRatio, double timeRatio, int spanLength,
                                  double targetRatio) {
        if (leads < 1 || patchesPerLead < 1) {
            throw new IllegalArgumentException("grid must be at least 1 x 1, got " + leads + " x " + patchesPerLead);
        }
        if (spanLength < 1) {
            throw new IllegalArgumentException("spanLength must be >= 1 patch, got " + spanLength);
        }
        this.leads = leads;
        this.patches = patchesPerLead;
        this.maskedLeads = TokenMask.maskedCount(leads, leadRatio);
        this.maskedColumns = TokenMask.maskedCount(patchesPerLead, timeRatio);
        this.spanLength = spanLength;
        this.targetMasked = TokenMask.maskedCount(leads * patchesPerLead, targetRatio);
        int structured = structuredCount();
        if (targetMasked < structured) {
            throw new IllegalArgumentException("target ratio " + targetRatio + " hides " + targetMasked
                    + " tokens, but " + maskedLeads + " whole leads and " + maskedColumns + " time columns already hide "
                    + structured + " of " + tokenCount() + "; raise targetRatio or lower leadRatio/timeRatio");
        }
        if (targetMasked >= tokenCount()) {
            throw new IllegalArgumentException("target ratio " + targetRatio + " leaves no visible token out of "
                    + tokenCount());
        }
    }

    @Override
    public int tokenCount() {
        return leads * patches;
    }

    /** Tokens hidden by the whole-lead and time-span parts alone. */
    public int structuredCount() {
        return maskedLeads * patches + maskedColumns * leads - maskedLeads * maskedColumns;
    }

    public int targetMaskedCount() {
        return targetMasked;
    }

    @Override
    public TokenMask sample(SplittableRandom rng) {
        boolean[] mask = new boolean[tokenCount()];
        int[] leadOrder = MaskingStrategy.permutation(leads, rng);
        for (int i = 0; i < maskedLeads; i++) {
            Arrays.fill(mask, leadOrder[i] * patches, (leadOrder[i] + 1) * patches, true);
        }
        for (int column : spanColumns(rng)) {
            for (int lead = 0; lead < leads; lead++) {
                mask[lead * patches + column] = true;
            }
        }
        int visible = 0;
        int[] candidates = new int[mask.length];
        for (int t = 0; t < mask.length; t++) {
            if (!mask[t]) {
                candidates[visible++] = t;
            }
        }
        int extra = targetMasked - (mask.length - visible);
        for (int i = 0; i < extra; i++) { // partial Fisher-Yates over the visible cells
            int j = i + rng.nextInt(visible - i);
            int t = candidates[j];
            candidates[j] = candidates[i];
            candidates[i] = t;
            mask[t] = true;
        }
        return TokenMask.fromMask(mask);
    }

    /** The masked time columns: non-overlapping spans at uniformly random positions. */
    int[] spanColumns(SplittableRandom rng) {
        if (maskedColumns == 0) {
            return new int[0];
        }
        int spans = (maskedColumns + spanLength - 1) / spanLength;
        int[] lengths = new int[spans];
        Arrays.fill(lengths, spanLength);
        lengths[spans - 1] = maskedColumns - (spans - 1) * spanLength;
        int[] lengthOrder = MaskingStrategy.permutation(spans, rng);
        // Arrange (patches - maskedColumns) free columns and the spans in a row: choosing the spans' slots among
        // free + spans slots uniformly gives a uniformly random non-overlapping placement.
        int free = patches - maskedColumns;
        int[] slots = Arrays.copyOf(MaskingStrategy.permutation(free + spans, rng), spans);
        Arrays.sort(slots);
        int[] columns = new int[maskedColumns];
        int c = 0;
        int before = 0; // columns taken by earlier spans
        for (int s = 0; s < spans; s++) {
            int start = slots[s] - s + before;
            int length = lengths[lengthOrder[s]];
            for (int k = 0; k < length; k++) {
                columns[c++] = start + k;
            }
            before += length;
        }
        return columns;
    }
}
