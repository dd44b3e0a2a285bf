package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import dev.tandem.upload.Zips;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: a zip of colour class folders with non-square images uploads, an experiment on it
 * runs, and the stimulus PNG served to the participant keeps the source's colour (3 channels),
 * centre-cropped to a square at the render size; {@code grayscale} makes a 1-channel PNG.
 */
class ColourStimulusApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final int RED = 0xcc2211;
    private static final int BLUE = 0x1133cc;

    private static TestTandem tandem;
    private static String base;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        base = tandem.startHttp();
        api = new ApiClient(base);
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    /** 40 × 30 photos: the colour fills the centre square, the 5-pixel strips at the sides are white. */
    private static byte[] photo(int rgb) {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, x < 5 || x >= 35 ? 0xffffff : rgb);
            }
        }
        return Zips.encodePng(image);
    }

    private static byte[] fetch(String path) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), path);
        return response.body();
    }

    /** PNG colour type from the IHDR chunk: 0 grey, 2 RGB. */
    private static int colourType(byte[] png) {
        return png[25];
    }

    @Test
    void theUploadPreviewShowsEachImageAsParticipantsWillSeeItAndNamesABadSetting() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("reds/red.png", photo(RED));
        entries.put("blues/blue.png", photo(BLUE));
        var uploaded = api.postBytes("/api/stimulus-sets?name=preview-photos&version=1", ADMIN, "application/zip",
                Zips.of(entries));
        assertEquals(201, uploaded.status(), uploaded.body());
        String images = "/api/stimulus-sets/" + uploaded.json().get("id").asText() + "/images?category=reds";

        JsonNode cropped = api.get(images, ADMIN).json().get(0);
        BufferedImage source = ImageIO.read(new ByteArrayInputStream(fetch(cropped.get("url").asText())));
        assertEquals(40, source.getWidth(), "url is still the source file");
        BufferedImage shown = ImageIO.read(new ByteArrayInputStream(fetch(cropped.get("shownUrl").asText())));
        assertEquals(30, shown.getWidth(), "shownUrl: the default crop at the default render size");
        assertEquals(RED, shown.getRGB(0, 0) & 0xffffff);

        JsonNode padded = api.get(images + "&fit=pad&manipulation=grayscale", ADMIN).json().get(0);
        byte[] png = fetch(padded.get("shownUrl").asText());
        BufferedImage grey = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(40, grey.getWidth());
        assertEquals(40, grey.getHeight());
        assertEquals(0, colourType(png), "grayscale: a 1-channel PNG");
        assertEquals(128, grey.getRaster().getSample(20, 0, 0), "padded with mid-grey above the image");

        var badFit = api.get(images + "&fit=stretch", ADMIN);
        assertEquals(400, badFit.status(), badFit.body());
        assertEquals("fit", badFit.json().get("field").asText());
        var badLevel = api.get(images + "&manipulation=rotation&level=45", ADMIN);
        assertEquals(400, badLevel.status(), badLevel.body());
        assertEquals("level", badLevel.json().get("field").asText());
    }

    private static long luma(int rgb) {
        return Math.round(0.2125 * ((rgb >> 16) & 0xff) + 0.7154 * ((rgb >> 8) & 0xff) + 0.0721 * (rgb & 0xff));
    }

    @Test
    void colourNonSquarePhotosUploadAndReachTheParticipantInColourAtTheirRenderSize() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            entries.put("photos/reds/red-" + i + ".png", photo(RED));
            entries.put("photos/blues/blue-" + i + ".png", photo(BLUE));
        }
        var uploaded = api.postBytes("/api/stimulus-sets?name=photos&version=1", ADMIN, "application/zip",
                Zips.of(entries));
        assertEquals(201, uploaded.status(), uploaded.body());

        ObjectNode definition = DemoDefinitions.maskedDemo("colour-photos");
        definition.put("stimulusSet", "photos");
        definition.set("display", new ObjectMapper().readTree("{\"size\": 224}"));
        definition.set("categories", new ObjectMapper().readTree(
                "[{\"name\": \"reds\", \"key\": \"r\"}, {\"name\": \"blues\", \"key\": \"b\"}]"));
        definition.set("conditions", new ObjectMapper().readTree(
                "{\"durationsMs\": [100], \"manipulations\": [{\"name\": \"none\"}, {\"name\": \"grayscale\"}]}"));
        definition.put("trialsPerParticipant", 8);
        definition.set("blocks", new ObjectMapper().readTree("{\"count\": 1}"));
        definition.set("practice", new ObjectMapper().readTree("{\"trials\": 0}"));
        var created = api.post("/api/experiments", ADMIN, definition.toString());
        assertEquals(201, created.status(), created.body());
        assertEquals(200, api.post("/api/experiments/colour-photos/collection", ADMIN, "{\"open\":true}").status());

        Participant participant = Participant.start(api, "colour-photos", "{}").screenCheck(60);
        JsonNode state = api.get("/api/sessions/" + participant.id(), participant.token()).json();
        assertEquals(224, state.get("experiment").get("displaySize").asInt());
        int colour = 0;
        int grey = 0;
        for (JsonNode trial : state.get("trials")) {
            byte[] png = fetch(trial.get("stimulusUrl").asText());
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(30, image.getWidth(), "crop to the shorter side, which is also the default render size");
            assertEquals(30, image.getHeight());
            // the participant is not told the category, so the pixel says which photo it is
            if (colourType(png) == 2) {
                colour++;
                int corner = image.getRGB(0, 0) & 0xffffff;
                assertTrue(corner == RED || corner == BLUE, "the white side strips are cropped away: "
                        + Integer.toHexString(corner));
            } else {
                grey++;
                assertEquals(0, colourType(png));
                int sample = image.getRaster().getSample(0, 0, 0);
                assertTrue(sample == (int) luma(RED) || sample == (int) luma(BLUE), "Rec. 709 luminance: " + sample);
            }
            byte[] mask = fetch(trial.get("maskUrl").asText());
            assertEquals(30, ImageIO.read(new ByteArrayInputStream(mask)).getWidth(), "masks at the render size");
        }
        assertTrue(colour > 0 && grey > 0, colour + " colour and " + grey + " grey stimuli");
    }
}
