package org.cardiograd.experiments;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;

import org.cardiograd.ecg.plot.EcgPlot;
import org.cardiograd.ecg.signal.TokenMask;

/**
 * The masked-modelling picture: a 12-lead ECG on ECG paper, one row per lead (black), the patches hidden from
 * the encoder shaded, and the model's reconstruction (red) drawn only where it had to guess. Masks come in the
 * two tokenizations of the project: lead-agnostic (one flag per time patch, hidden in every lead: CREMA) and
 * spatial-temporal (one flag per lead x time cell, numbered lead-major as {@code SpatialTemporalMasking} does:
 * CG-DMER), so a lead hidden entirely, a time span hidden in all leads and single cells all show.
 */
final class MaskedReconstructionFigure {
    private static final Color RECONSTRUCTION = new Color(210, 40, 40);

    private MaskedReconstructionFigure() {}

    /** Saves the picture for a {@link TokenMask} over patches of {@code patch} samples. */
    static void save(float[][] ecg, TokenMask mask, int patch, float[][] reconstruction, double samplingRate,
                     String title, Path png) throws IOException {
        save(ecg, sampleMask(mask.mask(), ecg.length, ecg[0].length, patch), reconstruction, samplingRate, title, png);
    }

    /** Saves the picture for a per-sample mask {@code [leads][samples]} (true = hidden from the encoder). */
    static void save(float[][] ecg, boolean[][] hidden, float[][] reconstruction, double samplingRate, String title,
                     Path png) throws IOException {
        plot(ecg, hidden, reconstruction, samplingRate, title).save(png);
    }

    static EcgPlot plot(float[][] ecg, boolean[][] hidden, float[][] reconstruction, double samplingRate,
                        String title) {
        if (reconstruction.length != ecg.length || reconstruction[0].length != ecg[0].length) {
            throw new IllegalArgumentException("reconstruction is " + reconstruction.length + " x "
                    + reconstruction[0].length + ", the ECG " + ecg.length + " x " + ecg[0].length);
        }
        float[][] guessed = new float[ecg.length][ecg[0].length];
        for (int lead = 0; lead < ecg.length; lead++) {
            for (int t = 0; t < ecg[0].length; t++) {
                // Visible patches are not scored; draw the reconstruction only where the model had to guess.
                guessed[lead][t] = hidden[lead][t] ? reconstruction[lead][t] : Float.NaN;
            }
        }
        return new EcgPlot(samplingRate).layout(EcgPlot.Layout.TWELVE_BY_ONE)
                .title(title + ": original (black), masked patches (shaded), reconstruction (red)")
                .trace(ecg, Color.BLACK, "original")
                .trace(guessed, RECONSTRUCTION, "reconstruction")
                .shade(hidden);
    }

    /**
     * Token flags to sample flags. {@code tokenMask} has either {@code samples / patch} entries (lead-agnostic
     * patches, hidden in every lead) or {@code leads * (samples / patch)} entries (lead-major grid). Samples
     * after the last whole patch belong to no token and stay visible.
     */
    static boolean[][] sampleMask(boolean[] tokenMask, int leads, int samples, int patch) {
        if (patch < 1 || samples < patch) {
            throw new IllegalArgumentException("patch of " + patch + " samples does not fit " + samples + " samples");
        }
        int patches = samples / patch;
        boolean perLead = tokenMask.length == leads * patches;
        if (!perLead && tokenMask.length != patches) {
            throw new IllegalArgumentException("mask has " + tokenMask.length + " tokens; expected " + patches
                    + " (one per time patch) or " + leads * patches + " (" + leads + " leads x " + patches
                    + " patches of " + patch + " samples)");
        }
        boolean[][] out = new boolean[leads][samples];
        for (int lead = 0; lead < leads; lead++) {
            for (int p = 0; p < patches; p++) {
                if (tokenMask[perLead ? lead * patches + p : p]) {
                    java.util.Arrays.fill(out[lead], p * patch, (p + 1) * patch, true);
                }
            }
        }
        return out;
    }
}
