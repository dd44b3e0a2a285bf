package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Writing experiments from the console over HTTP against a real PostgreSQL: validation, drafts, publishing, the list. */
class ExperimentConsoleApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;

    private static TestTandem tandem;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static List<String> fields(JsonNode errors) {
        List<String> fields = new ArrayList<>();
        errors.forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    private static JsonNode listed(String slug) {
        for (JsonNode experiment : api.get("/api/experiments", ADMIN).json()) {
            if (experiment.get("slug").asText().equals(slug)) {
                return experiment;
            }
        }
        return null;
    }

    @Test
    void theServedSchemaListsEveryManipulationWithTheMeaningAndBoundsOfItsLevel() {
        var reply = api.get("/api/schema/experiment", ADMIN);
        assertEquals(200, reply.status(), reply.body());
        JsonNode item = reply.json().at("/properties/conditions/properties/manipulations/items");
        List<String> names = new java.util.ArrayList<>();
        item.at("/properties/name/enum").forEach(name -> names.add(name.asText()));
        assertEquals(List.of("none", "grayscale", "contrast", "uniform-noise", "low-pass", "high-pass", "phase-noise",
                "power-equalisation", "rotation", "false-colour").stream().sorted().toList(),
                names.stream().sorted().toList());
        JsonNode rotation = null;
        JsonNode contrast = null;
        for (JsonNode rule : item.get("allOf")) {
            String name = rule.at("/if/properties/name/const").asText();
            if (name.equals("rotation")) {
                rotation = rule.at("/then/properties/level");
            } else if (name.equals("contrast")) {
                contrast = rule.at("/then/properties/level");
            }
        }
        assertEquals("[0,90,180,270]", rotation.get("enum").toString());
        assertTrue(contrast.has("description") && contrast.has("maximum"), contrast.toString());
        assertEquals(401, api.get("/api/schema/experiment", null).status());
    }

    @Test
    void aDraftSavedWithErrorsIsKeptThenFixedPublishedAsVersionOneAndOnlyAChangeMakesVersionTwo() {
        ObjectNode draft = DemoDefinitions.maskedDemo("console-flow");
        draft.remove("consent");
        ((ArrayNode) draft.get("conditions").get("durationsMs")).set(0, 0);

        var saved = api.put("/api/experiments/console-flow/draft", ADMIN, draft.toString());
        assertEquals(200, saved.status(), saved.body());
        assertEquals(List.of("consent", "conditions.durationsMs[0]"), fields(saved.json().get("errors")));
        assertTrue(saved.json().hasNonNull("updatedAt"));
        var refused = api.post("/api/experiments/console-flow/publish", ADMIN, "");
        assertEquals(400, refused.status(), refused.body());
        assertEquals("consent", refused.json().get("field").asText());
        JsonNode unpublished = listed("console-flow");
        assertTrue(unpublished.get("latestVersion").isNull(), "a draft never published is listed without a version");
        assertTrue(unpublished.get("hasDraft").asBoolean());

        ObjectNode fixed = DemoDefinitions.maskedDemo("console-flow");
        assertEquals(0, api.put("/api/experiments/console-flow/draft", ADMIN, fixed.toString()).json().get("errors").size());
        var first = api.post("/api/experiments/console-flow/publish", ADMIN, "");
        assertEquals(201, first.status(), first.body());
        assertEquals(1, first.json().get("version").asInt());
        var again = api.post("/api/experiments/console-flow/publish", ADMIN, "");
        assertEquals(200, again.status(), again.body());
        assertEquals(1, again.json().get("version").asInt());

        fixed.put("title", "Recognising clothes, second run");
        api.put("/api/experiments/console-flow/draft", ADMIN, fixed.toString());
        var second = api.post("/api/experiments/console-flow/publish", ADMIN, "");
        assertEquals(201, second.status(), second.body());
        assertEquals(2, second.json().get("version").asInt());

        JsonNode detail = api.get("/api/experiments/console-flow", ADMIN).json();
        assertEquals("Recognising clothes, second run", detail.get("title").asText());
        assertEquals(2, detail.get("versions").size());
        assertEquals("Recognising clothes in a flash", detail.get("versions").get(0).get("definition").get("title").asText());
        assertTrue(detail.get("versions").get(1).hasNonNull("createdAt"));
        assertEquals("Recognising clothes, second run", detail.get("draft").get("definition").get("title").asText(),
                "the draft stays as the editable copy");
        assertEquals(0, detail.get("draft").get("errors").size());
        assertFalse(detail.get("collecting").asBoolean(), "publishing does not open collection (issue 14)");
        assertEquals(409, api.post("/api/experiments/console-flow/sessions", null, "{}").status());
        assertEquals(200, api.post("/api/experiments/console-flow/collection", ADMIN, "{\"open\":true}").status());
        assertEquals(201, api.post("/api/experiments/console-flow/sessions", null, "{}").status(),
                "participants get the published version");
    }

    @Test
    void validationAnswersEveryErrorWithItsFieldPathAndAlways200() {
        ObjectNode broken = DemoDefinitions.maskedDemo("console-validate");
        broken.remove("title");
        broken.put("trialsPerParticipant", 0);
        ((ObjectNode) broken.get("categories").get(2)).put("key", "xy");
        ((ObjectNode) broken.get("timing")).put("stimulusMs", 5);
        broken.put("stimulusSet", "no-such-set");
        var reply = api.post("/api/experiments/validate", ADMIN, broken.toString());
        assertEquals(200, reply.status(), reply.body());
        assertFalse(reply.json().get("valid").asBoolean());
        assertEquals(List.of("title", "categories[2].key", "timing.stimulusMs", "trialsPerParticipant", "stimulusSet"),
                fields(reply.json().get("errors")));
        reply.json().get("errors").forEach(e -> assertFalse(e.get("message").asText().isBlank()));

        ObjectNode rules = DemoDefinitions.maskedDemo("console-validate");
        ((ObjectNode) rules.get("categories").get(0)).put("name", "Hat");
        ((ObjectNode) rules.get("categories").get(1)).put("key", "0");
        rules.put("trialsPerParticipant", 400);
        assertEquals(List.of("categories[0].name", "categories[1].key", "trialsPerParticipant"),
                fields(api.post("/api/experiments/validate", ADMIN, rules.toString()).json().get("errors")),
                "rules that depend on the stimulus set are all reported too");

        JsonNode valid = api.post("/api/experiments/validate", ADMIN, DemoDefinitions.maskedDemo("x1").toString()).json();
        assertTrue(valid.get("valid").asBoolean());
        assertEquals(0, valid.get("errors").size());
        var unreadable = api.post("/api/experiments/validate", ADMIN, "{\"slug\": ");
        assertEquals(200, unreadable.status());
        assertFalse(unreadable.json().get("valid").asBoolean());
        assertEquals(List.of(""), fields(api.post("/api/experiments/validate", ADMIN, "[1, 2]").json().get("errors")));
    }

    @Test
    void theListIsEnrichedWithVersionSetTrialTypesCollectionOwnerAndSessions() {
        api.post("/api/experiments/masked-demo/sessions", null, "{}");
        JsonNode masked = listed("masked-demo");
        assertEquals("Recognising clothes in a flash", masked.get("title").asText());
        assertEquals(1, masked.get("latestVersion").asInt());
        assertEquals("fashion-mnist", masked.get("stimulusSet").asText());
        assertEquals("[\"masked\"]", masked.get("trialTypes").toString());
        assertTrue(masked.get("collecting").asBoolean());
        assertFalse(masked.get("hasDraft").asBoolean());
        assertTrue(masked.get("owner").isNull(), "loaded from the command line: no owner, admins only");
        assertTrue(masked.get("sessions").get("started").asInt() >= 1);
        assertEquals(0, masked.get("sessions").get("completed").asInt());
        assertEquals("[\"clickme\"]", listed("clickme-demo").get("trialTypes").toString());
    }

    @Test
    void aDraftIsSavedOnlyUnderItsOwnValidSlugAndMustBeAnObject() {
        String body = DemoDefinitions.maskedDemo("console-other").toString();
        var mismatch = api.put("/api/experiments/console-mine/draft", ADMIN, body);
        assertEquals(400, mismatch.status(), mismatch.body());
        assertEquals("slug", mismatch.json().get("field").asText());
        assertEquals("slug", api.put("/api/experiments/Not%20A%20Slug/draft", ADMIN, "{}").json().get("field").asText());
        assertEquals(400, api.put("/api/experiments/console-mine/draft", ADMIN, "[]").status());
        assertEquals(404, api.get("/api/experiments/console-mine", ADMIN).status(), "nothing was stored");
        assertEquals(404, api.post("/api/experiments/masked-demo/publish", ADMIN, "").status(), "no draft to publish");
    }

    @Test
    void loadingAndPublishingInOneCallStillWorksForScripts() {
        var created = api.post("/api/experiments", ADMIN, DemoDefinitions.maskedDemo("console-script").toString());
        assertEquals(201, created.status(), created.body());
        assertEquals(1, created.json().get("version").asInt());
        var unchanged = api.post("/api/experiments", ADMIN, DemoDefinitions.maskedDemo("console-script").toString());
        assertEquals(200, unchanged.status());
        assertEquals("stimulusSet", api.post("/api/experiments", ADMIN,
                DemoDefinitions.maskedDemo("console-script").put("stimulusSet", "nope").toString()).json().get("field").asText());
    }

    @Test
    void everyExperimentRouteRefusesAnonymousCalls() {
        for (String path : List.of("/api/experiments", "/api/experiments/masked-demo", "/api/experiments/masked-demo/links",
                "/api/experiments/masked-demo/monitor", "/api/experiments/masked-demo/consistency.svg")) {
            assertEquals(401, api.get(path, null).status(), path);
        }
        for (String path : List.of("/api/experiments/validate", "/api/experiments/masked-demo/publish",
                "/api/experiments/masked-demo/collection", "/api/experiments/masked-demo/access")) {
            assertEquals(401, api.post(path, null, "{}").status(), path);
        }
        assertEquals(401, api.put("/api/experiments/masked-demo/draft", "a-participant-token", "{}").status());
        assertEquals(401, api.send("POST", "/api/experiments/masked-demo/collection",
                Map.of("Content-Type", "application/json"), "{\"open\":false}").status());
        assertTrue(tandem.collection().isOpen("masked-demo"));
    }
}
