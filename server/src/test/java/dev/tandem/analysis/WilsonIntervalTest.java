package dev.tandem.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WilsonIntervalTest {

    @Test
    void eightOfTenGivesTheTextbookInterval() {
        // p = .8, n = 10, z = 1.96: centre (p + z²/2n)/(1 + z²/n) = .7167, half-width .2266
        WilsonInterval ci = WilsonInterval.of(8, 10);
        assertEquals(0.4902, ci.lower(), 1e-4);
        assertEquals(0.9433, ci.upper(), 1e-4);
    }

    @Test
    void noSuccessesStillHasAPositiveUpperBound() {
        WilsonInterval ci = WilsonInterval.of(0, 10);
        assertEquals(0.0, ci.lower());
        assertEquals(0.2775, ci.upper(), 1e-4);
    }

    @Test
    void allSuccessesHaveAnUpperBoundOfExactlyOne() {
        WilsonInterval ci = WilsonInterval.of(10, 10);
        assertEquals(0.7225, ci.lower(), 1e-4);
        assertEquals(1.0, ci.upper());
    }

    @Test
    void noTrialsTellNothing() {
        assertEquals(new WilsonInterval(0.0, 1.0), WilsonInterval.of(0, 0));
    }

    @Test
    void moreSuccessesThanTrialsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(3, 2));
    }

    @Test
    void accuracyOfNoTrialsHasNoProportion() {
        Accuracy empty = Accuracy.of(0, 0);
        assertEquals(null, empty.proportion());
        assertEquals(0.25, Accuracy.of(1, 4).proportion());
    }
}
