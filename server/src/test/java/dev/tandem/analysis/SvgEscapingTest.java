package dev.tandem.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Names in plots are text, never markup, and every plot stays well-formed XML whatever the names. */
class SvgEscapingTest {

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String IMG = "<img src=x onerror='alert(2)'> & \"q\"";

    /** Parses as XML (no DTDs) and fails on anything that is not well-formed. */
    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The text of every {@code <text>} and {@code <title>} element. */
    static List<String> texts(Document svg) {
        List<String> texts = new ArrayList<>();
        for (String tag : List.of("text", "title")) {
            NodeList nodes = svg.getElementsByTagNameNS("*", tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                texts.add(nodes.item(i).getTextContent());
            }
        }
        return texts;
    }

    static void assertNoMarkupFromNames(Document svg) {
        for (String tag : List.of("script", "img", "foreignObject")) {
            assertEquals(0, svg.getElementsByTagNameNS("*", tag).getLength(), tag);
        }
    }

    private static ObservedTrial trial(String observer, ObserverKind kind, String stimulus, boolean correct) {
        String group = kind == ObserverKind.HUMAN ? "humans" : observer.substring(observer.indexOf(':') + 1);
        return new ObservedTrial(observer, kind, group, "none::33ms", stimulus, "Bag", correct ? "Bag" : "Coat", 33, 2);
    }

    @Test
    void aPsychometricPlotShowsHostileTitlesAndGroupsAsText() throws Exception {
        List<ObservedTrial> trials = List.of(trial("human:a", ObserverKind.HUMAN, "s1", true),
                trial("model:" + SCRIPT, ObserverKind.MODEL, "s1", false));
        Document svg = parse(new PsychometricSvg(0.1).render(IMG + "\u0001",
                PsychometricCurve.of(trials, PsychometricCurve.Axis.REQUESTED_MS),
                List.of(new ModelReference(SCRIPT, null, null, Accuracy.of(0, 1), Accuracy.of(0, 1)))));
        assertNoMarkupFromNames(svg);
        assertTrue(texts(svg).contains(IMG), "the title, minus a character XML forbids");
        assertTrue(texts(svg).contains(SCRIPT + ", whole design"), texts(svg).toString());
    }

    @Test
    void aConsistencyMatrixShowsHostileNamesAsTextWithKappaPerPair() throws Exception {
        List<ObservedTrial> trials = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            trials.add(trial("human:aaaaaaaa-1", ObserverKind.HUMAN, "s" + i, i % 2 == 0));
            trials.add(trial("human:bbbbbbbb-2", ObserverKind.HUMAN, "s" + i, i % 2 == 0));
            trials.add(trial("model:" + SCRIPT, ObserverKind.MODEL, "s" + i, i < 4));
        }
        List<ConsistencySvg.Observer> observers = List.of(
                new ConsistencySvg.Observer("human:aaaaaaaa-1", "person aaaaaaaa", ObserverKind.HUMAN),
                new ConsistencySvg.Observer("human:bbbbbbbb-2", "person bbbbbbbb", ObserverKind.HUMAN),
                new ConsistencySvg.Observer("model:" + SCRIPT, SCRIPT, ObserverKind.MODEL));
        String text = new ConsistencySvg(8).render(IMG, observers,
                PairwiseConsistency.compute(trials, ConsistencyOptions.DEFAULT.withMinSharedTrials(8)).pairs());
        Document svg = parse(text);
        assertNoMarkupFromNames(svg);
        List<String> texts = texts(svg);
        assertTrue(texts.contains(IMG));
        assertTrue(texts.contains(SCRIPT), "the model's row label");
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("person aaaaaaaa × person bbbbbbbb: κ = 1.000 (95% CI")), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("person aaaaaaaa × " + SCRIPT + ": κ = 0.000")), texts.toString());
        assertEquals(9, svg.getElementsByTagNameNS("*", "rect").getLength() - 21 - 2 - 1,
                "3 × 3 cells beside the 21 legend steps, 2 legend swatches and the hatch pattern's rect");
    }

    @Test
    void aConsistencyMatrixWithoutObserversIsStillAnSvg() throws Exception {
        Document svg = parse(new ConsistencySvg(20).render("empty", List.of(), List.of()));
        assertEquals("svg", svg.getDocumentElement().getLocalName());
        assertTrue(texts(svg).contains("no observers yet"));
    }

    @Test
    void aConsistencyMatrixIsWideEnoughForALongTitle() throws Exception {
        String title = "A rather long experiment title that used to run off the matrix";
        Document svg = parse(new ConsistencySvg(20).render(title, List.of(), List.of()));
        int width = Integer.parseInt(svg.getDocumentElement().getAttribute("width"));
        assertTrue(width >= title.length() * 7, "width " + width);
    }
}
