package dev.tandem.stimulus;

import java.util.Arrays;
import java.util.Optional;

/** How a source image of any shape becomes the stimulus shown in the square display box (issue 10). */
public enum Fit {
    /** The largest centred square of the source (the default): no padding, the edges of the longer side are cut. */
    CROP("crop"),
    /** The source centred on a square of the experiment's {@code padGrey}, side = its longer side: nothing is cut. */
    PAD("pad"),
    /** The source scaled whole into the box, keeping its aspect ratio: a non-square stimulus, the page shows around it. */
    CONTAIN("contain");

    private final String jsonName;

    Fit(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in experiment definitions and recipes. */
    public String jsonName() {
        return jsonName;
    }

    public static Optional<Fit> fromJsonName(String name) {
        return Arrays.stream(values()).filter(fit -> fit.jsonName.equals(name)).findFirst();
    }

    /**
     * The side of the square this fit makes of a {@code width × height} source before any
     * resizing (for {@code contain}, the longer side, which is scaled to the render size).
     */
    public int fittedSide(int width, int height) {
        return this == CROP ? Math.min(width, height) : Math.max(width, height);
    }
}
