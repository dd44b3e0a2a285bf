package dev.tandem.clickme;

import dev.tandem.common.ClientTime;
import dev.tandem.common.InvalidInputException;
import dev.tandem.experiment.ExperimentDefinition;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Checks of what the browser sends about a round; every refusal names the field. */
final class RoundInput {

    static final Set<String> OUTCOMES = Set.of("partner-correct", "timeout", "skip");

    private RoundInput() {}

    static UUID uuid(String text, String field) {
        try {
            if (text == null || text.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, field.substring(field.lastIndexOf('.') + 1) + " must be a UUID");
        }
    }

    static int clickmeTrial(ExperimentDefinition definition, Integer index, String field) {
        if (index == null || !definition.isClickmeTrial(index)) {
            throw new InvalidInputException(field, "trialIndex must be a ClickMe round of this session ("
                    + definition.firstClickmeIndex() + " to " + (definition.firstClickmeIndex() + definition.clickmeRounds() - 1) + ")");
        }
        return index;
    }

    /**
     * The most reveals one round can make, and so one query can carry (issue 12): the browser's
     * painter adds squares at most once per paint interval, along a stroke of at most the image's
     * diagonal in steps of half a square, until the time limit ends the round.
     */
    static int maxReveals(ExperimentDefinition definition) {
        var clickme = definition.clickme();
        int side = definition.display().size();
        long strokes = clickme.timeLimitMs() / clickme.paintIntervalMs() + 1;
        long perStroke = (long) Math.ceil(side * Math.sqrt(2) / Math.max(1, clickme.revealSize() / 2.0)) + 1;
        return (int) Math.min(strokes * perStroke, JSON_ARRAY_LIMIT);
    }

    /** No body carries a longer array (http.JsonBodies.MAX_ARRAY). */
    private static final int JSON_ARRAY_LIMIT = 10_000;

    /** Reveals in order: inside the display, of the configured size, at non-decreasing times. */
    static List<Reveal> reveals(ExperimentDefinition definition, List<PartnerQuery.RevealDto> dtos, String field, int min) {
        int max = maxReveals(definition);
        if (dtos == null || dtos.size() < min || dtos.size() > max) {
            throw new InvalidInputException(field, "reveals must hold " + min + " to " + max
                    + " reveals (the most this game's rounds can make)");
        }
        int side = definition.display().size();
        int size = definition.clickme().revealSize();
        List<Reveal> reveals = new ArrayList<>(dtos.size());
        double last = 0;
        for (int i = 0; i < dtos.size(); i++) {
            var r = dtos.get(i);
            String at = field + "[" + i + "]";
            if (r == null) {
                throw new InvalidInputException(at, "a reveal has x, y, size and t");
            }
            String missing = r.x() == null ? "x" : r.y() == null ? "y" : r.t() == null ? "t" : null;
            if (missing != null) {
                throw new InvalidInputException(at + "." + missing, "a reveal has x, y, size and t; " + missing + " is missing");
            }
            if (r.x() < 0 || r.x() >= side || r.y() < 0 || r.y() >= side) {
                throw new InvalidInputException(at + ".x", "x and y must lie inside the " + side + " px image");
            }
            if (r.size() != null && r.size() != size) {
                throw new InvalidInputException(at + ".size", "reveals are " + size + " px squares");
            }
            if (!(r.t() >= last) || r.t() > 3_600_000) {
                throw new InvalidInputException(at + ".t", "t must be ms since the round began, never decreasing");
            }
            last = r.t();
            reveals.add(new Reveal(r.x(), r.y(), size, r.t()));
        }
        return reveals;
    }

    static double elapsed(Double elapsedMs, String field) {
        if (elapsedMs == null || !(elapsedMs >= 0 && elapsedMs <= 3_600_000)) {
            throw new InvalidInputException(field, "elapsedMs must be between 0 and 3600000");
        }
        return elapsedMs;
    }

    static String outcome(String outcome, String field) {
        if (outcome == null || !OUTCOMES.contains(outcome)) {
            throw new InvalidInputException(field, "outcome must be partner-correct, timeout or skip");
        }
        return outcome;
    }

    static OffsetDateTime clientTime(String text, String field) {
        return ClientTime.parse(text, field);
    }
}
