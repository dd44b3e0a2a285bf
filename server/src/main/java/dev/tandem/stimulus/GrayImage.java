package dev.tandem.stimulus;

/**
 * A square or rectangular grayscale image with grey values in [0, 1], row-major. Rendering works
 * on these doubles and quantizes once, at the end, so that manipulations compose without
 * intermediate rounding.
 */
record GrayImage(int width, int height, double[] pixels) {

    GrayImage {
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("pixels do not match " + width + "×" + height);
        }
    }

    static GrayImage blank(int width, int height) {
        return new GrayImage(width, height, new double[width * height]);
    }

    double at(int x, int y) {
        return pixels[y * width + x];
    }

    /** 8-bit grey values: each value clipped to [0, 1] and rounded half up to the nearest 1/255. */
    byte[] toBytes() {
        byte[] bytes = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            double clipped = Math.min(1.0, Math.max(0.0, pixels[i]));
            bytes[i] = (byte) Math.round(clipped * 255.0);
        }
        return bytes;
    }

    static GrayImage fromBytes(int width, int height, byte[] bytes) {
        double[] pixels = new double[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = (bytes[i] & 0xff) / 255.0;
        }
        return new GrayImage(width, height, pixels);
    }
}
