package dev.tandem.stimulus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every manipulation a condition can name: its name, what its level means and the level's bounds,
 * in one place (issue 10). The experiment validator, the JSON Schema (its manipulation items are
 * built from {@link #schemaItem()} when the schema is loaded) and the renderer all read this enum.
 * Definitions follow Geirhos et al. (2018), "Generalisation in humans and deep neural networks",
 * NeurIPS (see {@link ColourManipulations} and {@link SpectralManipulations}); levels in pixels are
 * render pixels (the stimulus's render size, see {@link Framing}).
 */
public enum ManipulationKind {
    /** The fitted source as it is, colour kept. */
    NONE("none", Level.NONE, "no level", false),
    /** Grey by Rec. 709 luma, as model-vs-human's colour experiment (scikit-image rgb2gray). */
    GRAYSCALE("grayscale", Level.NONE, "no level: Rec. 709 luminance, 1-channel result", false),
    /** x' = c·x + (1 − c)/2 on every channel; colour kept. */
    CONTRAST("contrast", Level.range(0, true, 1, false), "contrast c in (0, 1]: x' = c·x + (1 - c)/2 per channel", false),
    /** Grey, contrast 30 %, plus uniform noise in [−w, w], clipped. */
    UNIFORM_NOISE("uniform-noise", Level.range(0, false, 1, false),
            "noise width w in [0, 1]: grey, contrast 30 %, plus i.i.d. uniform noise in [-w, w], clipped", true),
    /** Grey, Gaussian blur of σ render pixels, constant (mean grey) padding. */
    LOW_PASS("low-pass", Level.range(0, true, 100, false),
            "Gaussian sigma in (0, 100] render pixels: grey, blurred, borders padded with the image's mean grey", false),
    /** Grey, image minus its low-pass, mean restored. */
    HIGH_PASS("high-pass", Level.range(0, true, 100, false),
            "Gaussian sigma in (0, 100] render pixels: grey, image minus its low-pass, mean kept", false),
    /** Grey, every frequency's phase shifted by uniform noise in [−w, w] degrees. */
    PHASE_NOISE("phase-noise", Level.range(0, false, 180, false),
            "phase noise width w in [0, 180] degrees: grey, each frequency's phase shifted by U[-w, w]", true),
    /** Grey, amplitude spectrum set to 1/f (energy kept), phases kept. */
    POWER_EQUALISATION("power-equalisation", Level.NONE,
            "no level: grey, amplitude spectrum set to 1/f with the image's energy, phases kept", false),
    /** Grey, rotated counter-clockwise by 0, 90, 180 or 270 degrees. */
    ROTATION("rotation", Level.values(0, 90, 180, 270), "degrees counter-clockwise: 0, 90, 180 or 270; grey", false),
    /** Opponent colours (L−M and S−(L+M)) inverted, luminance kept; always RGB. */
    FALSE_COLOUR("false-colour", Level.NONE, "no level: opponent colours (L-M, S-(L+M)) inverted, luminance kept", false);

    private final String jsonName;
    private final Level level;
    private final String levelMeaning;
    private final boolean usesSeed;

    ManipulationKind(String jsonName, Level level, String levelMeaning, boolean usesSeed) {
        this.jsonName = jsonName;
        this.level = level;
        this.levelMeaning = levelMeaning;
        this.usesSeed = usesSeed;
    }

    /**
     * What a level may be: none at all, a number in a range (each end open or closed), or one of
     * listed values.
     */
    public record Level(boolean required, double minimum, boolean minimumExclusive, double maximum,
                        boolean maximumExclusive, List<Double> allowed) {

        static final Level NONE = new Level(false, 0, false, 0, false, List.of());

        static Level range(double minimum, boolean minimumExclusive, double maximum, boolean maximumExclusive) {
            return new Level(true, minimum, minimumExclusive, maximum, maximumExclusive, List.of());
        }

        static Level values(double... values) {
            return new Level(true, 0, false, 0, false, Arrays.stream(values).boxed().toList());
        }
    }

    public String jsonName() {
        return jsonName;
    }

    public Level level() {
        return level;
    }

    public String levelMeaning() {
        return levelMeaning;
    }

    /** Whether the result depends on a random seed (recorded in the rendering's recipe). */
    public boolean usesSeed() {
        return usesSeed;
    }

    public static Optional<ManipulationKind> named(String name) {
        return Arrays.stream(values()).filter(kind -> kind.jsonName.equals(name)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(ManipulationKind::jsonName).collect(Collectors.joining(", "));
    }

    /** Null when {@code value} is an acceptable level, otherwise what is wrong with it. */
    public String checkLevel(Double value) {
        if (!level.required()) {
            return value == null ? null : jsonName + " takes no level";
        }
        if (value == null) {
            return jsonName + " needs a level: " + levelMeaning;
        }
        boolean ok = level.allowed().isEmpty()
                ? (level.minimumExclusive() ? value > level.minimum() : value >= level.minimum())
                  && (level.maximumExclusive() ? value < level.maximum() : value <= level.maximum())
                : level.allowed().contains(value);
        return ok ? null : "level " + Recipe.canonical(value) + " is out of bounds for " + jsonName + ": "
                + levelMeaning;
    }

    /** The manipulation applied to a fitted picture at render size. */
    Picture apply(Picture picture, Double value, long seed) {
        return switch (this) {
            case NONE -> picture;
            case GRAYSCALE -> ColourManipulations.grayscale(picture);
            case CONTRAST -> ColourManipulations.contrast(picture, value);
            case UNIFORM_NOISE -> ColourManipulations.uniformNoise(picture, value, seed);
            case LOW_PASS -> ColourManipulations.lowPass(picture, value);
            case HIGH_PASS -> ColourManipulations.highPass(picture, value);
            case PHASE_NOISE -> SpectralManipulations.phaseNoise(picture, value, seed);
            case POWER_EQUALISATION -> SpectralManipulations.powerEqualisation(picture);
            case ROTATION -> ColourManipulations.rotation(picture, value);
            case FALSE_COLOUR -> ColourManipulations.falseColour(picture);
        };
    }

    /**
     * The JSON Schema of one manipulation item ({@code {"name": …, "level": …}}): the names, and
     * per name whether a level is required or forbidden and its bounds, with the level's meaning
     * as the description.
     */
    public static ObjectNode schemaItem() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode item = f.objectNode();
        item.put("type", "object");
        item.put("additionalProperties", false);
        item.putArray("required").add("name");
        ObjectNode properties = item.putObject("properties");
        ArrayNode names = properties.putObject("name").putArray("enum");
        Arrays.stream(values()).forEach(kind -> names.add(kind.jsonName));
        properties.putObject("level").put("type", "number").put("description",
                Arrays.stream(values()).map(kind -> kind.jsonName + ": " + kind.levelMeaning)
                        .collect(Collectors.joining("; ")));
        ArrayNode rules = item.putArray("allOf");
        for (ManipulationKind kind : values()) {
            ObjectNode rule = rules.addObject();
            rule.putObject("if").putObject("properties").putObject("name").put("const", kind.jsonName);
            ObjectNode then = rule.putObject("then");
            if (!kind.level.required()) {
                then.putObject("properties").put("level", false);
                continue;
            }
            then.putArray("required").add("level");
            ObjectNode bounds = then.putObject("properties").putObject("level");
            bounds.put("description", kind.levelMeaning);
            if (!kind.level.allowed().isEmpty()) {
                ArrayNode allowed = bounds.putArray("enum");
                kind.level.allowed().forEach(v -> allowed.add(v.intValue())); // integral degrees
            } else {
                bounds.put(kind.level.minimumExclusive() ? "exclusiveMinimum" : "minimum", kind.level.minimum());
                bounds.put(kind.level.maximumExclusive() ? "exclusiveMaximum" : "maximum", kind.level.maximum());
            }
        }
        return item;
    }
}
