package dev.tandem.stimulus;

/**
 * One image manipulation of a condition, applied at display size after upscaling. Implementations
 * are pure: the same image, level and seed give the same pixels.
 */
interface Manipulation {

    /** Null when the level is acceptable, otherwise a message saying what is wrong with it. */
    String checkLevel(Double level);

    /** Whether the result depends on a random seed (recorded in the rendering's recipe). */
    boolean usesSeed();

    GrayImage apply(GrayImage image, Double level, long seed);
}
