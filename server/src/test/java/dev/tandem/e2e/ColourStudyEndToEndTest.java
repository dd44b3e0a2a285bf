package dev.tandem.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.ElementHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import dev.tandem.http.ApiClient;
import dev.tandem.upload.Zips;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, end to end: a zip of colour class folders with non-square photos is uploaded, an
 * experiment on it runs in headless Chromium, and the participant's canvas shows each stimulus in
 * its colours, enlarged from its 30 px render size to the 224 px display box, nearest-neighbour.
 * The page's canvas draws are recorded by an init script (the stimulus shows for only 267 ms).
 */
class ColourStudyEndToEndTest {

    private static final String SLUG = "colour-study";
    private static final int RED = 0xcc2211;
    private static final int BLUE = 0x1133cc;
    private static final String NEXT_STEP = String.join(", ",
            "[data-testid=block-start]:enabled:visible",
            "[data-testid^=response-]:enabled:visible",
            "[data-testid=completion-code]:visible",
            "[data-testid=error]:visible");
    /** Records every scaled drawImage: source size, drawn size, smoothing flag, the pixel drawn at the centre. */
    private static final String RECORD_DRAWS = """
            window.__draws = [];
            const draw = CanvasRenderingContext2D.prototype.drawImage;
            CanvasRenderingContext2D.prototype.drawImage = function (image, ...rest) {
              draw.call(this, image, ...rest);
              if (rest.length !== 4) return;
              const [x, y, w, h] = rest;
              const p = this.getImageData(Math.floor(x + w / 2), Math.floor(y + h / 2), 1, 1).data;
              window.__draws.push({ sourceWidth: image.width, width: w, height: h,
                smoothing: this.imageSmoothingEnabled, rgb: (p[0] << 16) | (p[1] << 8) | p[2] });
            };
            """;

    private TestTandem tandem;
    private Playwright playwright;
    private Page page;
    private final List<String> console = new ArrayList<>();

    @BeforeEach
    void start() {
        tandem = TestTandem.withBuiltIns();
        playwright = Playwright.create();
        Browser browser = HeadlessChromium.launch(playwright);
        page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)).newPage();
        page.addInitScript(RECORD_DRAWS);
        page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
        page.onPageError(e -> console.add("pageerror: " + e));
    }

    @AfterEach
    void stop() {
        if (playwright != null) {
            playwright.close();
        }
        tandem.close();
    }

    /** 40 × 30 photos: the colour fills the centre square, 5-pixel white strips at the sides. */
    private static byte[] photo(int rgb) {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, x < 5 || x >= 35 ? 0xffffff : rgb);
            }
        }
        return Zips.encodePng(image);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aColourStudyOfNonSquarePhotosRunsInTheBrowserInColour() throws Exception {
        String base = tandem.startHttp();
        ApiClient api = new ApiClient(base);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            entries.put("reds/red-" + i + ".png", photo(RED));
            entries.put("blues/blue-" + i + ".png", photo(BLUE));
        }
        var uploaded = api.postBytes("/api/stimulus-sets?name=colour-photos&version=1", TestTandem.ADMIN_TOKEN,
                "application/zip", Zips.of(entries));
        assertEquals(201, uploaded.status(), uploaded.body());
        ObjectMapper json = new ObjectMapper();
        ObjectNode definition = DemoDefinitions.maskedDemo(SLUG);
        definition.put("stimulusSet", "colour-photos");
        definition.set("display", json.readTree("{\"size\": 224}"));
        definition.set("categories", json.readTree("[{\"name\": \"reds\", \"key\": \"r\"}, {\"name\": \"blues\", \"key\": \"b\"}]"));
        definition.set("conditions", json.readTree("{\"durationsMs\": [267], \"manipulations\": [{\"name\": \"none\"}]}"));
        definition.put("trialsPerParticipant", 4);
        definition.set("blocks", json.readTree("{\"count\": 1}"));
        definition.set("practice", json.readTree("{\"trials\": 0}"));
        definition.set("completion", json.readTree("{\"code\": \"COLOUR\"}"));
        var created = api.post("/api/experiments", TestTandem.ADMIN_TOKEN, definition.toString());
        assertEquals(201, created.status(), created.body());
        // publishing leaves collection closed (issue 14): opening it is its own step
        assertEquals(200, api.post("/api/experiments/" + SLUG + "/collection", TestTandem.ADMIN_TOKEN, "{\"open\":true}")
                .status());

        page.navigate(base + "/run/" + SLUG);
        click("consent-accept");
        click("instructions-continue");
        click("screen-check-continue");
        int answers = 0;
        for (;;) {
            ElementHandle next = page.waitForSelector(NEXT_STEP, new Page.WaitForSelectorOptions().setTimeout(90_000));
            String testId = next.getAttribute("data-testid");
            if (testId.equals("completion-code")) {
                break;
            } else if (testId.equals("error")) {
                throw new AssertionError("the page shows an error: " + next.textContent() + "\n" + String.join("\n", console));
            }
            next.click();
            if (testId.startsWith("response-")) {
                answers++;
            }
        }
        assertEquals(4, answers);
        assertEquals("COLOUR", page.getByTestId("completion-code").textContent().trim());

        JsonNode draws = json.readTree(json.writeValueAsString(page.evaluate("window.__draws")));
        int stimuli = 0;
        for (JsonNode draw : draws) {
            int rgb = draw.get("rgb").asInt();
            if (rgb == RED || rgb == BLUE) {
                stimuli++;
                assertEquals(30, draw.get("sourceWidth").asInt(), "the stored stimulus is the 30 px render size");
                assertEquals(224, draw.get("width").asInt(), "enlarged to the display box");
                assertEquals(224, draw.get("height").asInt());
                assertEquals(false, draw.get("smoothing").asBoolean(), "nearest-neighbour");
            }
        }
        assertTrue(stimuli >= 4, "every stimulus was drawn in its colour: " + draws + "\n" + String.join("\n", console));
    }

    private void click(String testId) {
        page.getByTestId(testId).click(new Locator.ClickOptions().setTimeout(90_000));
    }
}
