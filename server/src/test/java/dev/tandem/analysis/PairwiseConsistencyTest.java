package dev.tandem.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tandem.analysis.Trials.human;
import static dev.tandem.analysis.Trials.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairwiseConsistencyTest {

    /** Hand-sized cases: every cell enters the means. */
    private static final ConsistencyOptions EVERY_CELL = ConsistencyOptions.DEFAULT.withMinSharedTrials(1);

    @Test
    void theAggregateIsTheMeanOverConditions() {
        List<ObservedTrial> trials = List.of(
                // condition a: identical → κ 1, c_obs 1
                human("h1", "a", "s1", true), human("h1", "a", "s2", false),
                model("m1", "a", "s2", false), model("m1", "a", "s1", true),
                // condition b: opposite at p = .5 → κ −1, c_obs 0
                human("h1", "b", "s3", true), human("h1", "b", "s4", false),
                model("m1", "b", "s3", false), model("m1", "b", "s4", true));
        List<PairwiseConsistency.PairResult> rows = PairwiseConsistency.compute(trials, EVERY_CELL).pairs();
        assertEquals(3, rows.size());
        PairwiseConsistency.PairResult aggregate = rows.get(0);
        assertEquals(null, aggregate.condition());
        assertEquals(PairKind.HUMAN_MODEL, aggregate.pairKind());
        assertEquals(4, aggregate.sharedTrials());
        assertEquals(0.0, aggregate.kappa(), 1e-12);
        assertEquals(0.5, aggregate.observedConsistency(), 1e-12);
        assertEquals("a", rows.get(1).condition());
        assertEquals(1.0, rows.get(1).kappa());
        assertEquals(-1.0, rows.get(2).kappa(), 1e-12);
    }

    @Test
    void aConditionOnlyOneObserverTookIsLeftOutOfTheAggregate() {
        List<ObservedTrial> trials = List.of(
                human("h1", "a", "s1", true), human("h1", "a", "s2", false),
                human("h2", "a", "s1", true), human("h2", "a", "s2", false),
                human("h1", "b", "s3", true), human("h1", "b", "s4", true));
        List<PairwiseConsistency.PairResult> rows = PairwiseConsistency.compute(trials, EVERY_CELL).pairs();
        assertEquals(2, rows.size());
        assertEquals(PairKind.HUMAN_HUMAN, rows.get(0).pairKind());
        assertEquals(1.0, rows.get(0).kappa());
    }

    @Test
    void observersWithNoCommonStimulusGiveNoRows() {
        List<ObservedTrial> trials = List.of(model("m1", "a", "s1", true), model("m2", "a", "s2", true));
        assertEquals(List.of(), PairwiseConsistency.compute(trials, EVERY_CELL).pairs());
    }

    @Test
    void everyPairOfThreeObserversIsComparedOnce() {
        List<ObservedTrial> trials = List.of(
                human("h1", "a", "s1", true), model("m1", "a", "s1", true), model("m2", "a", "s1", false));
        List<PairwiseConsistency.PairResult> aggregates = PairwiseConsistency.compute(trials, EVERY_CELL).pairs().stream()
                .filter(r -> r.condition() == null).toList();
        assertEquals(List.of("h1/m1", "h1/m2", "m1/m2"),
                aggregates.stream().map(r -> r.first() + "/" + r.second()).toList());
        assertEquals(PairKind.MODEL_MODEL, aggregates.get(2).pairKind());
    }

    @Test
    void conditionsWithFewerSharedTrialsThanTheMinimumAreLeftOutOfTheMeans() {
        List<ObservedTrial> trials = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) { // condition a: 20 trials, identical answers → κ 1
            trials.add(human("h1", "a", "a" + i, i % 2 == 0));
            trials.add(model("m1", "a", "a" + i, i % 2 == 0));
        }
        for (int i = 0; i < 6; i++) { // condition b: 6 trials, opposite answers → κ −1
            trials.add(human("h1", "b", "b" + i, i % 2 == 0));
            trials.add(model("m1", "b", "b" + i, i % 2 == 1));
        }
        PairwiseConsistency.Result result = PairwiseConsistency.compute(trials, ConsistencyOptions.DEFAULT);
        PairwiseConsistency.PairResult aggregate = result.pairs().get(0);
        assertEquals(1.0, aggregate.kappa(), "only condition a has 20 shared trials");
        assertEquals(2, aggregate.conditions());
        assertEquals(1, aggregate.conditionsUsed());
        assertEquals(26, aggregate.sharedTrials());
        assertEquals(-1.0, result.pairs().get(2).kappa(), 1e-12, "the small cell is still reported");
        assertTrue(result.pairs().get(2).belowMinimum());
        assertEquals(1.0, result.byPairKind().get(0).kappa());

        PairwiseConsistency.Result strict = PairwiseConsistency.compute(trials, ConsistencyOptions.DEFAULT.withMinSharedTrials(21));
        assertTrue(strict.pairs().get(0).belowMinimum());
        assertNull(strict.pairs().get(0).kappa());
        assertNull(strict.pairs().get(0).kappaCi());
        assertEquals(0, strict.byPairKind().get(0).pairs());
        assertEquals(1, strict.byPairKind().get(0).pairsBelowMinimum());
        assertNull(strict.byPairKind().get(0).kappa());
    }

    @Test
    void aMeanOverConditionsCarriesABootstrapIntervalAndAChanceRange() {
        List<ObservedTrial> trials = new java.util.ArrayList<>();
        for (String condition : List.of("a", "b")) {
            for (int i = 0; i < 30; i++) { // the same answers, 60 % right: far above chance
                trials.add(human("h1", condition, condition + i, i % 5 < 3));
                trials.add(human("h2", condition, condition + i, i % 5 < 3));
            }
        }
        PairwiseConsistency.PairResult aggregate = PairwiseConsistency.compute(trials, ConsistencyOptions.DEFAULT).pairs().get(0);
        assertEquals(1.0, aggregate.kappa());
        assertTrue(aggregate.exceedsChance());
        assertTrue(aggregate.kappaChance().high() < 0.5, aggregate.kappaChance().toString());
        assertTrue(aggregate.kappaChance().low() < 0 && aggregate.kappaChance().high() > 0, aggregate.kappaChance().toString());
        assertEquals(new Range(1.0, 1.0), aggregate.kappaCi(), "identical answers stay identical in every resample");
    }

    @Test
    void theSameSeedGivesTheSameIntervalsWhateverTheOrderOfTheTrials() {
        List<ObservedTrial> trials = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 40; i++) {
            trials.add(human("h1", "a", "s" + i, random.nextBoolean()));
            trials.add(model("m1", "a", "s" + i, random.nextBoolean()));
        }
        List<ObservedTrial> reversed = new java.util.ArrayList<>(trials);
        java.util.Collections.reverse(reversed);
        assertEquals(PairwiseConsistency.compute(trials, ConsistencyOptions.DEFAULT).pairs(),
                PairwiseConsistency.compute(reversed, ConsistencyOptions.DEFAULT).pairs());
        PairwiseConsistency.PairResult cell = PairwiseConsistency.compute(trials, ConsistencyOptions.DEFAULT).pairs().get(1);
        assertTrue(cell.kappaCi().contains(cell.kappa()), cell.toString());
        assertTrue(cell.kappaCi().high() - cell.kappaCi().low() > 0.2, "40 trials leave κ uncertain: " + cell.kappaCi());
    }

    @Test
    void aStimulusAnsweredTwiceInOneConditionIsRefused() {
        List<ObservedTrial> trials = List.of(human("h1", "a", "s1", true), human("h1", "a", "s1", false));
        assertThrows(IllegalArgumentException.class, () -> PairwiseConsistency.compute(trials, EVERY_CELL).pairs());
    }
}
