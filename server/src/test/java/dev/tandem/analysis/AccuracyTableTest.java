package dev.tandem.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tandem.analysis.Trials.human;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AccuracyTableTest {

    @Test
    void eachObserverGetsATotalThenOneCellPerCondition() {
        List<ObservedTrial> trials = List.of(
                human("h1", "33ms", "s1", true), human("h1", "33ms", "s2", false),
                human("h1", "100ms", "s3", true), human("h2", "100ms", "s3", false));
        List<AccuracyTable.Cell> cells = AccuracyTable.byObserver(trials);
        assertEquals(List.of("h1/null", "h1/100ms", "h1/33ms", "h2/null", "h2/100ms"),
                cells.stream().map(c -> c.observer() + "/" + c.condition()).toList());
        assertEquals(Accuracy.of(2, 3), cells.get(0).accuracy());
        assertEquals(Accuracy.of(1, 2), cells.get(2).accuracy());
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
