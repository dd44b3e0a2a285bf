package dev.tandem.analysis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KappaChanceTest {

    @Test
    void independentSimulatedObserversHaveKappaInsideTheirChanceRangeAtLeast95PercentOfTheTime() {
        Random random = new Random(11);
        int cells = 0;
        int inside = 0;
        List<ObservedTrial> trials = new ArrayList<>();
        for (int pair = 0; pair < 3000; pair++) {
            int n = 6 + random.nextInt(60);
            double p1 = 0.05 + 0.9 * random.nextDouble();
            double p2 = 0.05 + 0.9 * random.nextDouble();
            String condition = "c" + pair;
            for (int i = 0; i < n; i++) { // each observer right with its own probability, independently
                trials.add(Trials.human("h1", condition, "s" + i, random.nextDouble() < p1));
                trials.add(Trials.model("m1", condition, "s" + i, random.nextDouble() < p2));
            }
        }
        for (PairwiseConsistency.PairResult cell : PairwiseConsistency.compute(trials,
                new ConsistencyOptions(1, 100, 3)).pairs()) {
            if (cell.condition() != null) {
                cells++;
                inside += cell.kappaChance().contains(cell.kappa()) ? 1 : 0;
                assertEquals(cell.exceedsChance(), cell.kappa() > cell.kappaChance().high());
            }
        }
        assertEquals(3000, cells);
        double share = inside / (double) cells;
        assertTrue(share >= 0.95, "κ of independent observers inside the chance range in " + share + " of cells");
    }

    @Test
    void independentObserversMeanKappaOverConditionsFallsInsideItsSimulatedChanceRangeAbout95PercentOfTheTime() {
        Random random = new Random(5);
        int inside = 0;
        int pairs = 400;
        for (int pair = 0; pair < pairs; pair++) {
            List<ObservedTrial> trials = new ArrayList<>();
            for (int condition = 0; condition < 4; condition++) {
                double p1 = 0.1 + 0.8 * random.nextDouble();
                double p2 = 0.1 + 0.8 * random.nextDouble();
                for (int i = 0; i < 25; i++) {
                    trials.add(Trials.human("h1", "c" + condition, "s" + i, random.nextDouble() < p1));
                    trials.add(Trials.model("m1", "c" + condition, "s" + i, random.nextDouble() < p2));
                }
            }
            PairwiseConsistency.PairResult mean = PairwiseConsistency.compute(trials,
                    new ConsistencyOptions(20, 400, pair)).pairs().get(0);
            inside += mean.kappaChance().contains(mean.kappa()) ? 1 : 0;
        }
        assertTrue(inside >= 0.93 * pairs, inside + " of " + pairs + " means inside their chance range");
    }

    @Test
    void observersWhoShareTheirErrorsExceedTheChanceRange() {
        Random random = new Random(2);
        List<ObservedTrial> trials = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean hard = random.nextDouble() < 0.4; // both fail the hard trials, each with a little noise
            trials.add(Trials.human("h1", "a", "s" + i, hard == random.nextDouble() < 0.1));
            trials.add(Trials.model("m1", "a", "s" + i, hard == random.nextDouble() < 0.1));
        }
        PairwiseConsistency.PairResult cell = PairwiseConsistency.compute(trials, ConsistencyOptions.DEFAULT).pairs().get(1);
        assertTrue(cell.exceedsChance(), cell.toString());
        assertTrue(cell.kappaCi().contains(cell.kappa()), cell.toString());
    }

    @Test
    void twoObserversWrongOnAllOfSixTrialsReachKappaOneByChanceAlone() {
        KappaChance chance = new KappaChance(6, 0, 0);
        assertEquals(new Range(1.0, 1.0), chance.range95());
        List<ObservedTrial> trials = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            trials.add(Trials.human("h1", "a", "s" + i, false));
            trials.add(Trials.model("m1", "a", "s" + i, false));
        }
        PairwiseConsistency.PairResult cell = PairwiseConsistency.compute(trials, ConsistencyOptions.DEFAULT).pairs().get(1);
        assertEquals(1.0, cell.kappa());
        assertFalse(cell.exceedsChance(), "κ = 1 here says nothing about shared errors");
    }

    @Test
    void anObserverRightOnEveryTrialHasKappaZeroWithAnyoneElse() {
        assertEquals(new Range(0.0, 0.0), new KappaChance(10, 10, 4).range95());
    }

    @Test
    void theRangeIsTheCentral95PercentOfTheExactHypergeometricDistribution() {
        // n = 10, k1 = 5, k2 = 5: P(a) = C(5,a)C(5,5−a)/C(10,5) = 1, 25, 100, 100, 25, 1 over 252 for a = 0…5
        // cumulative: 1, 26, 126, 226, 251, 252 → 2.5 % (6.3/252) at a = 1, 97.5 % (245.7/252) at a = 4
        Range range = new KappaChance(10, 5, 5).range95();
        assertEquals(KappaChance.kappa(10, 5, 5, 1), range.low(), 1e-12);
        assertEquals(KappaChance.kappa(10, 5, 5, 4), range.high(), 1e-12);
        assertEquals(-0.6, range.low(), 1e-12);
        assertEquals(0.6, range.high(), 1e-12);
    }
}
