package dev.tandem.analysis;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.tandem.analysis.Trials.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PsychometricCurveTest {

    private final List<ObservedTrial> trials = List.of(
            timed("h1", ObserverKind.HUMAN, 17, 1, false), timed("h2", ObserverKind.HUMAN, 17, 2, true),
            timed("h1", ObserverKind.HUMAN, 100, 6, true), timed("h2", ObserverKind.HUMAN, 100, 6, true),
            timed("cnn", ObserverKind.MODEL, 17, null, true), timed("cnn", ObserverKind.MODEL, 100, null, true));

    private static ObservedTrial shown(String observer, String manipulation, String level, int ms, Integer frames,
                                       Double refreshHz, String stimulus, boolean correct) {
        return new ObservedTrial(observer, ObserverKind.HUMAN, "humans", manipulation + ":" + level + ":" + ms + "ms",
                stimulus, "cat", correct ? "cat" : "dog", ms, frames, manipulation, level, refreshHz);
    }

    @Test
    void accuracyByRequestedDurationIsForPeopleOnlyInNumericOrder() {
        List<ObservedTrial> unordered = new ArrayList<>(trials);
        unordered.add(timed("h1", ObserverKind.HUMAN, 200, 12, true));
        unordered.add(timed("h1", ObserverKind.HUMAN, 33, 2, false));
        List<PsychometricCurve> curves = PsychometricCurve.of(unordered, PsychometricCurve.Axis.REQUESTED_MS);
        assertEquals(List.of("humans"), curves.stream().map(PsychometricCurve::group).toList(), "a model has no duration");
        PsychometricCurve humans = curves.get(0);
        assertEquals(List.of(17, 33, 100, 200), humans.points().stream().map(PsychometricCurve.Point::x).toList());
        assertEquals(0.5, humans.points().get(0).accuracy().proportion());
        assertEquals(1.0, humans.points().get(2).accuracy().proportion());
    }

    @Test
    void eachManipulationAndLevelGetsItsOwnCurveWhosePointsNameThem() {
        List<ObservedTrial> mixed = List.of(
                shown("h1", "none", "", 17, 1, 60.0, "a", true), shown("h1", "none", "", 33, 2, 60.0, "b", true),
                shown("h1", "uniform-noise", "0.2", 17, 1, 60.0, "c", false),
                shown("h1", "uniform-noise", "0.2", 33, 2, 60.0, "d", false),
                shown("h1", "uniform-noise", "0.1", 33, 2, 60.0, "e", true));
        List<PsychometricCurve> curves = PsychometricCurve.of(mixed, PsychometricCurve.Axis.REQUESTED_MS);
        assertEquals(List.of("none", "uniform-noise 0.1", "uniform-noise 0.2"),
                curves.stream().map(PsychometricCurve::panel).toList());
        PsychometricCurve noisy = curves.get(2);
        assertEquals("uniform-noise", noisy.points().get(0).manipulation());
        assertEquals("0.2", noisy.points().get(0).level());
        assertEquals(0.0, noisy.points().get(1).accuracy().proportion());
        assertEquals(1.0, curves.get(0).points().get(1).accuracy().proportion());
    }

    @Test
    void byFramesShownKeepsEachRefreshRateApartAndSkipsTrialsWithoutFrames() {
        List<ObservedTrial> screens = List.of(
                shown("h1", "none", "", 17, 1, 59.94, "a", true), shown("h1", "none", "", 33, 2, 60.0, "b", true),
                shown("h2", "none", "", 17, 2, 120.0, "a", false), shown("h2", "none", "", 33, 4, 120.0, "b", true),
                shown("h3", "none", "", 33, null, 144.0, "b", true));
        List<PsychometricCurve> curves = PsychometricCurve.of(screens, PsychometricCurve.Axis.FRAMES_SHOWN);
        assertEquals(2, curves.size());
        assertEquals(60, curves.get(0).refreshHz());
        assertEquals(List.of(1, 2), curves.get(0).points().stream().map(PsychometricCurve.Point::x).toList());
        assertEquals(120, curves.get(1).refreshHz());
        assertEquals(List.of(2, 4), curves.get(1).points().stream().map(PsychometricCurve.Point::x).toList());
        assertNull(curves.get(0).fit(), "thresholds are read in ms, not in frames");
    }

    @Test
    void aFittedFunctionRecoversTheThresholdOfSimulatedObserversWithinItsBootstrapInterval() {
        // true observer: guess 0.1, lapse 0.02, logistic in ln ms with midpoint at 40 ms, slope 3
        double alpha = Math.log(40);
        Random random = new Random(4);
        List<ObservedTrial> simulated = new ArrayList<>();
        int stimulus = 0;
        for (int ms : new int[] {8, 17, 33, 67, 133, 267}) {
            double p = 0.1 + 0.88 / (1 + Math.exp(-3 * (Math.log(ms) - alpha)));
            for (int i = 0; i < 150; i++) {
                simulated.add(shown("h" + i, "none", "", ms, null, null, "s" + stimulus++, random.nextDouble() < p));
            }
        }
        PsychometricFit fit = PsychometricCurve.of(simulated, PsychometricCurve.Axis.REQUESTED_MS, 0.1, 9).get(0).fit();
        assertNotNull(fit);
        assertEquals(0.55, fit.thresholdAccuracy(), 1e-12, "halfway from the guess rate to 1");
        // the true threshold: where 0.1 + 0.88 F = 0.55
        double f = 0.45 / 0.88;
        double truth = Math.exp(alpha + Math.log(f / (1 - f)) / 3);
        assertTrue(fit.thresholdCi().contains(truth), truth + " in " + fit.thresholdCi() + ", fit " + fit);
        assertTrue(Math.abs(fit.thresholdMs() - truth) / truth < 0.15, fit.thresholdMs() + " vs " + truth);
        assertTrue(fit.lapse() >= 0 && fit.lapse() <= PsychometricFit.MAX_LAPSE);
        assertTrue(fit.thresholdCi().high() - fit.thresholdCi().low() > 1, "a real interval: " + fit.thresholdCi());
    }

    @Test
    void observersAtChanceAtEveryDurationGetNoThresholdRatherThanAnExtrapolatedOne() {
        Random random = new Random(8);
        List<ObservedTrial> guessing = new ArrayList<>();
        int stimulus = 0;
        for (int ms : new int[] {17, 33, 67, 133, 267}) {
            for (int i = 0; i < 120; i++) {
                guessing.add(shown("h" + i, "none", "", ms, null, null, "s" + stimulus++, random.nextDouble() < 0.1));
            }
        }
        PsychometricFit fit = PsychometricCurve.of(guessing, PsychometricCurve.Axis.REQUESTED_MS, 0.1, 3).get(0).fit();
        assertNull(fit.thresholdMs(), fit.toString());
        assertNull(fit.thresholdCi(), fit.toString());
    }

    @Test
    void aCurveWithOneDurationHasNoFit() {
        List<ObservedTrial> one = List.of(timed("h1", ObserverKind.HUMAN, 267, 16, true));
        assertNull(PsychometricCurve.of(one, PsychometricCurve.Axis.REQUESTED_MS).get(0).fit());
    }

    @Test
    void theSvgHasAPanelPerManipulationWithModelReferenceLines() throws Exception {
        List<ObservedTrial> mixed = List.of(
                shown("h1", "none", "", 17, 1, 60.0, "a", true), shown("h1", "none", "", 33, 2, 60.0, "b", true),
                shown("h1", "uniform-noise", "0.2", 17, 1, 60.0, "c", false));
        List<ModelReference> references = List.of(
                new ModelReference("cnn", "none", "", Accuracy.of(60, 60), Accuracy.of(2, 2)),
                new ModelReference("cnn", "uniform-noise", "0.2", Accuracy.of(5, 60), Accuracy.of(0, 1)));
        String svg = new PsychometricSvg(0.1).render("Masked <Fashion-MNIST> & friends",
                PsychometricCurve.of(mixed, PsychometricCurve.Axis.REQUESTED_MS), references);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(3, doc.getElementsByTagName("circle").getLength());
        assertEquals(2, doc.getElementsByTagName("g").getLength(), "one panel per manipulation and level");
        assertTrue(svg.contains("data-panel=\"uniform-noise 0.2\""), svg);
        assertTrue(svg.contains("cnn over the whole design: 0.083"), svg);
        assertTrue(svg.contains("cnn on the stimuli people saw: 0.000"), svg);
        assertTrue(svg.contains("Masked &lt;Fashion-MNIST&gt; &amp; friends"));
    }

    @Test
    void theTimeAxisIsLabelledAtTheTestedDurationsEvenWhenThereIsOnlyOne() {
        String svg = new PsychometricSvg(0.1).render("t", PsychometricCurve.of(trials, PsychometricCurve.Axis.REQUESTED_MS));
        assertTrue(svg.contains(">17</text>") && svg.contains(">100</text>"), svg);
        List<ObservedTrial> one = List.of(timed("h1", ObserverKind.HUMAN, 267, 16, true));
        String single = new PsychometricSvg(0.1).render("t", PsychometricCurve.of(one, PsychometricCurve.Axis.REQUESTED_MS));
        assertTrue(single.contains(">267</text>"), single);
    }

    @Test
    void anEmptyPlotIsStillAValidSvg() throws Exception {
        String svg = new PsychometricSvg(0.1).render("nothing yet", List.of());
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
