package dev.tandem.triplet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.analysis.Range;
import dev.tandem.triplet.SimilarityMatrices.ModelDistance;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class TripletSvgTest {

    private static final String SCRIPT = "<script>alert(1)</script>";

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document svg, String tag) {
        List<String> texts = new ArrayList<>();
        NodeList nodes = svg.getElementsByTagNameNS("*", tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    private static Rdm human() {
        return SimilarityMatrices.humanRdm(HandWorkedFixture.all().stream().filter(j -> !j.observer().equals("P4"))
                .collect(Collectors.toList()), HandWorkedFixture.IMAGES);
    }

    private static Rdm model() {
        return SimilarityMatrices.modelRdm(HandWorkedFixture.IMAGES, HandWorkedFixture.EMBEDDING,
                ModelDistance.COSINE);
    }

    @Test
    void imagesAreGroupedByCategoryInOrderOfFirstAppearance() {
        assertArrayEquals(new int[] {0, 2, 4, 1, 3}, TripletSvg.groupedOrder(List.of("b", "a", "b", "a", "b")));
    }

    @Test
    void bothMatricesShowTheSameImagesInTheSameOrderWithTheirValues() throws Exception {
        List<String> categories = List.of("square", "round", "square", "round", "round");
        Document svg = parse(TripletSvg.render("pets", human(), model(), categories,
                new TripletSvg.Summary("cnn", 0.739, new Range(0.2, 0.95), 0.8, new Range(0.7, 0.9))));
        List<String> titles = texts(svg, "title");
        assertEquals(50, titles.size());
        // grouped: a0, a2 (square) then a1, a3, a4 (round); row-major, people first then the model
        assertEquals("a0 – a0: 0.000", titles.get(0));
        assertEquals("a0 – a2: 0.500", titles.get(1));
        assertEquals("a0 – a1: 0.333", titles.get(2));
        assertEquals("a0 – a2: 1.000", titles.get(26));
        for (int k = 0; k < 25; k++) {
            String humanPair = titles.get(k).substring(0, titles.get(k).indexOf(':'));
            String modelPair = titles.get(25 + k).substring(0, titles.get(25 + k).indexOf(':'));
            assertEquals(humanPair, modelPair);
        }
        List<String> labels = texts(svg, "text");
        assertTrue(labels.contains("square") && labels.contains("round"), labels.toString());
        assertTrue(labels.stream().anyMatch(t -> t.contains("RSA ρ (Spearman) = 0.739 [0.200, 0.950]")
                && t.contains("ceiling (Spearman–Brown) = 0.800 [0.700, 0.900]")), labels.toString());
    }

    @Test
    void missingPairsAreHatchedAndTheDiagonalIsSolid() throws Exception {
        Rdm sparse = SimilarityMatrices.humanRdm(List.of(HandWorkedFixture.person("P", 0, 1, 2, 2)),
                List.of("a", "b", "c", "d"));
        Rdm model = SimilarityMatrices.modelRdm(List.of("a", "b", "c", "d"),
                List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 1}, new float[] {-1, 0}),
                ModelDistance.COSINE);
        Document svg = parse(TripletSvg.render("t", sparse, model, List.of("x", "x", "y", "y"),
                new TripletSvg.Summary("m", null, null, null, null)));
        NodeList rects = svg.getElementsByTagNameNS("*", "rect");
        int hatched = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            hatched += "url(#no-data)".equals(((Element) rects.item(i)).getAttribute("fill")) ? 1 : 0;
        }
        assertEquals(6, hatched); // a–d, b–d, c–d both ways, only on the people's side
        assertTrue(texts(svg, "text").stream().anyMatch(t -> t.contains("= n/a")));
    }

    @Test
    void hostileNamesAreDrawnAsTextNeverAsMarkup() throws Exception {
        List<String> names = List.of(SCRIPT, "b&\"c\"", "d'e", "f\u0001", "g");
        Rdm rdm = new Rdm(names, new double[][] {{0, 1, 2, 3, 4}, {1, 0, 1, 2, 3}, {2, 1, 0, 1, 2},
                {3, 2, 1, 0, 1}, {4, 3, 2, 1, 0}});
        String rendered = TripletSvg.render(SCRIPT, rdm, rdm, List.of(SCRIPT, SCRIPT, "<b>", "<b>", "<b>"),
                new TripletSvg.Summary(SCRIPT, 1.0, null, null, null));
        Document svg = parse(rendered);
        assertEquals(0, svg.getElementsByTagNameNS("*", "script").getLength());
        assertEquals(0, svg.getElementsByTagNameNS("*", "b").getLength());
        assertTrue(texts(svg, "text").contains(SCRIPT));
        assertTrue(texts(svg, "title").contains("f – f: 0.000"));
    }

    @Test
    void matricesOverDifferentImagesAreRefused() {
        Rdm other = new Rdm(List.of("x", "y", "z", "u", "v"), new double[5][5]);
        assertThrows(IllegalArgumentException.class, () -> TripletSvg.render("t", human(), other,
                HandWorkedFixture.CATEGORIES, new TripletSvg.Summary("m", null, null, null, null)));
    }
}
