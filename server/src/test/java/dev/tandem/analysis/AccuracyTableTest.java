package dev.tandem.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tandem.analysis.Trials.human;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AccuracyTableTest {

    @Test
    void eachObserverGetsATotalThenOneCellPerConditionWithDurationsInNumericOrder() {
        List<ObservedTrial> trials = List.of(
                human("h1", "33ms", "s1", true), human("h1", "33ms", "s2", false),
                human("h1", "100ms", "s3", true), human("h2", "100ms", "s3", false));
        List<AccuracyTable.Cell> cells = AccuracyTable.byObserver(trials);
        assertEquals(List.of("h1/null", "h1/33ms", "h1/100ms", "h2/null", "h2/100ms"),
                cells.stream().map(c -> c.observer() + "/" + c.condition()).toList());
        assertEquals(Accuracy.of(2, 3), cells.get(0).accuracy());
        assertEquals(Accuracy.of(1, 2), cells.get(1).accuracy());
    }

    @Test
    void conditionKeysSortByManipulationThenLevelAndDurationAsNumbers() {
        List<String> keys = new java.util.ArrayList<>(List.of("none::200ms", "uniform-noise:0.2:17ms", "none::17ms",
                "none::100ms", "uniform-noise:0.05:33ms", "none::33ms", "none::50ms", "uniform-noise:0.2:100ms"));
        keys.sort(ConditionOrder.INSTANCE);
        assertEquals(List.of("none::17ms", "none::33ms", "none::50ms", "none::100ms", "none::200ms",
                "uniform-noise:0.05:33ms", "uniform-noise:0.2:17ms", "uniform-noise:0.2:100ms"), keys);
        org.junit.jupiter.api.Assertions.assertNotEquals(0, ConditionOrder.INSTANCE.compare("c:0.2:", "c:0.20:"), "distinct keys never tie");
    }

    @Test
    void aGroupPoolsItsObservers() {
        List<ObservedTrial> trials = List.of(human("h1", "a", "s1", true), human("h2", "a", "s1", false));
        List<AccuracyTable.Cell> cells = AccuracyTable.byGroup(trials);
        assertEquals("humans", cells.get(0).observer());
        assertEquals(Accuracy.of(1, 2), cells.get(0).accuracy());
    }

    @Test
    void aTimeoutAndAnNaResponseAreWrong() {
        ObservedTrial timeout = new ObservedTrial("h1", ObserverKind.HUMAN, "humans", "a", "s1", "cat", null, 50, 3);
        ObservedTrial na = new ObservedTrial("h1", ObserverKind.HUMAN, "humans", "a", "s2", "cat", "na", 50, 3);
        assertEquals(Accuracy.of(0, 2), Accuracy.of(List.of(timeout, na)));
    }

    @Test
    void noTrialsGiveNoCells() {
        assertEquals(List.of(), AccuracyTable.byObserver(List.of()));
    }
}
