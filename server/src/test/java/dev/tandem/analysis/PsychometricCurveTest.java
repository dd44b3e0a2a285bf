package dev.tandem.analysis;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.tandem.analysis.Trials.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PsychometricCurveTest {

    private final List<ObservedTrial> trials = List.of(
            timed("h1", ObserverKind.HUMAN, 17, 1, false), timed("h2", ObserverKind.HUMAN, 17, 2, true),
            timed("h1", ObserverKind.HUMAN, 100, 6, true), timed("h2", ObserverKind.HUMAN, 100, 6, true),
            timed("cnn", ObserverKind.MODEL, 17, null, true), timed("cnn", ObserverKind.MODEL, 100, null, true));

    @Test
    void accuracyByRequestedDurationPoolsEachGroup() {
        List<PsychometricCurve> curves = PsychometricCurve.of(trials, PsychometricCurve.Axis.REQUESTED_MS);
        assertEquals(List.of("cnn", "humans"), curves.stream().map(PsychometricCurve::group).toList());
        PsychometricCurve humans = curves.get(1);
        assertEquals(List.of(17, 100), humans.points().stream().map(PsychometricCurve.Point::x).toList());
        assertEquals(0.5, humans.points().get(0).accuracy().proportion());
        assertEquals(1.0, humans.points().get(1).accuracy().proportion());
    }

    @Test
    void byFramesShownUsesWhatTheScreenShowedAndSkipsTrialsWithoutIt() {
        List<PsychometricCurve> curves = PsychometricCurve.of(trials, PsychometricCurve.Axis.FRAMES_SHOWN);
        assertEquals(1, curves.size(), "the model's trials have no frames shown");
        assertEquals(List.of(1, 2, 6), curves.get(0).points().stream().map(PsychometricCurve.Point::x).toList());
    }

    @Test
    void theSvgIsWellFormedWithOneMarkerPerPoint() throws Exception {
        List<PsychometricCurve> curves = PsychometricCurve.of(trials, PsychometricCurve.Axis.REQUESTED_MS);
        String svg = new PsychometricSvg(0.1).render("Masked <Fashion-MNIST> & friends", curves);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(4, doc.getElementsByTagName("circle").getLength());
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
