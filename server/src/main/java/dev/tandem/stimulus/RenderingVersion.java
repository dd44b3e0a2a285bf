package dev.tandem.stimulus;

import java.util.Arrays;

/**
 * Which renderer an experiment version's stimuli come from. A stored version keeps its renderer
 * for good, so its later sessions see the same bytes as its first (migration V0010_1).
 */
public enum RenderingVersion {
    /** Before issue 10: grey (Rec. 601), resized to the display size, manipulated there. */
    CONDITION_1("condition/1"),
    /** Issue 10: channels kept, fitted to the render size, manipulated there; masks at render size. */
    CONDITION_2(StimulusRenderer.RENDERER_VERSION);

    private final String recipeName;

    RenderingVersion(String recipeName) {
        this.recipeName = recipeName;
    }

    /** The name in recipes and in {@code experiment.renderer}. */
    public String recipeName() {
        return recipeName;
    }

    public static RenderingVersion fromRecipeName(String name) {
        return Arrays.stream(values()).filter(v -> v.recipeName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown renderer " + name));
    }
}
