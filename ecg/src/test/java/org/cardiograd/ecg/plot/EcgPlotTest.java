package org.cardiograd.ecg.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcgPlotTest {

    private static final double FS = 500;

    @TempDir
    Path dir;

    /** 10 s of 12 leads: a 1 Hz train of 1 mV, 40 ms wide pulses. */
    private static float[][] pulses() {
        float[][] s = new float[12][5000];
        for (int lead = 0; lead < 12; lead++) {
            for (int i = 0; i < 5000; i++) {
                double t = (i % 500) / FS - 0.5;
                s[lead][i] = (float) Math.exp(-0.5 * (t / 0.01) * (t / 0.01));
            }
        }
        return s;
    }

    @Test
    void writesAPngOfTheExpectedSizeOnEcgPaper() throws IOException {
        EcgPlot plot = new EcgPlot(FS).title("test").pixelsPerMm(4);
        Path png = dir.resolve("sub/ecg.png");
        plot.trace(pulses(), Color.BLACK, "signal").save(png);
        BufferedImage image = ImageIO.read(png.toFile());
        // 12 mm margin + 10 s at 25 mm/s + 5 mm margin; header + 4 rows of 32 mm + bottom margin.
        assertEquals(Math.round((12 + 250 + 5) * 4.0), image.getWidth());
        assertEquals(plot.width(5000), image.getWidth());
        assertEquals(plot.height(12), image.getHeight());
        assertTrue(count(image, EcgPlotTest::isGridRed) > 1000, "pink/red grid lines are drawn");
        assertTrue(count(image, EcgPlotTest::isDark) > 1000, "the trace is drawn");
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void gridSpacingIsOneMillimetre() {
        BufferedImage image = new EcgPlot(FS).pixelsPerMm(5).trace(new float[12][5000], "").render();
        // Half a millimetre below the top of the paper (12 mm header), between horizontal lines and above the
        // lead labels, major (darker) vertical lines repeat every 5 mm = 25 px and minor ones every 5 px.
        int y = (int) Math.round(12.5 * 5);
        int previous = -1;
        int spacings = 0;
        int minor = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            Color c0 = new Color(image.getRGB(x, y));
            if (c0.getRed() > 240 && c0.getGreen() > 190 && c0.getGreen() < 215) {
                minor++;
            }
            Color c = new Color(image.getRGB(x, y));
            if (c.getRed() > 200 && c.getGreen() < 150) {
                if (previous >= 0 && x - previous > 1) {
                    assertEquals(25, x - previous, 1, "major grid spacing at x=" + x);
                    spacings++;
                }
                previous = x;
            }
        }
        assertTrue(spacings > 40, "found " + spacings + " major grid intervals");
        assertEquals(4 * 53, minor, 8, "four minor lines per 5 mm box over 265 mm");
    }

    @Test
    void twelveByOneLayoutOverlayAndMaskRender() throws IOException {
        float[][] original = pulses();
        float[][] reconstruction = new float[12][5000];
        boolean[][] mask = new boolean[12][5000];
        for (int lead = 0; lead < 12; lead++) {
            for (int i = 0; i < 5000; i++) {
                reconstruction[lead][i] = 0.8f * original[lead][i];
                mask[lead][i] = (i / 500) % 2 == 0;
            }
        }
        EcgPlot plot = new EcgPlot(FS).layout(EcgPlot.Layout.TWELVE_BY_ONE).pixelsPerMm(3)
            .trace(original, "original").trace(reconstruction, "reconstruction").shade(mask);
        Path png = dir.resolve("overlay.png");
        plot.save(png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(plot.width(5000), image.getWidth());
        assertEquals(plot.height(12), image.getHeight());
        assertTrue(image.getHeight() > image.getWidth(), "12 rows of 22 mm are taller than 10 s are wide");
        assertTrue(count(image, c -> c.getBlue() > 150 && c.getRed() < 100) > 500, "the blue overlay is drawn");
        assertTrue(count(image, c -> c.getBlue() > c.getRed() + 20 && c.getRed() > 150) > 10_000,
            "masked regions are shaded");
    }

    @Test
    void badInputIsRejected() {
        EcgPlot plot = new EcgPlot(FS);
        assertThrows(IllegalArgumentException.class, () -> plot.trace(new float[][] {new float[10], new float[9]},
            "ragged"));
        assertThrows(IllegalStateException.class, () -> new EcgPlot(FS).trace(new float[3][100], "x").render());
        plot.trace(new float[12][100], "a");
        assertThrows(IllegalArgumentException.class, () -> plot.trace(new float[12][99], "b"));
        assertThrows(IllegalArgumentException.class, () -> new EcgPlot(0));
    }

    private static boolean isGridRed(Color c) {
        return c.getRed() > 200 && c.getGreen() < 215 && c.getBlue() < 215 && c.getGreen() > 90;
    }

    private static boolean isDark(Color c) {
        return c.getRed() < 80 && c.getGreen() < 80 && c.getBlue() < 80;
    }

    private static int count(BufferedImage image, java.util.function.Predicate<Color> p) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (p.test(new Color(image.getRGB(x, y)))) {
                    n++;
                }
            }
        }
        return n;
    }
}
