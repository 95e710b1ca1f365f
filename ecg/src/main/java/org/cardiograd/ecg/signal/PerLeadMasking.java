package org.cardiograd.ecg.signal;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random masking on the lead x time grid, drawn independently for every lead: each lead hides the same number
 * of its time patches ({@code patches - floor(patches (1 - ratio))}) but at its own random positions, so a time
 * window hidden in one lead is usually visible in another (the model learns inter-lead structure).
 *
 * <p>Tokens are numbered lead-major, {@code token = lead * patchesPerLead + patch}, i.e. a row-major
 * {@code [leads][patches]} grid. Kept and masked indices come out lead by lead, ascending within each lead,
 * so {@code keep} reshapes to {@code [leads][keptPerLead]}.
 */
public final class PerLeadMasking implements MaskingStrategy {

    private final int leads;
    private final int patches;
    private final int keepPerLead;

    public PerLeadMasking(int leads, int patchesPerLead, double ratio) {
        if (leads < 1 || patchesPerLead < 1) {
            throw new IllegalArgumentException("grid must be at least 1 x 1, got " + leads + " x " + patchesPerLead);
        }
        this.leads = leads;
        this.patches = patchesPerLead;
        this.keepPerLead = patchesPerLead - TokenMask.maskedCount(patchesPerLead, ratio);
        if (keepPerLead < 1) {
            throw new IllegalArgumentException("mask ratio " + ratio + " leaves no visible patch out of "
                    + patchesPerLead + " per lead");
        }
    }

    @Override
    public int tokenCount() {
        return leads * patches;
    }

    public int keepPerLead() {
        return keepPerLead;
    }

    @Override
    public TokenMask sample(SplittableRandom rng) {
        int[] shuffle = new int[leads * patches];
        int maskedPerLead = patches - keepPerLead;
        int keepBase = 0;
        int maskBase = leads * keepPerLead;
        for (int lead = 0; lead < leads; lead++) {
            int[] perm = MaskingStrategy.permutation(patches, rng);
            int[] kept = Arrays.copyOfRange(perm, 0, keepPerLead);
            int[] hidden = Arrays.copyOfRange(perm, keepPerLead, patches);
            Arrays.sort(kept);
            Arrays.sort(hidden);
            for (int i = 0; i < keepPerLead; i++) {
                shuffle[keepBase++] = lead * patches + kept[i];
            }
            for (int i = 0; i < maskedPerLead; i++) {
                shuffle[maskBase++] = lead * patches + hidden[i];
            }
        }
        return TokenMask.fromShuffle(shuffle, leads * keepPerLead);
    }
}
