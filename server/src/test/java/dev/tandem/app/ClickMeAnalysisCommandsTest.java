package dev.tandem.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.clickme.ClickMeFixture;
import dev.tandem.http.ApiClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clickme maps}, {@code clickme alignment} and the admin API on two participants' stored rounds. */
class ClickMeAnalysisCommandsTest {

    private record Run(int code, String out, String err) {}

    @TempDir
    Path temp;
    private TestTandem tandem;

    @BeforeEach
    void start() throws Exception {
        tandem = TestTandem.withBuiltIns();
        ClickMeFixture fixture = new ClickMeFixture(tandem);
        fixture.registerCornerModel();
        fixture.playRounds(2, 2); // two participants on the first image, one on the second
    }

    @AfterEach
    void stop() {
        tandem.close();
    }

    private Run tandem(String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(words));
        args.addAll(List.of("--database-url", tandem.databaseUrl()));
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void mapsWithWaitComputeTheJobAndAlignmentPrintsTheTableAndWritesHeatmaps() throws Exception {
        Run maps = tandem("clickme", "maps", "--experiment", "clickme-demo", "--model", "corner", "--method", "occlusion",
                "--patch", "28", "--stride", "14", "--wait");
        assertEquals(0, maps.code(), maps.err());
        assertTrue(maps.out().contains("2 images (0 stored before)"), maps.out());
        assertTrue(maps.out().contains("Maps [##############################] 2/2"), maps.out());
        assertTrue(maps.out().contains("done: 2 maps computed here"), maps.out());

        Path dir = temp.resolve("heatmaps");
        Run alignment = tandem("clickme", "alignment", "--experiment", "clickme-demo", "--model", "corner", "--method",
                "occlusion", "--patch", "28", "--stride", "14", "--min-participants", "2", "--out-dir", dir.toString());
        assertEquals(0, alignment.code(), alignment.err());
        assertTrue(alignment.out().contains("Images: 1 (1 with a model map)"), alignment.out());
        assertTrue(alignment.out().contains("mean Spearman"), alignment.out());
        assertTrue(alignment.out().contains("2r/(1+r)"), "the table states the ceiling's formula: " + alignment.out());
        assertTrue(alignment.out().contains("Wrote 2 heatmaps"), alignment.out());
        try (var files = Files.list(dir)) {
            List<Path> pngs = files.sorted().toList();
            assertEquals(2, pngs.size());
            byte[] png = Files.readAllBytes(pngs.get(0));
            assertEquals('P', png[1]);
            assertEquals(2, png[25], "colour type RGB");
        }

        Run json = tandem("clickme", "alignment", "--experiment", "clickme-demo", "--json");
        assertEquals(0, json.code(), json.err());
        var report = tandem.json().readTree(json.out());
        assertEquals(1, report.get("images").size());
        assertTrue(report.get("images").get(0).get("spearman").isNull(), "no model asked for");

        Run rounds = tandem("clickme", "rounds", "--experiment", "clickme-demo", "--format", "csv");
        assertEquals(0, rounds.code(), rounds.err());
        List<String> lines = rounds.out().lines().toList();
        assertTrue(lines.get(0).startsWith("experiment,experiment_version,participant,trial_index"), lines.get(0));
        assertEquals(1 + tandem.dsl().fetchCount(org.jooq.impl.DSL.table("clickme_round")), lines.size());
        Run unknown = tandem("clickme", "rounds", "--experiment", "nope");
        assertEquals(1, unknown.code());
    }

    @Test
    void theAdminApiQueuesMapJobsAndServesAlignmentHeatmapsAndRoundExports() throws Exception {
        ApiClient api = new ApiClient(tandem.startHttp());
        String admin = TestTandem.ADMIN_TOKEN;
        var created = api.post("/api/clickme/map-jobs", admin, "{\"model\":\"corner\",\"experiment\":\"clickme-demo\","
                + "\"method\":\"occlusion\",\"parameters\":{\"patch\":\"56\",\"stride\":\"56\"}}");
        assertEquals(201, created.status(), created.body());
        long id = created.json().get("id").asLong();
        assertEquals(2, created.json().get("total").asInt());
        assertEquals("queued", api.get("/api/clickme/map-jobs/" + id, admin).json().get("status").asText());
        assertEquals(401, api.get("/api/clickme/map-jobs/" + id, null).status());
        try (var worker = tandem.mapJobs().worker(1, dev.tandem.model.Worker.Events.NONE)) {
            worker.drain(id);
        }
        var job = api.get("/api/clickme/map-jobs/" + id, admin).json();
        assertEquals("done", job.get("status").asText());
        assertEquals(2, job.get("done").asInt());

        String query = "?model=corner&method=occlusion&patch=56&stride=56";
        var alignment = api.get("/api/experiments/clickme-demo/clickme/alignment" + query, admin);
        assertEquals(200, alignment.status(), alignment.body());
        assertEquals(1, alignment.json().get("summary").get("imagesWithModelMap").asInt());
        var csv = api.get("/api/experiments/clickme-demo/clickme/alignment" + query + "&format=csv", admin);
        assertTrue(csv.body().startsWith("image_file,image_index,category,stimulus_sha256,participants,split_half_ceiling,"
                + "ceiling,model_ceiling,spearman"), csv.body());
        var summary = alignment.json().get("summary");
        assertEquals(0.2, summary.get("ceilingFloor").asDouble());
        assertTrue(summary.has("normalizedSpearmanCi") && summary.get("modelImages").has("modelCeiling"), summary.toString());
        for (String bad : new String[] {"ceilingFloor=x", "ceilingFloor=1.5", "sigma=wide", "minParticipants=1"}) {
            var refused = api.get("/api/experiments/clickme-demo/clickme/alignment" + query + "&" + bad, admin);
            assertEquals(400, refused.status(), bad);
            assertEquals(bad.substring(0, bad.indexOf('=')), refused.json().get("field").asText(), bad);
        }
        assertEquals(2, csv.body().split("\r\n").length);

        String image = alignment.json().get("images").get(0).get("stimulusSha256").asText();
        var human = api.get("/api/experiments/clickme-demo/clickme/maps/" + image + ".png?kind=human", admin);
        assertEquals(200, human.status(), human.body());
        assertEquals("image/png", human.raw().headers().firstValue("Content-Type").orElse(""));
        var model = api.get("/api/experiments/clickme-demo/clickme/maps/" + image + ".png" + query + "&kind=model", admin);
        assertEquals(200, model.status(), model.body());
        var missing = api.get("/api/experiments/clickme-demo/clickme/maps/" + image + ".png?kind=model&model=corner", admin);
        assertEquals(404, missing.status(), "no RISE map was computed");

        var rounds = api.get("/api/experiments/clickme-demo/clickme/rounds?format=csv", admin);
        String[] lines = rounds.body().split("\r\n");
        assertEquals(1 + 3, lines.length, rounds.body());
        assertTrue(lines[0].startsWith("experiment,experiment_version,participant,trial_index"), lines[0]);
        assertTrue(lines[1].contains(",skip,"), lines[1]);
        var jsonl = api.get("/api/experiments/clickme-demo/clickme/rounds?format=jsonl", admin);
        assertEquals(3, jsonl.body().split("\n").length);
        assertEquals(12, tandem.json().readTree(jsonl.body().split("\n")[0]).get("reveals").asInt());
    }
}
