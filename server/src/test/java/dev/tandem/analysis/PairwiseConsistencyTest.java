package dev.tandem.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tandem.analysis.Trials.human;
import static dev.tandem.analysis.Trials.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PairwiseConsistencyTest {

    @Test
    void theAggregateIsTheMeanOverConditions() {
        List<ObservedTrial> trials = List.of(
                // condition a: identical → κ 1, c_obs 1
                human("h1", "a", "s1", true), human("h1", "a", "s2", false),
                model("m1", "a", "s2", false), model("m1", "a", "s1", true),
                // condition b: opposite at p = .5 → κ −1, c_obs 0
                human("h1", "b", "s3", true), human("h1", "b", "s4", false),
                model("m1", "b", "s3", false), model("m1", "b", "s4", true));
        List<PairwiseConsistency.PairResult> rows = PairwiseConsistency.of(trials);
        assertEquals(3, rows.size());
        PairwiseConsistency.PairResult aggregate = rows.get(0);
        assertEquals(null, aggregate.condition());
        assertEquals(PairKind.HUMAN_MODEL, aggregate.pairKind());
        assertEquals(4, aggregate.trials());
        assertEquals(0.0, aggregate.errorConsistency(), 1e-12);
        assertEquals(0.5, aggregate.observedConsistency(), 1e-12);
        assertEquals("a", rows.get(1).condition());
        assertEquals(1.0, rows.get(1).errorConsistency());
        assertEquals(-1.0, rows.get(2).errorConsistency(), 1e-12);
    }

    @Test
    void aConditionOnlyOneObserverTookIsLeftOutOfTheAggregate() {
        List<ObservedTrial> trials = List.of(
                human("h1", "a", "s1", true), human("h1", "a", "s2", false),
                human("h2", "a", "s1", true), human("h2", "a", "s2", false),
                human("h1", "b", "s3", true), human("h1", "b", "s4", true));
        List<PairwiseConsistency.PairResult> rows = PairwiseConsistency.of(trials);
        assertEquals(2, rows.size());
        assertEquals(PairKind.HUMAN_HUMAN, rows.get(0).pairKind());
        assertEquals(1.0, rows.get(0).errorConsistency());
    }

    @Test
    void observersWithNoCommonStimulusGiveNoRows() {
        List<ObservedTrial> trials = List.of(model("m1", "a", "s1", true), model("m2", "a", "s2", true));
        assertEquals(List.of(), PairwiseConsistency.of(trials));
    }

    @Test
    void everyPairOfThreeObserversIsComparedOnce() {
        List<ObservedTrial> trials = List.of(
                human("h1", "a", "s1", true), model("m1", "a", "s1", true), model("m2", "a", "s1", false));
        List<PairwiseConsistency.PairResult> aggregates = PairwiseConsistency.of(trials).stream()
                .filter(r -> r.condition() == null).toList();
        assertEquals(List.of("h1/m1", "h1/m2", "m1/m2"),
                aggregates.stream().map(r -> r.first() + "/" + r.second()).toList());
        assertEquals(PairKind.MODEL_MODEL, aggregates.get(2).pairKind());
    }

    @Test
    void aStimulusAnsweredTwiceInOneConditionIsRefused() {
        List<ObservedTrial> trials = List.of(human("h1", "a", "s1", true), human("h1", "a", "s1", false));
        assertThrows(IllegalArgumentException.class, () -> PairwiseConsistency.of(trials));
    }
}
