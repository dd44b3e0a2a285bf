package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.app.AnsweredSessions;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Text an experimenter enters is stored as given but never comes back as markup: not in the
 * plots (SVG), not in the participant's consent and instructions (HTML rendered from Markdown).
 */
class ScriptInTextApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final String SLUG = "hostile-text";
    private static final String TITLE = "<script>alert(1)</script> & <img src=x onerror=alert(2)>";

    private static TestTandem tandem;
    private static ApiClient api;
    private static AnsweredSessions participants;
    private static UUID first;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
        ObjectNode definition = DemoDefinitions.maskedDemo(SLUG).put("title", TITLE)
                .put("consent", "<script>alert(3)</script>\n\nI agree.")
                .put("instructions", "<img src=x onerror=alert(4)>\n\n[click me](javascript:alert(5)) and **look**.");
        assertEquals(201, api.post("/api/experiments", ADMIN, definition.toString()).status());
        assertEquals(200, api.post("/api/experiments/" + SLUG + "/collection", ADMIN, "{\"open\":true}").status());
        participants = new AnsweredSessions(tandem);
        first = participants.start(SLUG);
        UUID second = participants.start(SLUG);
        participants.sameTrialsAs(first, second);
        participants.answerAll(first, i -> i % 3 != 0);
        participants.answerAll(second, i -> i % 2 == 0);
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static Document svg(String path) throws Exception {
        var reply = api.get(path, ADMIN);
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.raw().headers().firstValue("Content-Type").orElseThrow().startsWith("image/svg+xml"));
        assertTrue(reply.raw().headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'none'"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(reply.body().getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", document.getDocumentElement().getLocalName());
        assertEquals(0, document.getElementsByTagNameNS("*", "script").getLength());
        assertEquals(0, document.getElementsByTagNameNS("*", "img").getLength());
        return document;
    }

    private static String heading(Document svg) {
        return svg.getElementsByTagNameNS("*", "text").item(0).getTextContent();
    }

    @Test
    void theTitleIsStoredAsGiven() {
        JsonNode detail = api.get("/api/experiments/" + SLUG, ADMIN).json();
        assertEquals(TITLE, detail.get("title").asText());
        assertEquals(TITLE, detail.get("versions").get(0).get("definition").get("title").asText());
    }

    @Test
    void thePsychometricPlotShowsTheTitleAsText() throws Exception {
        assertEquals(TITLE, heading(svg("/api/experiments/" + SLUG + "/psychometric.svg")));
    }

    @Test
    void theConsistencyMatrixIsValidSvgWithTheTitleAsTextAndAKappaPerPairOfPeople() throws Exception {
        // the two participants share fewer than the default 20 trials per condition: admit every cell
        Document svg = svg("/api/experiments/" + SLUG + "/consistency.svg?minSharedTrials=1");
        assertEquals(TITLE, heading(svg));
        NodeList titles = svg.getElementsByTagNameNS("*", "title");
        boolean pair = false;
        for (int i = 0; i < titles.getLength(); i++) {
            String text = titles.item(i).getTextContent();
            pair |= text.startsWith("person ") && text.contains(" × person ") && text.contains("κ = ");
        }
        assertTrue(pair, "the two participants' κ is in a cell's tooltip");
        Document strict = svg("/api/experiments/" + SLUG + "/consistency.svg");
        NodeList strictTitles = strict.getElementsByTagNameNS("*", "title");
        boolean hatched = false;
        for (int i = 0; i < strictTitles.getLength(); i++) {
            hatched |= strictTitles.item(i).getTextContent().contains("fewer than 20 in each; left out of the means");
        }
        assertTrue(hatched, "below the default minimum the pair is hatched, its κ left out");
        assertEquals(404, api.get("/api/experiments/nope/consistency.svg", ADMIN).status());
    }

    @Test
    void theParticipantPageGetsConsentAndInstructionsAsEscapedHtmlAndTheTitleAsData() {
        JsonNode experiment = api.get("/api/sessions/" + first, participants.token(first)).json().get("experiment");
        String consent = experiment.get("consentHtml").asText();
        String instructions = experiment.get("instructionsHtml").asText();
        assertFalse(consent.contains("<script"), consent);
        assertTrue(consent.contains("&lt;script&gt;"), consent);
        assertFalse(instructions.contains("<img"), instructions);
        assertFalse(instructions.contains("javascript:"), instructions);
        assertTrue(instructions.contains("<strong>look</strong>"), "Markdown still works: " + instructions);
        // The page sets the title with textContent and document.title (web/src/participant/screens.ts, flow.ts).
        assertEquals(TITLE, experiment.get("title").asText());
    }
}
