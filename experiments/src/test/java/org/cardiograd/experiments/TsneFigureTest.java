package org.cardiograd.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsneFigureTest {

    @Test
    void multiLabelRowsGetTheirOwnColour() {
        float[][] labels = {{1, 0, 0}, {0, 0, 1}, {1, 1, 0}, {0, 0, 0}};
        assertArrayEquals(new int[] {0, 2, 3, 4}, TsneFigure.colourClasses(labels, 3));
        assertThrows(IllegalArgumentException.class, () -> TsneFigure.colourClasses(new float[][] {{1, 0}}, 3));
    }

    @Test
    void savesAPngEvenForAFewPoints(@TempDir Path dir) throws Exception {
        SplittableRandom rng = new SplittableRandom(2);
        float[][] x = new float[20][8];
        float[][] labels = new float[20][2];
        for (int i = 0; i < 20; i++) {
            labels[i][i % 2] = 1;
            for (int k = 0; k < 8; k++) {
                x[i][k] = (float) (rng.nextGaussian() + 4 * (i % 2));
            }
        }
        Path png = dir.resolve("tsne.png");
        TsneFigure.save(x, labels, List.of("NORM", "MI"), 1, "t-SNE", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1000, image.getWidth());
        assertEquals(720, image.getHeight());
    }
}
