package dev.tandem.stimulus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes 8-bit grayscale PNGs byte-for-byte reproducibly: IHDR, one IDAT, IEND, and nothing else
 * (no time, gamma or text chunks). Row filters are chosen by a fixed rule (the smallest sum of
 * absolute filtered values, as libpng's heuristic) and the zlib stream comes from
 * {@link Deflater} at a fixed level, so equal pixels give equal bytes.
 *
 * <p>The compressed bytes depend on the zlib the JVM links; a golden hash in the tests notices a
 * change. Within one Tandem database a rendering is encoded once and then looked up by its
 * recipe, so served bytes never change under a running experiment.
 */
public final class PngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int COMPRESSION_LEVEL = 6;

    private PngEncoder() {
    }

    /** A grayscale PNG of {@code width × height} 8-bit grey values given row by row. */
    public static byte[] encodeGray(int width, int height, byte[] grey) {
        if (grey.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " grey values, got " + grey.length);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(grey.length / 2 + 128);
        png.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = 8; // bit depth
        header[9] = 0; // colour type: greyscale
        // bytes 10–12: deflate compression, adaptive filtering, no interlace (all zero)
        chunk(png, "IHDR", header);
        chunk(png, "IDAT", compress(filterRows(width, height, grey, 1)));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** An 8-bit RGB PNG of {@code width × height} pixels given row by row as r, g, b bytes. */
    public static byte[] encodeRgb(int width, int height, byte[] rgb) {
        if (rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("expected " + 3 * width * height + " RGB values, got " + rgb.length);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(rgb.length / 2 + 128);
        png.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour
        chunk(png, "IHDR", header);
        chunk(png, "IDAT", compress(filterRows(3 * width, height, rgb, 3)));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    static byte[] encodeGray(GrayImage image) {
        return encodeGray(image.width(), image.height(), image.toBytes());
    }

    /** Rows of {@code width} bytes; the Sub/Average/Paeth predictors look {@code bpp} bytes back (one pixel). */
    private static byte[] filterRows(int width, int height, byte[] grey, int bpp) {
        byte[] filtered = new byte[height * (width + 1)];
        byte[] candidate = new byte[width];
        byte[] best = new byte[width];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int previous = y == 0 ? -1 : row - width;
            long bestCost = Long.MAX_VALUE;
            int bestType = 0;
            for (int type = 0; type <= 4; type++) {
                long cost = 0;
                for (int x = 0; x < width; x++) {
                    int raw = grey[row + x] & 0xff;
                    int left = x < bpp ? 0 : grey[row + x - bpp] & 0xff;
                    int up = previous < 0 ? 0 : grey[previous + x] & 0xff;
                    int upLeft = previous < 0 || x < bpp ? 0 : grey[previous + x - bpp] & 0xff;
                    byte value = (byte) (raw - predict(type, left, up, upLeft));
                    candidate[x] = value;
                    cost += Math.abs(value);
                }
                if (cost < bestCost) {
                    bestCost = cost;
                    bestType = type;
                    System.arraycopy(candidate, 0, best, 0, width);
                }
            }
            int out = y * (width + 1);
            filtered[out] = (byte) bestType;
            System.arraycopy(best, 0, filtered, out + 1, width);
        }
        return filtered;
    }

    /** The PNG filter predictors: None, Sub, Up, Average, Paeth (PNG spec §9.2). */
    private static int predict(int type, int left, int up, int upLeft) {
        return switch (type) {
            case 0 -> 0;
            case 1 -> left;
            case 2 -> up;
            case 3 -> (left + up) >>> 1;
            default -> paeth(left, up, upLeft);
        };
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }

    private static byte[] compress(byte[] data) {
        Deflater deflater = new Deflater(COMPRESSION_LEVEL);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buffer = new byte[16384];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] length = new byte[4];
        putInt(length, 0, data.length);
        png.writeBytes(length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] checksum = new byte[4];
        putInt(checksum, 0, (int) crc.getValue());
        png.writeBytes(checksum);
    }

    private static void putInt(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 24);
        target[offset + 1] = (byte) (value >>> 16);
        target[offset + 2] = (byte) (value >>> 8);
        target[offset + 3] = (byte) value;
    }
}
