package dev.tandem.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConsistencySvgTest {

    private static final List<ConsistencySvg.Observer> OBSERVERS = List.of(
            new ConsistencySvg.Observer("h1", "h1", ObserverKind.HUMAN),
            new ConsistencySvg.Observer("h2", "h2", ObserverKind.HUMAN),
            new ConsistencySvg.Observer("m1", "m1", ObserverKind.MODEL));

    /** data-cell of each matrix cell, row by row. */
    private static List<String> cells(String svg) {
        List<String> states = new ArrayList<>();
        Matcher m = Pattern.compile("data-cell=\"([a-z-]+)\"").matcher(svg);
        while (m.find()) {
            states.add(m.group(1));
        }
        return states;
    }

    @Test
    void cellsBelowTheMinimumAreHatchedAndPairsWithoutSharedTrialsLookDifferent() {
        List<ObservedTrial> trials = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // h1 and m1 share 6 trials
            trials.add(Trials.human("h1", "a", "x" + i, i % 2 == 0));
            trials.add(Trials.model("m1", "a", "x" + i, i % 2 == 0));
        }
        for (int i = 0; i < 30; i++) { // h2 and m1 share 30 trials and the same errors
            trials.add(Trials.human("h2", "a", "y" + i, i % 3 == 0));
            trials.add(Trials.model("m1", "a", "y" + i, i % 3 == 0));
        }
        String svg = new ConsistencySvg(20).render("t", OBSERVERS,
                PairwiseConsistency.compute(trials, ConsistencyOptions.DEFAULT).pairs());
        assertEquals(List.of(
                "self", "no-shared-trials", "below-minimum",
                "no-shared-trials", "self", "above-chance",
                "below-minimum", "above-chance", "self"), cells(svg));
        assertTrue(svg.contains("fill=\"url(#below-minimum)\""), svg);
        assertTrue(svg.contains("fewer than 20 in each; left out of the means"), svg);
        assertTrue(svg.contains("h2 × m1: κ = 1.000 (95% CI 1.000 to 1.000; independent observers: "), svg);
        assertEquals(2, svg.split("<circle").length - 1 - 1, "a dot on both halves of the pair above chance, one in the legend");
    }

    @Test
    void theColourScaleRunsFromMinusOneToOne() {
        assertEquals("#3a6fb0", ConsistencySvg.colour(-1));
        assertEquals("#ffffff", ConsistencySvg.colour(0));
        assertEquals("#a51e37", ConsistencySvg.colour(1));
        String svg = new ConsistencySvg(20).render("t", List.of(), List.of());
        for (String tick : List.of(">−1<", ">−0.5<", ">0<", ">0.5<", ">1<")) {
            assertTrue(svg.contains(tick), tick + " in the legend");
        }
    }
}
