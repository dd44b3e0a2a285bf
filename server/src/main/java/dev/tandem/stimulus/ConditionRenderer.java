package dev.tandem.stimulus;

/**
 * Renderer condition/1, kept for the experiment versions stored before issue 10 (their sessions
 * must keep getting the stimuli their design was rendered with; see {@link RenderingVersion}).
 * New versions use {@link StimulusRenderer}. Renders a condition of a source image at display size. The source is first converted to grey
 * values and resized to {@code displaySize × displaySize} with the stated upscaling method; the
 * manipulation is then applied at display size, so σ of a low-pass filter and the grain of noise
 * are in display pixels, as the participant sees them. The result is quantized once to 8 bits.
 */
public final class ConditionRenderer {

    /** Bumped whenever the bytes for a recipe could change; part of every stimulus recipe. */
    public static final String RENDERER_VERSION = "condition/1";

    private ConditionRenderer() {
    }

    /**
     * The manipulation a condition names, with its level checked.
     *
     * @throws StimulusSetException naming the field {@code manipulation} or {@code level}
     */
    static Manipulation manipulation(Condition condition) {
        Manipulation manipulation = Manipulations.named(condition.manipulation())
                .orElseThrow(() -> StimulusSetException.invalid(null, "manipulation",
                        "unknown manipulation \"" + condition.manipulation() + "\"; known: " + Manipulations.names()));
        String problem = manipulation.checkLevel(condition.level());
        if (problem != null) {
            throw StimulusSetException.invalid(null, "level", "level " + condition.level() + " for "
                    + condition.manipulation() + ": " + problem);
        }
        return manipulation;
    }

    /** The rendered grey values; {@code seed} is used only by seeded manipulations. */
    static GrayImage render(GrayImage source, Condition condition, int displaySize, Upscale upscale, long seed) {
        Manipulation manipulation = manipulation(condition);
        return manipulation.apply(resize(source, displaySize, upscale), condition.level(), seed);
    }

    static byte[] renderPng(GrayImage source, Condition condition, int displaySize, Upscale upscale, long seed) {
        return PngEncoder.encodeGray(render(source, condition, displaySize, upscale, seed));
    }

    /** Resizes to {@code size × size}; pixel centres are aligned (x_src = (x + ½)·w/size − ½). */
    static GrayImage resize(GrayImage source, int size, Upscale upscale) {
        return source.width() == size && source.height() == size ? source : Framing.resample(source, size, size, upscale);
    }
}
