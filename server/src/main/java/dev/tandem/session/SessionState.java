package dev.tandem.session;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the participant's browser needs to run (or resume) a session. */
public record SessionState(
        UUID sessionId,
        String status,
        ExperimentView experiment,
        Map<String, Object> screen,
        List<TrialView> trials,
        List<BlockView> blocks,
        List<Integer> answered,
        Completion completion) {

    public record Category(String name, String label, String key) {}

    public record Timing(int fixationMs, int blankMs, int maskMs, int interTrialMs, int responseDeadlineMs,
                         int feedbackMs) {}

    public record ExperimentView(String slug, int version, String title, String trialType, String consentHtml,
                                 String instructionsHtml, String breakMessage, List<Category> categories,
                                 Timing timing, double minRefreshHz, boolean requestFullscreen, boolean practiceFeedback) {}

    public record TrialView(int index, int block, boolean practice, String stimulusUrl, String maskUrl,
                            int requestedMs, Integer plannedFrames, Integer fixationFrames, Integer blankFrames,
                            Integer maskFrames, String correctCategory) {}

    public record BlockView(int index, boolean practice, int trialCount) {}

    public record Completion(String code, String redirectUrl) {}
}
