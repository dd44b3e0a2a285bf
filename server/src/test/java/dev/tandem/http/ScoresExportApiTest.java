package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.app.TestTandem;
import dev.tandem.common.Progress;
import dev.tandem.model.ModelFixtures;
import dev.tandem.model.ModelFormatsScoringTest;
import dev.tandem.model.Worker;
import dev.tandem.stimulus.StimulusService;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/experiments/{slug}/scores?model=&format=csv|jsonl}: one row per scored stimulus,
 * probabilities in the experiment's categories; checked like the other experiment routes.
 */
class ScoresExportApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final String PASSWORD = "a long enough password";
    private static final String SCORES = "/api/experiments/patterns/scores";

    private static TestTandem tandem;
    private static ApiClient api;
    private static ConsoleClient eve;

    @BeforeAll
    static void start() throws Exception {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
        new StimulusService(tandem.dsl()).importSet(ModelFixtures.STIMULUS_SET);
        tandem.experiments().load(new ObjectMapper().readTree(ModelFormatsScoringTest.EXPERIMENT), Progress.NONE);
        tandem.models().register(ModelFixtures.ONNX);
        long job = api.post("/api/jobs", ADMIN, "{\"model\":\"tiny-onnx\",\"experiment\":\"patterns\"}").json().get("id").asLong();
        try (Worker worker = tandem.scoring().worker(4, Worker.Events.NONE)) {
            worker.drain(job);
        }
        assertEquals(201, api.post("/api/accounts", ADMIN, "{\"username\":\"eve\",\"password\":\"" + PASSWORD
                + "\",\"role\":\"experimenter\"}").status());
        eve = ConsoleClient.login(api, "eve", PASSWORD);
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    @Test
    void csvHasOneRowPerScoredStimulusWithAProbabilityColumnPerCategory() {
        var reply = api.get(SCORES + "?model=tiny-onnx&format=csv", ADMIN);

        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = reply.body().lines().toList();
        assertEquals("model,model_version,stimulus_sha256,image_name,category,manipulation,level,probabilities.circle,"
                + "probabilities.cross,probabilities.stripes,probabilities.dots,top_k,decision,correct", lines.get(0));
        assertEquals(1 + 8, lines.size());
        String[] first = lines.get(1).split(",");
        assertEquals("tiny-onnx", first[0]);
        assertEquals(64, first[2].length());
        assertEquals("none", first[5]);
        double sum = 0;
        for (int c = 7; c < 11; c++) {
            sum += Double.parseDouble(first[c]);
        }
        assertEquals(1, sum, 1e-5, "one output per category: the reduced probabilities sum to 1");
        assertEquals(4, first[11].split(" ").length, "top-k output indices (all four of a 4-output model)");
        assertEquals(first[4].equals(first[12]), Boolean.parseBoolean(first[13]));
    }

    @Test
    void jsonLinesCarryTheProbabilitiesAsAnObject() {
        var reply = api.get(SCORES + "?model=tiny-onnx&format=jsonl", ADMIN);

        assertEquals(200, reply.status(), reply.body());
        List<JsonNode> rows = reply.body().lines().map(line -> {
            try {
                return new ObjectMapper().readTree(line);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(8, rows.size());
        JsonNode row = rows.get(0);
        assertTrue(row.get("probabilities").isObject());
        assertEquals(List.of("circle", "cross", "stripes", "dots"), iterate(row.get("probabilities").fieldNames()));
        assertTrue(row.get("top_k").isArray());
        assertTrue(row.get("correct").isBoolean());
        assertTrue(row.get("image_name").asText().startsWith("images/"));
    }

    @Test
    void anExperimenterWhoMayNotSeeTheExperimentGets404() {
        assertEquals(404, eve.get(SCORES + "?model=tiny-onnx&format=csv").status());
    }

    @Test
    void aBadFormatOrAMissingModelIsRefusedNamingTheField() {
        var format = api.get(SCORES + "?model=tiny-onnx&format=xml", ADMIN);
        assertEquals(400, format.status());
        assertEquals("format", format.json().get("field").asText());

        var model = api.get(SCORES + "?format=csv", ADMIN);
        assertEquals(400, model.status());
        assertEquals("model", model.json().get("field").asText());

        assertEquals(404, api.get(SCORES + "?model=no-such-model", ADMIN).status());
        assertEquals(404, api.get("/api/experiments/no-such-experiment/scores?model=tiny-onnx", ADMIN).status());
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
