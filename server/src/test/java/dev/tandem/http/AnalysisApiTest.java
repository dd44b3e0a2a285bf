package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.MvhFixture;
import dev.tandem.app.AnsweredSessions;
import dev.tandem.app.TestTandem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analyst's endpoints over HTTP against a real PostgreSQL: answers, fields and refusals. */
class AnalysisApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;

    private static TestTandem tandem;
    private static ApiClient api;
    private static Path raw;

    @BeforeAll
    static void start() throws Exception {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
        AnsweredSessions participants = new AnsweredSessions(tandem);
        UUID first = participants.start("masked-demo");
        UUID second = participants.start("masked-demo");
        participants.sameTrialsAs(first, second);
        participants.answerAll(first, i -> i % 2 == 0);
        participants.answerAll(second, i -> true);
        raw = MvhFixture.write(Files.createTempDirectory("mvh-raw"));
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static void assertRefused(int status, String field, ApiClient.Reply reply) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(field, reply.json().get("field").isNull() ? null : reply.json().get("field").asText(), reply.body());
    }

    @Test
    void metricsAnswerWithAccuracyConfusionConsistencyAndCurves() {
        var reply = api.get("/api/experiments/masked-demo/metrics", ADMIN);
        assertEquals(200, reply.status(), reply.body());
        JsonNode metrics = reply.json();
        assertEquals("masked-demo", metrics.get("experiment").asText());
        JsonNode humans = metrics.get("accuracyByGroup").get(0);
        assertEquals(120, humans.get("accuracy").get("trials").asInt());
        assertTrue(humans.get("accuracy").get("interval").has("lower"));
        assertEquals("HUMAN_HUMAN", metrics.get("consistencyByPairKind").get(0).get("pairKind").asText());
        assertTrue(metrics.get("consistency").size() > 1, "the pair's aggregate and its conditions");
        assertEquals(20, metrics.get("minSharedTrials").asInt());
        JsonNode cell = metrics.get("consistency").get(1);
        for (String field : new String[] {"sharedTrials", "kappa", "kappaChance", "kappaCi"}) {
            assertTrue(cell.hasNonNull(field), field + " in " + cell);
        }
        assertTrue(cell.get("kappaChance").get("low").asDouble() <= cell.get("kappaChance").get("high").asDouble());
        assertTrue(cell.get("kappaCi").has("low") && cell.get("kappaCi").has("high"));
        JsonNode everyCell = api.get("/api/experiments/masked-demo/metrics?minSharedTrials=1", ADMIN).json();
        assertEquals(1, everyCell.get("minSharedTrials").asInt());
        assertTrue(everyCell.get("consistencyByPairKind").get(0).get("kappaCi").has("low"));
        assertEquals(10, metrics.get("confusion").get("counts").size());
        assertTrue(metrics.get("byFramesShown").get(0).get("points").size() > 1);
        JsonNode point = metrics.get("byRequestedMs").get(0).get("points").get(0);
        assertTrue(point.has("manipulation") && point.has("level"), point.toString());
        assertEquals(60, metrics.get("byFramesShown").get(0).get("refreshHz").asInt());
        JsonNode timed = api.get("/api/experiments/masked-demo/metrics?timingOk=true&kind=human&version=1", ADMIN).json();
        assertTrue(timed.get("accuracyByGroup").get(0).get("accuracy").get("trials").asInt() < 120);
    }

    @Test
    void thePsychometricCurvesAreServedAsSvg() {
        var reply = api.get("/api/experiments/masked-demo/psychometric.svg", ADMIN);
        assertEquals(200, reply.status());
        assertTrue(reply.raw().headers().firstValue("Content-Type").orElseThrow().startsWith("image/svg+xml"));
        assertTrue(reply.body().startsWith("<svg") && reply.body().contains("humans"));
        assertTrue(reply.body().contains("data-panel=\"uniform-noise 0.2\""), "one panel per manipulation and level");
        var frames = api.get("/api/experiments/masked-demo/frames-shown.svg", ADMIN);
        assertEquals(200, frames.status());
        assertTrue(frames.body().contains("@ 60 Hz"), "one panel per refresh rate");
    }

    @Test
    void theConsistencyMatrixAndItsRowsAreServedWithTheMinimumStated() {
        var svg = api.get("/api/experiments/masked-demo/consistency.svg?minSharedTrials=5", ADMIN);
        assertEquals(200, svg.status());
        assertTrue(svg.body().contains("mean over conditions with at least 5 shared trials"), svg.body());
        var csv = api.get("/api/experiments/masked-demo/consistency.csv", ADMIN);
        assertEquals(200, csv.status());
        assertTrue(csv.raw().headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertTrue(csv.body().startsWith("first,second,pairKind,condition,sharedTrials,conditions,conditionsUsed,minSharedTrials,"
                + "observedConsistency,expectedConsistency,kappa,kappaChanceLow,kappaChanceHigh,kappaCiLow,kappaCiHigh"), csv.body());
        assertEquals(api.get("/api/experiments/masked-demo/metrics", ADMIN).json().get("consistency").size() + 1,
                csv.body().lines().count(), "one line per JSON record");
    }

    @Test
    void theComparisonDatasetStreamsInEachFormatWithFilters() {
        var csv = api.get("/api/experiments/masked-demo/comparison?format=csv", ADMIN);
        assertEquals(200, csv.status());
        assertTrue(csv.raw().headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertTrue(csv.raw().headers().firstValue("Content-Disposition").orElseThrow().contains("masked-demo-comparison.csv"));
        assertEquals(121, csv.body().lines().count());
        assertEquals(120, api.get("/api/experiments/masked-demo/comparison?format=jsonl", ADMIN).body().lines().count());
        var mvh = api.getBytes("/api/experiments/masked-demo/comparison?format=mvh&kind=human&timingOk=true", ADMIN);
        assertEquals(200, mvh.statusCode());
        assertEquals("application/zip", mvh.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(mvh.headers().firstValue("Content-Disposition").orElseThrow().contains("masked-demo-comparison-mvh.zip"));
        var files = ApiClient.unzip(mvh.body());
        var csvs = files.keySet().stream().filter(name -> name.endsWith(".csv")).toList();
        assertTrue(!csvs.isEmpty() && csvs.stream().allMatch(name -> name.matches(
                "masked-demo-[^/]+/masked-demo-[^/_]+_subject-\\d\\d_session_1\\.csv")), csvs.toString());
        assertTrue(files.get("subjects.tsv").startsWith("subject\tsession_id\nsubject-01\t"));
        long rows = csvs.stream().mapToLong(name -> files.get(name).lines().count() - 1).sum();
        assertTrue(rows < 120, "timing failures are left out: " + rows);
        assertEquals(1, api.get("/api/experiments/masked-demo/comparison?kind=model", ADMIN).body().lines().count());
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        String base = "/api/experiments/masked-demo/";
        assertRefused(400, "format", api.get(base + "comparison?format=xlsx", ADMIN));
        assertRefused(400, "kind", api.get(base + "comparison?kind=human,robot", ADMIN));
        assertRefused(400, "kind", api.get(base + "metrics?kind=robot", ADMIN));
        assertRefused(400, "version", api.get(base + "comparison?version=two", ADMIN));
        assertRefused(400, "version", api.get(base + "metrics?version=0", ADMIN));
        assertRefused(400, "timingOk", api.get(base + "psychometric.svg?timingOk=maybe", ADMIN));
        assertRefused(400, "minSharedTrials", api.get(base + "metrics?minSharedTrials=0", ADMIN));
        assertRefused(400, "minSharedTrials", api.get(base + "consistency.svg?minSharedTrials=many", ADMIN));
        assertRefused(404, null, api.get("/api/experiments/nope/metrics", ADMIN));
        assertRefused(404, null, api.get("/api/experiments/nope/comparison?format=csv", ADMIN));
        assertRefused(404, null, api.get(base + "comparison?version=99", ADMIN));
        assertRefused(404, null, api.get("/api/studies/nope/benchmark", ADMIN));
        assertRefused(404, null, api.get("/api/studies/nope/comparison", ADMIN));
    }

    @Test
    void everyAnalysisEndpointNeedsAnAdminToken() {
        for (String path : new String[] {"/api/experiments/masked-demo/metrics", "/api/experiments/masked-demo/psychometric.svg",
                "/api/experiments/masked-demo/consistency.csv", "/api/experiments/masked-demo/frames-shown.svg",
                "/api/experiments/masked-demo/comparison", "/api/studies/any/benchmark", "/api/studies/any/comparison"}) {
            assertRefused(401, "Authorization", api.get(path, null));
        }
        assertRefused(401, "Authorization", api.post("/api/studies/mvh", "wrong", "{}"));
    }

    @Test
    void aModelVsHumanFolderImportsThenBenchmarksAndExportsBackToItsLayout() {
        String body = "{\"directory\":\"" + raw.toString().replace("\\", "\\\\") + "\",\"study\":\"tiny\"}";
        var imported = api.post("/api/studies/mvh", ADMIN, body);
        assertEquals(200, imported.status(), imported.body());
        assertEquals(3, imported.json().get("imported").size());
        assertEquals(0, imported.json().get("malformed").size());
        assertEquals(3, api.post("/api/studies/mvh", ADMIN, body).json().get("unchanged").size());

        JsonNode benchmark = api.get("/api/studies/tiny/benchmark", ADMIN).json();
        JsonNode resnet = benchmark.get("result").get("rows").get(0);
        assertEquals("resnet50", resnet.get("observer").asText());
        assertEquals(0.75, resnet.get("observedConsistency").asDouble(), 1e-12);
        assertEquals(0.5, resnet.get("errorConsistency").asDouble(), 1e-12);
        assertEquals(0.2, benchmark.get("result").get("rows").get(1).get("errorConsistency").asDouble(), 1e-12);

        var mvh = api.getBytes("/api/studies/tiny/comparison?format=mvh", ADMIN);
        assertEquals(200, mvh.statusCode());
        var files = ApiClient.unzip(mvh.body());
        assertEquals(3, files.size(), files.keySet().toString());
        assertEquals(15, files.values().stream().mapToLong(f -> f.lines().count() - 1).sum(), "3 × 5 published rows");
        assertTrue(files.values().stream().anyMatch(f -> f.contains("subject-01,1,3,0.7,na,cat,bw,0003_cl_s01_bw_cat_40_n01_3.png")),
                files.toString());
    }

    @Test
    void aBadImportRequestIsRefusedNamingTheField() {
        assertRefused(400, "directory", api.post("/api/studies/mvh", ADMIN, "{\"study\":\"x\"}"));
        assertRefused(400, "directory", api.post("/api/studies/mvh", ADMIN,
                "{\"directory\":\"/no/such/folder\",\"study\":\"x\"}"));
        assertRefused(400, "study", api.post("/api/studies/mvh", ADMIN,
                "{\"directory\":\"" + raw.toString().replace("\\", "\\\\") + "\",\"study\":\"\"}"));
        assertRefused(400, "body", api.post("/api/studies/mvh", ADMIN, ""));
    }
}
