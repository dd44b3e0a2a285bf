package dev.tandem.model;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** PNG stimuli made in tests, as the stimulus renderer would make them. */
final class Pngs {

    private Pngs() {}

    /** An 8-bit grayscale PNG of {@code values} (row-major, side×side) upscaled by nearest neighbour. */
    static byte[] grayUpscaled(int[] values, int side, int factor) {
        BufferedImage image = new BufferedImage(side * factor, side * factor, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side * factor; y++) {
            for (int x = 0; x < side * factor; x++) {
                image.getRaster().setSample(x, y, 0, values[(y / factor) * side + x / factor]);
            }
        }
        return encode(image);
    }

    static byte[] rgb(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return encode(image);
    }

    static byte[] encode(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
