package dev.tandem.stimulus;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes source images (PNG or JPEG) and turns them into grey values. Sizes are read from the
 * header before decoding, so a tiny file claiming a huge image is refused without allocating it.
 */
final class ImageDecoder {

    static final int MAX_SIDE = 4096;

    record Decoded(String mediaType, BufferedImage image) {
    }

    private ImageDecoder() {
    }

    /** The decoded image, or an {@link IOException} whose message says why it cannot be used. */
    static Decoded decode(byte[] bytes) throws IOException {
        String mediaType = mediaType(bytes);
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(mediaType);
            if (!readers.hasNext()) {
                throw new IOException("no decoder for " + mediaType);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > MAX_SIDE || height > MAX_SIDE) {
                    throw new IOException("is " + width + "×" + height + " pixels; the limit is " + MAX_SIDE
                            + " on each side");
                }
                return new Decoded(mediaType, reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // ImageIO reports truncated or corrupt data as IIOException or as runtime exceptions
            throw new IOException(e.getMessage() == null ? "cannot be decoded" : e.getMessage(), e);
        }
    }

    static String mediaType(byte[] bytes) throws IOException {
        if (bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "image/png";
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        throw new IOException("is not a PNG or JPEG image");
    }

    /**
     * The source's pixels with its channels: a grey image (a grey PNG or JPEG, or a colour file
     * whose every pixel has R = G = B) as 1 channel, any other as 3 sRGB channels. Alpha is ignored.
     */
    static Picture picture(BufferedImage image) {
        boolean indexed = image.getColorModel() instanceof IndexColorModel;
        if (!indexed && image.getRaster().getNumBands() <= 2) {
            return Picture.grey(gray(image));
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        double[][] rgb = new double[3][argb.length];
        boolean grey = true;
        for (int i = 0; i < argb.length; i++) {
            int r = (argb[i] >> 16) & 0xff;
            int g = (argb[i] >> 8) & 0xff;
            int b = argb[i] & 0xff;
            grey &= r == g && g == b;
            rgb[0][i] = r / 255.0;
            rgb[1][i] = g / 255.0;
            rgb[2][i] = b / 255.0;
        }
        if (grey) {
            return Picture.grey(new GrayImage(width, height, rgb[0]));
        }
        return new Picture(java.util.List.of(new GrayImage(width, height, rgb[0]), new GrayImage(width, height, rgb[1]),
                new GrayImage(width, height, rgb[2])));
    }

    /**
     * Grey values in [0, 1] (renderer condition/1, before issue 10): grey images as stored (read from the raster, because
     * {@code getRGB} would pass them through a colour conversion), colour images by Rec. 601 luma
     * of their sRGB values. Alpha is ignored.
     */
    static GrayImage gray(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        double[] pixels = new double[width * height];
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        boolean indexed = image.getColorModel() instanceof IndexColorModel;
        if (!indexed && bands <= 2) {
            double max = (1L << image.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    pixels[y * width + x] = raster.getSample(x, y, 0) / max;
                }
            }
        } else {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int rgb = image.getRGB(x, y);
                    int luma = 299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff);
                    pixels[y * width + x] = luma / (1000.0 * 255.0);
                }
            }
        }
        return new GrayImage(width, height, pixels);
    }
}
