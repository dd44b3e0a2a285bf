package dev.tandem.experiment;

/** Requested durations in ms become whole frames of the screen's measured refresh rate. */
public final class Frames {

    private Frames() {}

    /** At least one frame for a stimulus: a requested 8 ms on a 60 Hz screen shows one 16.7 ms frame. */
    public static int presentationFrames(int requestedMs, double refreshHz) {
        return Math.max(1, frames(requestedMs, refreshHz));
    }

    /** Frames for a phase that may be empty (a blank of 0 ms is 0 frames). */
    public static int frames(int requestedMs, double refreshHz) {
        return (int) Math.round(requestedMs * refreshHz / 1000.0);
    }
}
