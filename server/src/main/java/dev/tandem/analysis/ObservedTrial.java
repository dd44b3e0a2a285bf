package dev.tandem.analysis;

import java.util.Objects;

/**
 * One observer's answer on one trial, as the metrics need it.
 *
 * @param observerId   unique id of the observer (session id, model name, published subject)
 * @param kind         human or model
 * @param group        observer group for curves and pooled figures ("humans", or the model name)
 * @param condition    condition key (manipulation and level, duration); trials are compared within it
 * @param stimulusKey  what pairs this trial with another observer's: the rendered stimulus
 *                     (hash, or the image id of published data), never the trial order
 * @param category     the true category
 * @param response     the chosen category, or null for a timeout (counted as wrong)
 * @param requestedMs  requested presentation time, or null when the trial type has none
 * @param framesShown  frames actually shown, or null when unknown
 * @param manipulation the manipulation (e.g. none, uniform-noise), or null when unknown; curves keep them apart
 * @param level        its level, or null when it has none
 * @param refreshHz    the refresh rate measured in the observer's session, or null (models, imported data)
 */
public record ObservedTrial(String observerId, ObserverKind kind, String group, String condition,
                            String stimulusKey, String category, String response,
                            Integer requestedMs, Integer framesShown, String manipulation, String level,
                            Double refreshHz) {

    /** A trial with no manipulation named and no refresh rate (hand-built cases, published data). */
    public ObservedTrial(String observerId, ObserverKind kind, String group, String condition, String stimulusKey,
                         String category, String response, Integer requestedMs, Integer framesShown) {
        this(observerId, kind, group, condition, stimulusKey, category, response, requestedMs, framesShown,
                null, null, null);
    }

    public ObservedTrial {
        Objects.requireNonNull(observerId, "observerId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(stimulusKey, "stimulusKey");
        Objects.requireNonNull(category, "category");
    }

    /** A missing response, or any response that is not the true category (e.g. "na"), is wrong. */
    public boolean correct() {
        return category.equals(response);
    }
}
