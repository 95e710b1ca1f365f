package org.cardiograd.experiments;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import javax.imageio.ImageIO;

/** Writes a PNG atomically (temporary file beside it, then rename). */
final class Png {
    private Png() {}

    static void save(BufferedImage image, Path png) throws IOException {
        Path tmp = Files.createTempFile(png.toAbsolutePath().getParent(), ".plot", ".png.tmp");
        try {
            ImageIO.write(image, "png", tmp.toFile());
            Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
