package dev.tandem.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A masked-classification and/or ClickMe experiment, or a triplet odd-one-out experiment, as written by the experimenter and documented by
 * {@code schema/experiment.schema.json}. Absent optional fields take the schema's defaults here.
 */
@JsonIgnoreProperties(value = "$schema")
public record ExperimentDefinition(
        String slug,
        String title,
        String consent,
        String instructions,
        TrialType trialType,
        String stimulusSet,
        Display display,
        List<Category> categories,
        Conditions conditions,
        Integer trialsPerParticipant,
        Blocks blocks,
        Practice practice,
        Timing timing,
        Mask mask,
        Double minRefreshHz,
        Boolean requestFullscreen,
        Completion completion,
        Assignment assignment,
        ClickMe clickme,
        @JsonInclude(JsonInclude.Include.NON_NULL) dev.tandem.triplet.TripletDefinition triplet,
        Integer screenCheckAttempts,
        String language,
        java.util.Map<String, String> texts,
        Integer targetParticipants) {

    public ExperimentDefinition {
        display = Objects.requireNonNullElse(display, new Display(null, null));
        blocks = Objects.requireNonNullElse(blocks, new Blocks(null, null));
        practice = Objects.requireNonNullElse(practice, new Practice(null, null, null, null));
        timing = Objects.requireNonNullElse(timing, new Timing(null, null, null, null, null, null));
        mask = Objects.requireNonNullElse(mask, new Mask(null));
        minRefreshHz = Objects.requireNonNullElse(minRefreshHz, 59.0);
        requestFullscreen = Objects.requireNonNullElse(requestFullscreen, true);
        assignment = Objects.requireNonNullElse(assignment, new Assignment(null, null));
        screenCheckAttempts = Objects.requireNonNullElse(screenCheckAttempts, 3);
        language = Objects.requireNonNullElse(language, "en");
        texts = texts == null ? java.util.Map.of() : java.util.Map.copyOf(texts);
        categories = categories == null ? List.of() : categories;
        if (triplet != null && triplet.stimulusSet() == null) {
            triplet = triplet.inSet(stimulusSet);
        }
        if (clickme != null) {
            clickme = clickme.withDefaults(display.size(), categories == null ? 0 : categories.size());
        }
    }

    /**
     * The display box ({@code size} CSS pixels square) and how a source becomes the stimulus
     * (issue 10): {@code fit} (crop, pad with {@code padGrey}, contain), resized to
     * {@code renderSize} (null: the set's largest fitted source side, at most {@code size}) with
     * {@code upscale} when enlarging; the browser enlarges the render-size image to {@code size}
     * nearest-neighbour.
     */
    public record Display(Integer size, String upscale,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer renderSize,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String fit,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double padGrey) {
        // The issue-10 fields stay null when absent and are left out of the stored JSON, so a
        // definition stored before them hashes as it did and loading it again changes nothing.
        public Display {
            size = Objects.requireNonNullElse(size, 224);
            upscale = Objects.requireNonNullElse(upscale, "nearest");
        }

        /** {@code fit}, default {@code crop}. */
        public String fitOrDefault() {
            return fit == null ? "crop" : fit;
        }

        /** {@code padGrey}, default 0.5 (mid-grey). */
        public double padGreyOrDefault() {
            return padGrey == null ? 0.5 : padGrey;
        }

        public Display(Integer size, String upscale) {
            this(size, upscale, null, null, null);
        }
    }

    public record Category(String name, String label, String key) {
        public Category {
            label = Objects.requireNonNullElse(label, name);
        }
    }

    public record Manipulation(String name, Double level) {}

    public record Conditions(List<Integer> durationsMs, List<Manipulation> manipulations) {

        /** Every duration crossed with every manipulation, durations varying fastest. */
        public List<Cell> cells() {
            List<Cell> cells = new ArrayList<>();
            for (Manipulation manipulation : manipulations) {
                for (int duration : durationsMs) {
                    cells.add(new Cell(manipulation, duration));
                }
            }
            return cells;
        }
    }

    /** One condition of the design: a manipulation shown for a requested duration. */
    public record Cell(Manipulation manipulation, int durationMs) {}

    public record Blocks(Integer count, String breakMessage) {
        public Blocks {
            count = Objects.requireNonNullElse(count, 1);
            breakMessage = Objects.requireNonNullElse(breakMessage, "Take a short break. Continue when you are ready.");
        }
    }

    public record Practice(Integer trials, Integer durationMs, Manipulation manipulation, Boolean feedback) {
        public Practice {
            trials = Objects.requireNonNullElse(trials, 0);
            manipulation = Objects.requireNonNullElse(manipulation, new Manipulation("none", null));
            feedback = Objects.requireNonNullElse(feedback, true);
        }
    }

    public record Timing(Integer fixationMs, Integer blankMs, Integer maskMs, Integer interTrialMs,
                         Integer responseDeadlineMs, Integer feedbackMs) {
        public Timing {
            fixationMs = Objects.requireNonNullElse(fixationMs, 500);
            blankMs = Objects.requireNonNullElse(blankMs, 0);
            maskMs = Objects.requireNonNullElse(maskMs, 200);
            interTrialMs = Objects.requireNonNullElse(interTrialMs, 500);
            responseDeadlineMs = Objects.requireNonNullElse(responseDeadlineMs, 3000);
            feedbackMs = Objects.requireNonNullElse(feedbackMs, 800);
        }
    }

    public record Mask(String type) {
        public Mask {
            type = Objects.requireNonNullElse(type, "pink-noise");
        }
    }

    /**
     * The endings: the completion code (and redirect) once every response is stored, and the
     * screen-out code (and redirect) for a participant whose screen failed the check
     * {@code screenCheckAttempts} times (issue 14).
     */
    public record Completion(String code, String redirectUrl, String screenOutCode, String screenOutRedirectUrl) {}

    public record Assignment(Long seed, Boolean allowImageRepeats) {
        public Assignment {
            seed = Objects.requireNonNullElse(seed, 1L);
            allowImageRepeats = Objects.requireNonNullElse(allowImageRepeats, false);
        }
    }

    /**
     * ClickMe rounds (issue 5; Linsley et al. 2019). Sizes are in display pixels; absent fields
     * take the defaults, the square size scaled from 14 px at a 224 px display.
     */
    public record ClickMe(Integer rounds, String placement, Integer revealSize, Integer paintIntervalMs,
                          Integer revealsPerQuery, Integer timeLimitMs, Partner partner, Integer noiseSd,
                          Integer noiseMean, Integer blocks) {

        ClickMe withDefaults(int displaySize, int categoryCount) {
            return new ClickMe(rounds, Objects.requireNonNullElse(placement, "after"),
                    Objects.requireNonNullElse(revealSize, Math.max(1, Math.round(14f * displaySize / 224))),
                    Objects.requireNonNullElse(paintIntervalMs, 50),
                    Objects.requireNonNullElse(revealsPerQuery, 10),
                    Objects.requireNonNullElse(timeLimitMs, 7000),
                    partner == null ? null : partner.withDefaults(categoryCount),
                    Objects.requireNonNullElse(noiseSd, 64),
                    Objects.requireNonNullElse(noiseMean, 128),
                    Objects.requireNonNullElse(blocks, 1));
        }
    }

    /** The partner model (a folder under the stimulus set's models/) and its success rule. */
    public record Partner(String model, Integer topK) {

        Partner withDefaults(int categoryCount) {
            // Top-1 for a handful of categories, top-5 for ImageNet-sized outputs (issue 5).
            return new Partner(model, Objects.requireNonNullElse(topK, categoryCount >= 100 ? 5 : 1));
        }
    }

    /** Practice duration defaults to the longest main duration. */
    public int practiceDurationMs() {
        return practice.durationMs() != null ? practice.durationMs()
                : conditions.durationsMs().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    public boolean hasMaskedTrials() {
        return trialType.hasMaskedDesign();
    }

    /** Masked trials per session, practice included (0 in a ClickMe-only experiment). */
    public int maskedTrials() {
        return hasMaskedTrials() ? trialsPerParticipant + practice.trials() : 0;
    }

    public int clickmeRounds() {
        return clickme == null ? 0 : clickme.rounds();
    }

    /** Index of the first ClickMe trial: rounds come before or after the masked trials. */
    public int firstClickmeIndex() {
        return clickme != null && "before".equals(clickme.placement()) ? 0 : maskedTrials();
    }

    public boolean isClickmeTrial(int index) {
        int first = firstClickmeIndex();
        return index >= first && index < first + clickmeRounds();
    }

    /** A masked practice trial: the first practice.trials of the masked trials (ClickMe rounds have no practice). */
    public boolean isPracticeTrial(int index) {
        if (!hasMaskedTrials()) {
            return false;
        }
        int firstMasked = firstClickmeIndex() == 0 ? clickmeRounds() : 0;
        return index >= firstMasked && index < firstMasked + practice.trials();
    }

    /** Triplet trials per session (0 without a triplet section). */
    public int tripletTrials() {
        return triplet == null ? 0 : triplet.trialsPerParticipant();
    }

    public int totalTrials() {
        return maskedTrials() + clickmeRounds() + tripletTrials();
    }

    /**
     * The trial types a session shows, in the order their trials come: ClickMe rounds placed
     * {@code before} come first.
     */
    public List<TrialType> sessionKinds() {
        List<TrialType> shown = new ArrayList<>(trialType.shown(clickme != null));
        if (clickme != null && "before".equals(clickme.placement())) {
            java.util.Collections.reverse(shown);
        }
        return List.copyOf(shown);
    }
}
