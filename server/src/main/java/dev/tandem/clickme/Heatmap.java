package dev.tandem.clickme;

import dev.tandem.stimulus.PngEncoder;

/**
 * An importance map drawn over its image: the map, scaled from its minimum to its maximum, through
 * a black–purple–orange–yellow ramp (close to matplotlib's "inferno"), blended half and half with
 * the grey image. The PNG bytes are reproducible (see {@link PngEncoder}).
 */
final class Heatmap {

    /** Ramp stops, evenly spaced from low to high importance. */
    private static final int[][] RAMP = {{0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};

    private Heatmap() {}

    static byte[] overlay(StimulusPixels.Grey image, ImportanceMap map) {
        if (map.width() != image.width() || map.height() != image.height()) {
            throw new IllegalArgumentException("map " + map.width() + "×" + map.height() + " over image "
                    + image.width() + "×" + image.height());
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : map.values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max > min ? max - min : 1;
        byte[] rgb = new byte[3 * map.values().length];
        for (int i = 0; i < map.values().length; i++) {
            double t = (map.values()[i] - min) / range * (RAMP.length - 1);
            int stop = Math.min(RAMP.length - 2, (int) t);
            double f = t - stop;
            int grey = image.values()[i] & 255;
            for (int c = 0; c < 3; c++) {
                double colour = RAMP[stop][c] + f * (RAMP[stop + 1][c] - RAMP[stop][c]);
                rgb[3 * i + c] = (byte) Math.round(0.5 * grey + 0.5 * colour);
            }
        }
        return PngEncoder.encodeRgb(image.width(), image.height(), rgb);
    }
}
