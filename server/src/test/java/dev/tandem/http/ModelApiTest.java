package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RepositoryFiles;
import dev.tandem.app.TestTandem;
import dev.tandem.model.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Models and scoring jobs through the admin API, and model rows in the raw export. */
class ModelApiTest {

    private static final String DEMO_MODEL = RepositoryFiles.stimuli().resolve("fashion-mnist/models/fashion-cnn").toString();
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

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates (or finds) the demo job and scores it in this process. */
    private static JsonNode scoredDemoJob() {
        var created = api.post("/api/jobs", ADMIN, json(Map.of("model", "fashion-cnn", "experiment", "masked-demo")));
        assertTrue(created.status() == 201 || created.status() == 200, created.body());
        long id = created.json().get("id").asLong();
        try (Worker worker = tandem.scoring().worker(64, Worker.Events.NONE)) {
            worker.drain(id);
        }
        return api.get("/api/jobs/" + id, ADMIN).json();
    }

    @Test
    void modelsAreRegisteredAndListedWithAnAdminToken() {
        String body = json(Map.of("folder", DEMO_MODEL));
        assertEquals(401, api.post("/api/models", null, body).status());

        var again = api.post("/api/models", ADMIN, body);
        assertEquals(200, again.status(), "the built-in model is registered already");
        assertEquals("fashion-cnn", again.json().get("name").asText());
        var listed = api.get("/api/models", ADMIN).json();
        assertEquals(1, listed.size());
        assertEquals(again.json().get("contentSha256"), listed.get(0).get("contentSha256"));

        var broken = api.post("/api/models", ADMIN, json(Map.of("folder", "/no/such/folder")));
        assertEquals(400, broken.status());
        assertEquals("folder", broken.json().get("field").asText());
        assertEquals(400, api.post("/api/models", ADMIN, "{}").status());
    }

    @Test
    void aJobCreatedOverTheApiReportsItsProgress() {
        var created = api.post("/api/jobs", ADMIN, json(Map.of("model", "fashion-cnn", "experiment", "masked-demo")));
        assertEquals(201, created.status(), created.body());
        JsonNode job = created.json();
        assertEquals("queued", job.get("status").asText());
        assertEquals(0, job.get("done").asInt());
        assertEquals(600, job.get("total").asInt());
        assertEquals(200, api.post("/api/jobs", ADMIN, json(Map.of("model", "fashion-cnn", "experiment", "masked-demo")))
                .status(), "asking again returns the open job");

        JsonNode finished = scoredDemoJob();

        assertEquals(job.get("id"), finished.get("id"));
        assertEquals("done", finished.get("status").asText());
        assertEquals(600, finished.get("done").asInt());
        assertTrue(finished.get("ratePerSecond").asDouble() > 0, finished.toString());
        assertEquals(404, api.post("/api/jobs", ADMIN, json(Map.of("model", "nope", "experiment", "masked-demo"))).status());
        assertEquals(404, api.get("/api/jobs/99999", ADMIN).status());
        assertEquals(400, api.get("/api/jobs/x", ADMIN).status());
        assertEquals(401, api.get("/api/jobs/" + job.get("id").asLong(), null).status());
    }

    @Test
    void theRawExportShowsModelRowsBesideHumanRowsOnTheSameStimuli() {
        var session = api.post("/api/experiments/masked-demo/sessions", null, "{\"params\":{}}").json();
        String sessionId = session.get("sessionId").asText();
        String token = session.get("token").asText();
        assertEquals(200, api.post("/api/sessions/" + sessionId + "/screen-check", token,
                "{\"refreshHz\":60.0,\"windowWidth\":1280,\"windowHeight\":800,\"fullscreen\":true}").status());
        String records = List.of(0, 1, 2).stream().map(trial -> "{\"responseId\":\"" + UUID.randomUUID()
                + "\",\"trialIndex\":" + trial + ",\"response\":\"Bag\",\"source\":\"button\",\"rtMs\":500,"
                + "\"timing\":{\"requestedMs\":33,\"plannedFrames\":2,\"refreshHz\":60,\"timingOk\":true}}")
                .collect(Collectors.joining(","));
        assertEquals(200, api.post("/api/sessions/" + sessionId + "/responses", token,
                "{\"responses\":[" + records + "]}").status());
        scoredDemoJob();

        List<JsonNode> rows = api.get("/api/experiments/masked-demo/responses?format=jsonl", ADMIN).body().lines()
                .map(ModelApiTest::parse).toList();

        List<JsonNode> mine = rows.stream().filter(row -> row.get("session_id").asText().equals(sessionId)).toList();
        assertEquals(6, mine.size(), "three human rows, each followed by the model's row on the same trial");
        for (int trial = 0; trial < 3; trial++) {
            JsonNode human = mine.get(2 * trial);
            JsonNode model = mine.get(2 * trial + 1);
            assertEquals("human", human.get("observer_kind").asText());
            assertEquals(sessionId, human.get("observer").asText());
            assertEquals("model", model.get("observer_kind").asText());
            assertEquals("fashion-cnn", model.get("observer").asText());
            assertEquals(trial, model.get("trial_index").asInt());
            assertEquals(human.get("stimulus_sha256"), model.get("stimulus_sha256"));
            assertEquals(human.get("category"), model.get("category"));
            assertEquals(model.get("response").asText().equals(model.get("category").asText()),
                    model.get("correct").asBoolean());
            assertTrue(model.get("rt_ms").isNull() && model.get("timing").isNull() && model.get("response_id").isNull());
        }
        List<JsonNode> design = rows.stream().filter(row -> row.get("session_id").isNull()).toList();
        assertEquals(600, design.size(), "every scored design cell, before or without any participant");
        assertTrue(design.stream().allMatch(row -> row.get("observer").asText().equals("fashion-cnn")
                && !row.get("image_file").isNull() && !row.get("manipulation").isNull()));
        assertEquals(600, design.stream().map(row -> row.get("stimulus_sha256").asText()).distinct().count());
        assertTrue(design.stream().map(row -> row.get("stimulus_sha256"))
                .anyMatch(sha -> sha.equals(mine.get(0).get("stimulus_sha256"))));
        assertEquals(rows.size() - design.size(), rows.stream().filter(row -> !row.get("session_id").isNull()).count());
        String csvHeader = api.get("/api/experiments/masked-demo/responses?format=csv", ADMIN).body().lines().findFirst().orElseThrow();
        assertTrue(csvHeader.startsWith("experiment,experiment_version,observer_kind,observer,session_id,"), csvHeader);
        List<JsonNode> humansOnly = api.get("/api/experiments/masked-demo/responses?format=jsonl&kind=human", ADMIN).body()
                .lines().map(ModelApiTest::parse).toList();
        assertEquals(rows.stream().filter(row -> row.get("observer_kind").asText().equals("human")).count(), humansOnly.size(),
                "the responses export takes the comparison export's filters");
        assertTrue(humansOnly.stream().allMatch(row -> row.get("observer_kind").asText().equals("human")));
        assertEquals(400, api.get("/api/experiments/masked-demo/responses?kind=robot", ADMIN).status());
    }

    private static JsonNode parse(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
