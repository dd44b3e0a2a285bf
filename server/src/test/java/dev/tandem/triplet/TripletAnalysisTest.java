package dev.tandem.triplet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.analysis.ObserverKind;
import dev.tandem.analysis.WilsonInterval;
import dev.tandem.triplet.TripletAnalysis.CatchAccuracy;
import dev.tandem.triplet.TripletAnalysis.ModelAgreement;
import dev.tandem.triplet.TripletAnalysis.ObserverAccuracy;
import dev.tandem.triplet.TripletAnalysis.Options;
import dev.tandem.triplet.TripletAnalysis.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected figures are worked by hand in docs/triplet.md ("A worked example"). */
class TripletAnalysisTest {

    private static final Options OPTIONS = new Options(TripletAnalysis.DEFAULT_CATCH_THRESHOLD, 2000, 17);

    private static ObserverAccuracy observer(Report report, String name) {
        return report.observers().stream().filter(o -> o.observer().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aParticipantWhoFailsTheCatchTrialsIsExcluded() {
        Report report = TripletAnalysis.analyse(HandWorkedFixture.all(), OPTIONS);
        List<CatchAccuracy> catches = report.catchTrials();
        assertEquals(List.of("P1", "P2", "P3", "P4"), catches.stream().map(CatchAccuracy::participant).toList());
        assertEquals(List.of(false, false, false, true), catches.stream().map(CatchAccuracy::excluded).toList());
        assertEquals(0.0, catches.get(3).accuracy());
        assertEquals(WilsonInterval.of(3, 3), catches.get(0).ci());
        assertFalse(report.observers().stream().anyMatch(o -> o.observer().equals("P4")));
    }

    @Test
    void eachPersonIsScoredAgainstTheOthersMajorityWithTiesSplit() {
        Report report = TripletAnalysis.analyse(HandWorkedFixture.all(), OPTIONS);
        // P1: T1 ½ (others tie 1–1), T2 0, T6 1 → 1.5 / 3; T3 had no other viewer
        assertEquals(0.5, observer(report, "P1").accuracy(), 1e-12);
        assertEquals(3, observer(report, "P1").scoredTrials());
        // P2: T1 ½, T2 0, T4 1, T6 1 → 2.5 / 4
        assertEquals(0.625, observer(report, "P2").accuracy(), 1e-12);
        // P3: T1 0, T4 1, T6 1 → 2 / 3
        assertEquals(2.0 / 3, observer(report, "P3").accuracy(), 1e-12);
        assertEquals(TripletAnalysis.wilson(0.625, 4), observer(report, "P2").ci());
        assertTrue(observer(report, "P2").ci().contains(0.625));
    }

    @Test
    void theNoiseCeilingPoolsTheLeaveOneOutScoresOfRepeatedTriplets() {
        Report report = TripletAnalysis.analyse(HandWorkedFixture.all(), OPTIONS);
        // T1: ½ + ½ + 0, T2: 0 + 0, T4: 1 + 1, T6: 1 + 1 + 1 → 6 / 10
        assertEquals(0.6, report.noiseCeiling().value(), 1e-12);
        assertEquals(4, report.ceilingTriplets());
        assertEquals(10, report.ceilingJudgements());
        assertTrue(report.noiseCeiling().ci().contains(0.6));
        assertTrue(report.noiseCeiling().ci().low() < 0.6 && report.noiseCeiling().ci().high() > 0.6);
    }

    @Test
    void theModelIsScoredAgainstEveryonesMajorityAndAgainstEachChoice() {
        Report report = TripletAnalysis.analyse(HandWorkedFixture.all(), OPTIONS);
        // majority: T1 0, T2 ½ (tie), T3–T8 1 each → 6.5 / 8
        ObserverAccuracy cnn = observer(report, "cnn");
        assertEquals(ObserverKind.MODEL, cnn.kind());
        assertEquals(6.5 / 8, cnn.accuracy(), 1e-12);
        assertEquals(8, cnn.scoredTrials());
        // agreement with each person's choice: 0/3, 1/2, 1/1, 2/2, 1/1, 3/3, 1/1, 1/1 → 10 / 14
        ModelAgreement agreement = report.models().get(0);
        assertEquals(10.0 / 14, agreement.agreement().value(), 1e-12);
        assertEquals(14, agreement.humanJudgements());
        assertTrue(agreement.agreement().ci().contains(10.0 / 14));
        // The point value: (10/14 − 1/3) / (0.6 − 1/3) = 240 / 168, a model "beating" its ceiling ...
        Report point = TripletAnalysis.analyse(HandWorkedFixture.all(),
                new Options(TripletAnalysis.DEFAULT_CATCH_THRESHOLD, 0, 17));
        assertEquals(240.0 / 168, point.models().get(0).normalised().value(), 1e-12);
        // ... but a ceiling from four triplets is at or below chance in more than 2.5 % of the
        // resamples (its interval reaches chance), so the ratio is not given at all.
        assertNull(agreement.normalised().value());
        assertNull(agreement.normalised().ci());
    }

    @Test
    void withoutCatchExclusionsTheExcludedPersonWouldChangeTheScores() {
        Report lenient = TripletAnalysis.analyse(HandWorkedFixture.all(), new Options(0.0, 200, 17));
        // P4 joins T1 with odd 0: P1's others are now 2, 1, 0 → a three-way tie gives ⅓
        assertEquals((1.0 / 3 + 0 + 1) / 3, observer(lenient, "P1").accuracy(), 1e-12);
    }

    @Test
    void theNormalisedScoreIsUndefinedWhenTheCeilingIsAtChance() {
        assertNull(TripletAnalysis.normalise(0.5, 1.0 / 3));
        assertNull(TripletAnalysis.normalise(0.5, null));
        assertEquals(1.0, TripletAnalysis.normalise(0.6, 0.6), 1e-12);
        assertEquals(0.0, TripletAnalysis.normalise(1.0 / 3, 0.6), 1e-12);
    }

    @Test
    void theSameSeedGivesTheSameIntervals() {
        Report first = TripletAnalysis.analyse(HandWorkedFixture.all(), OPTIONS);
        Report second = TripletAnalysis.analyse(HandWorkedFixture.all(), OPTIONS);
        assertEquals(first, second);
    }

    @Test
    void theWilsonIntervalOfAFractionalProportionMatchesTheIntegerOne() {
        assertEquals(WilsonInterval.of(8, 10).lower(), TripletAnalysis.wilson(0.8, 10).low(), 1e-12);
        assertEquals(WilsonInterval.of(8, 10).upper(), TripletAnalysis.wilson(0.8, 10).high(), 1e-12);
    }
}
