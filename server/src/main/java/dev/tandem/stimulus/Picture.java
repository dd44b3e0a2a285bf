package dev.tandem.stimulus;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An image of one channel (grey) or three (red, green, blue), each a {@link GrayImage} of values
 * in [0, 1]. Rendering keeps the source's channels: a colour source stays colour and is stored as
 * an RGB PNG, a grey source stays a 1-channel PNG (issue 10). Grey is made only by a manipulation.
 */
record Picture(List<GrayImage> channels) {

    /**
     * Rec. 709 luma weights as scikit-image's {@code rgb2gray} applies them to the stored (gamma
     * encoded) values, which is what Geirhos et al. (2018, NeurIPS, "Generalisation in humans and
     * deep neural networks") and model-vs-human's {@code colour} experiment use for grey images.
     */
    static final double RED_WEIGHT = 0.2125;
    static final double GREEN_WEIGHT = 0.7154;
    static final double BLUE_WEIGHT = 0.0721;

    Picture {
        channels = List.copyOf(channels);
        if (channels.size() != 1 && channels.size() != 3) {
            throw new IllegalArgumentException("a picture has 1 or 3 channels, not " + channels.size());
        }
        GrayImage first = channels.get(0);
        for (GrayImage channel : channels) {
            if (channel.width() != first.width() || channel.height() != first.height()) {
                throw new IllegalArgumentException("channels differ in size");
            }
        }
    }

    static Picture grey(GrayImage grey) {
        return new Picture(List.of(grey));
    }

    int width() {
        return channels.get(0).width();
    }

    int height() {
        return channels.get(0).height();
    }

    boolean isColour() {
        return channels.size() == 3;
    }

    /** The same operation on every channel. */
    Picture map(UnaryOperator<GrayImage> operation) {
        return new Picture(channels.stream().map(operation).toList());
    }

    /** Grey values: a grey picture as it is, a colour one by Rec. 709 luma (see {@link #RED_WEIGHT}). */
    GrayImage luminance() {
        if (!isColour()) {
            return channels.get(0);
        }
        double[] r = channels.get(0).pixels();
        double[] g = channels.get(1).pixels();
        double[] b = channels.get(2).pixels();
        double[] grey = new double[r.length];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = RED_WEIGHT * r[i] + GREEN_WEIGHT * g[i] + BLUE_WEIGHT * b[i];
        }
        return new GrayImage(width(), height(), grey);
    }

    /** Three channels: a grey picture's one repeated, a colour picture as it is. */
    Picture asRgb() {
        return isColour() ? this : new Picture(List.of(channels.get(0), channels.get(0), channels.get(0)));
    }

    /** A 1-channel (grey) or 3-channel (RGB) 8-bit PNG, each value quantized once (see {@link GrayImage#toBytes}). */
    byte[] png() {
        if (!isColour()) {
            return PngEncoder.encodeGray(channels.get(0));
        }
        byte[] r = channels.get(0).toBytes();
        byte[] g = channels.get(1).toBytes();
        byte[] b = channels.get(2).toBytes();
        byte[] rgb = new byte[3 * r.length];
        for (int i = 0; i < r.length; i++) {
            rgb[3 * i] = r[i];
            rgb[3 * i + 1] = g[i];
            rgb[3 * i + 2] = b[i];
        }
        return PngEncoder.encodeRgb(width(), height(), rgb);
    }
}
