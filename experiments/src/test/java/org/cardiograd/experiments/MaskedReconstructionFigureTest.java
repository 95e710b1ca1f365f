package org.cardiograd.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

import org.cardiograd.ecg.plot.EcgPlot;
import org.cardiograd.ecg.signal.SpatialTemporalMasking;
import org.cardiograd.ecg.signal.TokenMask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskedReconstructionFigureTest {
    private static final int LEADS = 12;
    private static final int PATCH = 75;
    private static final int PATCHES = 33;
    /** 10 s at 250 Hz: 33 patches of 75 samples and 25 samples that belong to no patch. */
    private static final int SAMPLES = 2500;
    private static final double FS = 250;

    private static float[][] sine(double amplitude) {
        float[][] s = new float[LEADS][SAMPLES];
        for (int lead = 0; lead < LEADS; lead++) {
            for (int t = 0; t < SAMPLES; t++) {
                s[lead][t] = (float) (amplitude * Math.sin(2 * Math.PI * 1.2 * t / FS + lead));
            }
        }
        return s;
    }

    @Test
    void leadMajorTokensShadeOneLeadsPatchOnly() {
        boolean[] tokens = new boolean[LEADS * PATCHES];
        tokens[3 * PATCHES + 5] = true; // lead aVR, patch 5
        boolean[][] mask = MaskedReconstructionFigure.sampleMask(tokens, LEADS, SAMPLES, PATCH);
        for (int lead = 0; lead < LEADS; lead++) {
            for (int t = 0; t < SAMPLES; t++) {
                boolean expected = lead == 3 && t >= 5 * PATCH && t < 6 * PATCH;
                assertEquals(expected, mask[lead][t], "lead " + lead + " sample " + t);
            }
        }
    }

    @Test
    void timePatchTokensShadeEveryLeadAndTheTailStaysVisible() {
        boolean[] tokens = new boolean[PATCHES];
        tokens[PATCHES - 1] = true;
        boolean[][] mask = MaskedReconstructionFigure.sampleMask(tokens, LEADS, SAMPLES, PATCH);
        for (int lead = 0; lead < LEADS; lead++) {
            assertTrue(mask[lead][PATCHES * PATCH - 1]);
            assertFalse(mask[lead][PATCHES * PATCH], "sample after the last patch");
            assertFalse(mask[lead][0]);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskedReconstructionFigure.sampleMask(new boolean[34], LEADS, SAMPLES, PATCH));
        assertTrue(e.getMessage().contains("expected 33"), e.getMessage());
    }

    @Test
    void rendersASpatialTemporalMaskAsAPngOfTheExpectedSize(@TempDir Path dir) throws Exception {
        TokenMask mask = new SpatialTemporalMasking(LEADS, PATCHES, 0.25, 0.2, 3, 0.75)
                .sample(new SplittableRandom(4));
        Path png = dir.resolve("masking.png");
        MaskedReconstructionFigure.save(sine(1), mask, PATCH, sine(0.8), FS, "CG-DMER", png);
        BufferedImage image = ImageIO.read(png.toFile());
        EcgPlot reference = new EcgPlot(FS).layout(EcgPlot.Layout.TWELVE_BY_ONE);
        assertEquals(reference.width(SAMPLES), image.getWidth());
        assertEquals(reference.height(LEADS), image.getHeight());
    }

    @Test
    void reconstructionIsDrawnOnlyInsideHiddenPatches() {
        boolean[] tokens = new boolean[LEADS * PATCHES];
        tokens[10] = true; // lead I, patch 10
        boolean[][] hidden = MaskedReconstructionFigure.sampleMask(tokens, LEADS, SAMPLES, PATCH);
        BufferedImage image = MaskedReconstructionFigure.plot(new float[LEADS][SAMPLES], hidden, sine(0.5), FS, "t")
                .render();
        // EcgPlot's page at 5 px/mm: 12 mm left margin, 25 mm/s; 12 mm header, 22 mm per lead row.
        double pxPerSample = 5 * 25 / FS;
        int x0 = (int) Math.floor(5 * 12 + 10 * PATCH * pxPerSample) - 3;
        int x1 = (int) Math.ceil(5 * 12 + 11 * PATCH * pxPerSample) + 3;
        int rowBottom = 5 * (12 + 22);
        int red = 0;
        for (int y = 5 * 12; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (r > 170 && g < 80 && b < 80) { // the reconstruction's red, not the grid or text over it
                    red++;
                    assertTrue(x >= x0 && x <= x1 && y < rowBottom, "red pixel at " + x + "," + y
                            + " outside lead I patch 10 (" + x0 + ".." + x1 + ")");
                }
            }
        }
        assertTrue(red > 20, "the reconstruction is drawn in the hidden patch: " + red + " red pixels");
    }
}
