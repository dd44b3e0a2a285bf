package dev.tandem.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Accuracy per observer (or observer group) and condition, plus each one's total over all
 * conditions; conditions in {@link ConditionOrder} (durations numerically).
 */
public final class AccuracyTable {

    /**
     * One cell of the table.
     *
     * @param observer  observer id, or group name for {@link #byGroup}
     * @param condition the condition, or null for the total over all conditions
     */
    public record Cell(String observer, ObserverKind kind, String condition, Accuracy accuracy) {
    }

    private AccuracyTable() {
    }

    /** Rows ordered by observer, then condition; each observer's total (condition null) comes first. */
    public static List<Cell> byObserver(Collection<ObservedTrial> trials) {
        return table(trials, ObservedTrial::observerId);
    }

    /** Trials of all observers of a group pooled, e.g. every human or every run of one model. */
    public static List<Cell> byGroup(Collection<ObservedTrial> trials) {
        return table(trials, ObservedTrial::group);
    }

    private static List<Cell> table(Collection<ObservedTrial> trials, Function<ObservedTrial, String> who) {
        Map<String, Map<String, List<ObservedTrial>>> byWho = new TreeMap<>();
        Map<String, ObserverKind> kinds = new LinkedHashMap<>();
        for (ObservedTrial trial : trials) {
            String name = who.apply(trial);
            kinds.putIfAbsent(name, trial.kind());
            byWho.computeIfAbsent(name, k -> new TreeMap<>(ConditionOrder.INSTANCE))
                    .computeIfAbsent(trial.condition(), k -> new ArrayList<>())
                    .add(trial);
        }
        List<Cell> cells = new ArrayList<>();
        byWho.forEach((name, byCondition) -> {
            List<ObservedTrial> all = new ArrayList<>();
            byCondition.values().forEach(all::addAll);
            cells.add(new Cell(name, kinds.get(name), null, Accuracy.of(all)));
            byCondition.forEach((condition, list) ->
                    cells.add(new Cell(name, kinds.get(name), condition, Accuracy.of(list))));
        });
        return cells;
    }
}
