package dev.tandem.analysis;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorConsistencyTest {

    /** "1011" → trials t0..t3 with correct = 1. */
    private static Map<String, Boolean> outcomes(String pattern) {
        Map<String, Boolean> map = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length(); i++) {
            map.put("t" + i, pattern.charAt(i) == '1');
        }
        return map;
    }

    @Test
    void handComputedCaseGivesKappaOfOneSixth() {
        // A right on 0-5, B right on 0-3 and 6-7: p1 = p2 = .6, c_obs = (4 both right + 2 both wrong)/10 = .6,
        // c_exp = .36 + .16 = .52, κ = .08/.48 = 1/6
        ErrorConsistency ec = ErrorConsistency.between(outcomes("1111110000"), outcomes("1111001100")).orElseThrow();
        assertEquals(10, ec.trials());
        assertEquals(0.6, ec.observedConsistency(), 1e-12);
        assertEquals(0.52, ec.expectedConsistency(), 1e-12);
        assertEquals(1.0 / 6, ec.errorConsistency(), 1e-12);
        assertEquals(0.0, ec.squaredAccuracyDifference(), 1e-12);
    }

    @Test
    void perfectAgreementIsOneEvenWhenChanceAgreementIsHigh() {
        ErrorConsistency ec = ErrorConsistency.between(outcomes("1110"), outcomes("1110")).orElseThrow();
        assertEquals(1.0, ec.observedConsistency());
        assertEquals(0.625, ec.expectedConsistency(), 1e-12);
        assertEquals(1.0, ec.errorConsistency());
    }

    @Test
    void observersAlwaysRightHaveExpectedConsistencyOneAndKappaOne() {
        ErrorConsistency ec = ErrorConsistency.between(outcomes("1111"), outcomes("1111")).orElseThrow();
        assertEquals(1.0, ec.expectedConsistency());
        assertEquals(1.0, ec.errorConsistency());
        ErrorConsistency wrong = ErrorConsistency.between(outcomes("0000"), outcomes("0000")).orElseThrow();
        assertEquals(1.0, wrong.expectedConsistency());
        assertEquals(1.0, wrong.errorConsistency());
    }

    @Test
    void oppositeErrorsAtHalfAccuracyGiveMinusOne() {
        ErrorConsistency ec = ErrorConsistency.between(outcomes("1100"), outcomes("0011")).orElseThrow();
        assertEquals(0.0, ec.observedConsistency());
        assertEquals(-1.0, ec.errorConsistency(), 1e-12);
    }

    @Test
    void trialsArePairedByStimulusNotByOrder() {
        Map<String, Boolean> first = new LinkedHashMap<>();
        first.put("a", true);
        first.put("b", false);
        first.put("c", true);
        Map<String, Boolean> reversed = new LinkedHashMap<>();
        reversed.put("c", true);
        reversed.put("b", false);
        reversed.put("a", true);
        assertEquals(1.0, ErrorConsistency.between(first, reversed).orElseThrow().observedConsistency());
    }

    @Test
    void stimuliOnlyOneObserverSawAreIgnored() {
        Map<String, Boolean> first = outcomes("10");
        Map<String, Boolean> second = outcomes("10");
        second.put("only-second", false);
        ErrorConsistency ec = ErrorConsistency.between(first, second).orElseThrow();
        assertEquals(2, ec.trials());
        assertEquals(0.5, ec.secondAccuracy());
    }

    @Test
    void observersWithoutACommonStimulusHaveNoConsistency() {
        assertEquals(Optional.empty(), ErrorConsistency.between(Map.of("a", true), Map.of("b", true)));
        assertEquals(Optional.empty(), ErrorConsistency.between(Map.of(), Map.of()));
    }

    @Test
    void accuracyDifferenceIsSquared() {
        ErrorConsistency ec = ErrorConsistency.between(outcomes("1111"), outcomes("1100")).orElseThrow();
        assertEquals(0.25, ec.squaredAccuracyDifference(), 1e-12);
    }

    @Test
    void kappaRefusesConsistenciesOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> ErrorConsistency.kappa(1.2, 0.5));
        assertTrue(ErrorConsistency.kappa(0.5, 0.5) == 0.0);
    }
}
