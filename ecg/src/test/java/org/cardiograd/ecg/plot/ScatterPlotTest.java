package org.cardiograd.ecg.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScatterPlotTest {

    /** Pixels within a small distance of a colour (points are drawn slightly translucent over white). */
    private static int count(BufferedImage image, Color target, int x0, int x1) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                Color c = new Color(image.getRGB(x, y));
                // Opaque colour at alpha 200 over white: each channel moves 55/255 of the way to white.
                int r = target.getRed() + (255 - target.getRed()) * 55 / 255;
                int gr = target.getGreen() + (255 - target.getGreen()) * 55 / 255;
                int b = target.getBlue() + (255 - target.getBlue()) * 55 / 255;
                if (Math.abs(c.getRed() - r) + Math.abs(c.getGreen() - gr) + Math.abs(c.getBlue() - b) < 12) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void drawsEachClassWhereItsPointsAreWithALegend(@TempDir Path dir) throws Exception {
        // Class 0 on the left, class 1 on the right.
        float[][] xy = new float[40][];
        int[] cls = new int[40];
        for (int i = 0; i < 40; i++) {
            cls[i] = i % 2;
            xy[i] = new float[] {cls[i] == 0 ? -10 + i * 0.01f : 10 + i * 0.01f, (i % 7) * 0.5f};
        }
        Path png = dir.resolve("maps/tsne.png");
        new ScatterPlot("t-SNE").size(800, 500).points(xy, cls, List.of("NORM", "MI")).save(png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(800, image.getWidth());
        assertEquals(500, image.getHeight());
        int half = 300; // the plot frame spans roughly 24..~680; its middle is near 350
        assertTrue(count(image, ScatterPlot.color(0), 0, half) > 50, "class 0 drawn on the left");
        assertEquals(0, count(image, ScatterPlot.color(1), 0, half), "class 1 not on the left");
        assertTrue(count(image, ScatterPlot.color(1), half + 100, 690) > 50, "class 1 drawn on the right");
        // Legend swatches are opaque: look for the exact colours right of the plot.
        int legend0 = 0;
        int legend1 = 0;
        for (int y = 0; y < 500; y++) {
            for (int x = 690; x < 800; x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                legend0 += rgb == (ScatterPlot.color(0).getRGB() & 0xFFFFFF) ? 1 : 0;
                legend1 += rgb == (ScatterPlot.color(1).getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        assertTrue(legend0 > 20 && legend1 > 20, "legend swatches " + legend0 + ", " + legend1);
    }

    @Test
    void coloursStayDistinctForManyClasses() {
        Set<Integer> seen = new HashSet<>();
        for (int c = 0; c < 40; c++) {
            assertTrue(seen.add(ScatterPlot.color(c).getRGB()), "class " + c);
        }
        assertNotEquals(ScatterPlot.color(10), ScatterPlot.color(11));
    }

    @Test
    void rejectsBadInput() {
        ScatterPlot plot = new ScatterPlot("x");
        assertThrows(IllegalStateException.class, plot::render);
        assertThrows(IllegalArgumentException.class,
                () -> plot.points(new float[][] {{0, 0}}, new int[] {2}, List.of("a", "b")));
        assertThrows(IllegalArgumentException.class,
                () -> plot.points(new float[][] {{0, Float.NaN}}, new int[] {0}, List.of("a")));
        assertThrows(IllegalArgumentException.class,
                () -> plot.points(new float[][] {{0, 0}, {1, 1}}, new int[] {0}, List.of("a")));
    }
}
