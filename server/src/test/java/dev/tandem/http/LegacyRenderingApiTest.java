package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 changes how stimuli are rendered; an experiment version stored before it (migration
 * V0010_1 marks those {@code renderer = 'condition/1'}) keeps rendering at the display size, so
 * its later sessions see what its first ones saw. New versions render at their render size.
 */
class LegacyRenderingApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;

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

    private static BufferedImage fetch(String path) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), path);
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    private static JsonNode firstTrial(String slug) {
        Participant participant = Participant.start(api, slug, "{}").screenCheck(60);
        return api.get("/api/sessions/" + participant.id(), participant.token()).json().get("trials").get(0);
    }

    @Test
    void aVersionStoredBeforeRenderSizesKeepsRenderingAtTheDisplaySize() throws Exception {
        assertEquals(201, api.post("/api/experiments", ADMIN, DemoDefinitions.maskedDemo("legacy-demo").toString())
                .status());
        assertEquals(200, api.post("/api/experiments/legacy-demo/collection", ADMIN, "{\"open\":true}").status());
        // what migration V0010_1 does to every version stored before it
        tandem.dsl().update(DSL.table("experiment")).set(DSL.field("renderer"), "condition/1")
                .where(DSL.field("slug").eq("legacy-demo")).execute();

        JsonNode legacy = firstTrial("legacy-demo");
        assertEquals(224, fetch(legacy.get("stimulusUrl").asText()).getWidth(), "grey, at the display size, as before");
        assertEquals(224, fetch(legacy.get("maskUrl").asText()).getWidth());

        JsonNode current = firstTrial("masked-demo");
        assertEquals(28, fetch(current.get("stimulusUrl").asText()).getWidth(), "the demo now renders at 28 px");
        assertEquals(28, fetch(current.get("maskUrl").asText()).getWidth(), "and its masks too");
    }
}
