package dev.tandem.stimulus;

/**
 * Renders a condition of a source image (issue 10): the source keeps its channels, is fitted and
 * resized to the render size ({@link Framing}), and the manipulation ({@link ManipulationKind})
 * is applied there, so σ of a filter and the grain of noise are in render pixels. The browser
 * only enlarges the result, nearest-neighbour, to the display size: a model whose input equals
 * the render size sees exactly what people see. Quantized once to 8 bits per channel.
 */
final class StimulusRenderer {

    /** Bumped whenever the bytes for a recipe could change; part of every stimulus recipe. */
    static final String RENDERER_VERSION = "condition/2";

    private StimulusRenderer() {
    }

    /**
     * The manipulation a condition names, with its level checked.
     *
     * @throws StimulusSetException naming the field {@code manipulation} or {@code level}
     */
    static ManipulationKind manipulation(Condition condition) {
        ManipulationKind kind = ManipulationKind.named(condition.manipulation())
                .orElseThrow(() -> StimulusSetException.invalid(null, "manipulation",
                        "unknown manipulation \"" + condition.manipulation() + "\"; known: " + ManipulationKind.names()));
        String problem = kind.checkLevel(condition.level());
        if (problem != null) {
            throw StimulusSetException.invalid(null, "level", problem);
        }
        return kind;
    }

    static Picture render(Picture source, Condition condition, Framing framing, long seed) {
        return manipulation(condition).apply(framing.apply(source), condition.level(), seed);
    }
}
