package dev.tandem.kind;

import dev.tandem.experiment.TrialType;
import java.util.List;

/** A session's trial as planned (to be stored) and as stored; a triplet trial carries its three images. */
public final class SessionTrial {

    private SessionTrial() {}

    /**
     * A trial to insert: the plan plus the rendered bytes' addresses. The one-image fields are
     * null for a triplet trial, whose images are in {@code triplet}.
     */
    public record New(TrialType trialType, int index, int block, boolean practice, Integer imageIndex, String imageFile,
                      String category, String manipulation, Double level, Integer requestedMs, String stimulusSha256,
                      long maskSeed, String maskSha256, Triplet triplet) {

        /** The same trial at another place in the session. */
        public New at(int index, int block) {
            return new New(trialType, index, block, practice, imageIndex, imageFile, category, manipulation, level,
                    requestedMs, stimulusSha256, maskSeed, maskSha256, triplet);
        }
    }

    /**
     * The three images of a triplet trial by position (0, 1, 2 = left to right): each one's index
     * in the experiment's selected images, file, category and rendered bytes; the role
     * ({@code unique}, {@code repeated}, {@code catch}); for a catch trial the position of the
     * image shown once; for a timed presentation its frames and the mask that follows.
     */
    public record Triplet(List<Integer> images, List<String> files, List<String> categories, List<String> stimuli,
                          String role, Integer catchOddPosition, Integer presentationFrames, String maskSha256) {}

    /** A stored trial as the participant's state shows it. */
    public record Stored(int index, TrialType type, int block, boolean practice, String stimulusSha256,
                         String maskSha256, Integer requestedMs, Integer plannedFrames, Integer fixationFrames,
                         Integer blankFrames, Integer maskFrames, String category, long maskSeed, Triplet triplet) {}
}
