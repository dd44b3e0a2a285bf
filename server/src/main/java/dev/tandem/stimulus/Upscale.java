package dev.tandem.stimulus;

import java.util.Arrays;
import java.util.Optional;

/** How a source image is resized to the display size before any manipulation. */
public enum Upscale {
    /** Each display pixel takes the nearest source pixel: hard pixel edges, no new grey values. */
    NEAREST("nearest"),
    /** Linear interpolation between the four nearest source pixel centres (edges clamped). */
    BILINEAR("bilinear");

    private final String jsonName;

    Upscale(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in manifests, experiment definitions and recipes. */
    public String jsonName() {
        return jsonName;
    }

    public static Optional<Upscale> fromJsonName(String name) {
        return Arrays.stream(values()).filter(upscale -> upscale.jsonName.equals(name)).findFirst();
    }
}
