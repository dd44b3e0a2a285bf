package dev.tandem.session;

import dev.tandem.experiment.TrialType;
import dev.tandem.triplet.TripletDefinition;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the participant's browser needs to run (or resume) a session. */
public record SessionState(
        UUID sessionId,
        SessionStatus status,
        ExperimentView experiment,
        Map<String, Object> screen,
        List<TrialView> trials,
        List<BlockView> blocks,
        List<Integer> answered,
        Completion completion,
        /** The screen-out ending of a screened-out session (its code may be null: none configured). */
        Completion screenOut) {

    public record Category(String name, String label, String key) {}

    public record Timing(int fixationMs, int blankMs, int maskMs, int interTrialMs, int responseDeadlineMs,
                         int feedbackMs) {}

    public record ExperimentView(String slug, int version, String title, TrialType trialType, String consentHtml,
                                 String instructionsHtml, String breakMessage, List<Category> categories,
                                 Timing timing, double minRefreshHz, boolean requestFullscreen, boolean practiceFeedback,
                                 ClickMeView clickme, int displaySize, int screenCheckAttempts, String language,
                                 Map<String, String> texts, TripletView triplet) {}

    /** The ClickMe game's parameters (null without ClickMe rounds); sizes in display pixels. */
    public record ClickMeView(int revealSize, int paintIntervalMs, int revealsPerQuery, int timeLimitMs, int noiseSd,
                              int noiseMean, int topK, String partnerModel) {}

    /**
     * How triplet trials are shown (null without them): {@code response} click or keys,
     * {@code presentation} untilResponse or frames, and the frames of a timed one.
     */
    public record TripletView(TripletDefinition.Response response, TripletDefinition.PresentationMode presentation,
                              Integer frames) {}

    /**
     * A trial; masked trials have a mask and durations, ClickMe rounds a noise seed (uint32),
     * triplet trials three {@code stimulusUrls} by position (and a mask and presentation frames
     * when timed). Each kind fills its fields (dev.tandem.kind).
     */
    public record TrialView(int index, TrialType type, int block, boolean practice, String stimulusUrl, String maskUrl,
                            Integer requestedMs, Integer plannedFrames, Integer fixationFrames, Integer blankFrames,
                            Integer maskFrames, String correctCategory, Long noiseSeed,
                            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                            List<String> stimulusUrls) {

        /** This view with the true category shown (the experimenter's preview shows it on every trial). */
        public TrialView withCorrectCategory(String category) {
            return new TrialView(index, type, block, practice, stimulusUrl, maskUrl, requestedMs, plannedFrames,
                    fixationFrames, blankFrames, maskFrames, category, noiseSeed, stimulusUrls);
        }
    }

    public record BlockView(int index, TrialType type, boolean practice, int trialCount) {}

    /**
     * An ending: its code and redirect; {@code withdrawCode} is the one-time code with which the
     * participant can withdraw, sent only in the answer that released the completion code.
     */
    public record Completion(String code, String redirectUrl, String withdrawCode) {}
}
