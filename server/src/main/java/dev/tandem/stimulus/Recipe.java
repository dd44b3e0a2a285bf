package dev.tandem.stimulus;

import dev.tandem.common.Hashes;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The complete inputs of a rendering, written canonically. {@link #key()} is the primary key of
 * the {@code rendering} table, so a recipe is rendered once and afterwards looked up;
 * {@link #fields()} is stored beside it as JSON for people and analyses.
 */
record Recipe(String kind, String key, Map<String, Object> fields, String sourceSha256) {

    /** A stimulus as renderer condition/2 makes it (issue 10): fitted, at render size, channels kept. */
    static Recipe stimulus(String sourceSha256, Condition condition, Framing framing, boolean seeded) {
        String level = canonical(condition.level());
        int size = framing.renderSize();
        Long seed = seeded ? noiseSeed(sourceSha256, condition, size) : null;
        String pad = framing.fit() == Fit.PAD ? canonical(framing.padGrey()) : null;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", "stimulus");
        fields.put("renderer", StimulusRenderer.RENDERER_VERSION);
        fields.put("source", sourceSha256);
        fields.put("manipulation", condition.manipulation());
        fields.put("level", condition.level() == null ? null : new BigDecimal(level));
        fields.put("size", size);
        fields.put("fit", framing.fit().jsonName());
        fields.put("padGrey", pad == null ? null : new BigDecimal(pad));
        fields.put("upscale", framing.upscale().jsonName());
        fields.put("seed", seed);
        String key = "stimulus;" + StimulusRenderer.RENDERER_VERSION + ";source=" + sourceSha256
                + ";manipulation=" + condition.manipulation() + ";level=" + level + ";size=" + size
                + ";fit=" + framing.fit().jsonName() + ";pad=" + (pad == null ? "-" : pad)
                + ";upscale=" + framing.upscale().jsonName() + ";seed=" + (seed == null ? "-" : seed);
        return new Recipe("stimulus", key, fields, sourceSha256);
    }

    /** A stimulus as renderer condition/1 made it (before issue 10): grey, at display size. */
    static Recipe legacyStimulus(String sourceSha256, Condition condition, int displaySize, Upscale upscale,
                                 boolean seeded) {
        String level = canonical(condition.level());
        Long seed = seeded ? noiseSeed(sourceSha256, condition, displaySize) : null;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", "stimulus");
        fields.put("renderer", ConditionRenderer.RENDERER_VERSION);
        fields.put("source", sourceSha256);
        fields.put("manipulation", condition.manipulation());
        fields.put("level", condition.level() == null ? null : new BigDecimal(level));
        fields.put("size", displaySize);
        fields.put("upscale", upscale.jsonName());
        fields.put("seed", seed);
        String key = "stimulus;" + ConditionRenderer.RENDERER_VERSION + ";source=" + sourceSha256
                + ";manipulation=" + condition.manipulation() + ";level=" + level + ";size=" + displaySize
                + ";upscale=" + upscale.jsonName() + ";seed=" + (seed == null ? "-" : seed);
        return new Recipe("stimulus", key, fields, sourceSha256);
    }

    static Recipe mask(long seed, int displaySize) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", "mask");
        fields.put("renderer", PinkNoiseMask.RENDERER_VERSION);
        fields.put("seed", seed);
        fields.put("size", displaySize);
        String key = "mask;" + PinkNoiseMask.RENDERER_VERSION + ";seed=" + seed + ";size=" + displaySize;
        return new Recipe("mask", key, fields, null);
    }

    /**
     * The noise seed of a seeded manipulation: the first 8 bytes of
     * SHA-256("source;manipulation;level;size"). The same stimulus in the same condition gets the
     * same noise for every participant and every model, and the seed is in the recipe.
     */
    static long noiseSeed(String sourceSha256, Condition condition, int displaySize) {
        String input = sourceSha256 + ";" + condition.manipulation() + ";" + canonical(condition.level()) + ";"
                + displaySize;
        return ByteBuffer.wrap(Hashes.digest(input)).getLong();
    }

    /** A level as the shortest plain decimal: 0.10 and 0.1 are the same level, 1.0 is "1". */
    static String canonical(Double level) {
        if (level == null) {
            return "-";
        }
        if (level == 0) {
            return "0";
        }
        return BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
    }
}
