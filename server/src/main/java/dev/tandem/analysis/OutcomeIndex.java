package dev.tandem.analysis;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trials indexed as observer → condition → stimulus key → correct, the shape every pairwise metric
 * needs. A stimulus answered twice by one observer in one condition is refused: trials are paired
 * by stimulus, so the pairing would be ambiguous.
 */
public final class OutcomeIndex {

    private final Map<String, ObserverKind> kinds = new TreeMap<>();
    private final Map<String, Map<String, Map<String, Boolean>>> outcomes = new TreeMap<>();

    public OutcomeIndex(Collection<ObservedTrial> trials) {
        for (ObservedTrial trial : trials) {
            kinds.putIfAbsent(trial.observerId(), trial.kind());
            Boolean previous = outcomes.computeIfAbsent(trial.observerId(), k -> new TreeMap<>(ConditionOrder.INSTANCE))
                    .computeIfAbsent(trial.condition(), k -> new LinkedHashMap<>())
                    .put(trial.stimulusKey(), trial.correct());
            if (previous != null) {
                throw new IllegalArgumentException("observer " + trial.observerId() + " answered stimulus "
                        + trial.stimulusKey() + " twice in condition " + trial.condition()
                        + "; trials are paired by stimulus, so each may occur once");
            }
        }
    }

    /** Observer ids, sorted. */
    public List<String> observers() {
        return List.copyOf(outcomes.keySet());
    }

    public ObserverKind kind(String observer) {
        return kinds.get(observer);
    }

    /**
     * Error consistency of two observers in each condition where they share at least one stimulus,
     * ordered by condition ({@link ConditionOrder}).
     */
    public Map<String, ErrorConsistency> byCondition(String first, String second) {
        Map<String, Map<String, Boolean>> secondByCondition = outcomes.getOrDefault(second, Map.of());
        Map<String, ErrorConsistency> result = new TreeMap<>(ConditionOrder.INSTANCE);
        outcomes.getOrDefault(first, Map.of()).forEach((condition, firstOutcomes) -> {
            Map<String, Boolean> secondOutcomes = secondByCondition.get(condition);
            if (secondOutcomes != null) {
                ErrorConsistency.between(firstOutcomes, secondOutcomes)
                        .ifPresent(ec -> result.put(condition, ec));
            }
        });
        return result;
    }
}
