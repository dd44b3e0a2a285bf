package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import dev.tandem.upload.Zips;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Experimenters (not admins) upload stimulus sets and score experiments: uploads work with their
 * API token or, with the CSRF header, their console cookie; jobs are seen only by those who may
 * see the job's experiment.
 */
class ExperimenterUploadsAndJobsApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final String PASSWORD = "a long enough password";

    private static TestTandem tandem;
    private static String base;
    private static ApiClient api;
    private static ConsoleClient eve;
    private static ConsoleClient max;
    private static String eveToken;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        base = tandem.startHttp();
        api = new ApiClient(base);
        for (String name : List.of("eve", "max")) {
            assertEquals(201, api.post("/api/accounts", ADMIN, "{\"username\":\"" + name + "\",\"password\":\""
                    + PASSWORD + "\",\"role\":\"experimenter\"}").status());
        }
        eve = ConsoleClient.login(api, "eve", PASSWORD);
        max = ConsoleClient.login(api, "max", PASSWORD);
        eveToken = eve.send("POST", "/api/tokens", "{\"label\":\"uploads\"}").json().get("token").asText();
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static byte[] twoClasses() {
        return Zips.of(Map.of("cats/cat-1.png", Zips.png(12, 10), "dogs/dog-1.png", Zips.png(12, 200)));
    }

    /** A zip posted with eve's console cookie, as her browser would send it. */
    private static int postWithCookie(String path, byte[] zip, String csrf) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", eve.cookie).header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip));
        if (csrf != null) {
            request.header(Guard.CSRF_HEADER, csrf);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<String> jobExperiments(JsonNode jobs) {
        List<String> experiments = new ArrayList<>();
        jobs.forEach(job -> experiments.add(job.get("experiment").asText()));
        return experiments;
    }

    @Test
    void experimentersUploadWithTheirTokenOrWithTheirCookieAndItsCsrfHeader() throws Exception {
        var byToken = api.postBytes("/api/stimulus-sets?name=eve-token&version=1", eveToken, "application/zip", twoClasses());
        assertEquals(201, byToken.status(), byToken.body());

        assertEquals(403, postWithCookie("/api/stimulus-sets?name=eve-cookie&version=1", twoClasses(), null));
        assertEquals(0, tandem.dsl().fetchCount(org.jooq.impl.DSL.table("stimulus_set"),
                org.jooq.impl.DSL.field("name").eq("eve-cookie")));
        assertEquals(201, postWithCookie("/api/stimulus-sets?name=eve-cookie&version=1", twoClasses(), eve.csrfToken));
        assertTrue(eve.get("/api/stimulus-sets").json().findValuesAsText("name").contains("eve-token"),
                "stimulus sets are shared by every account");
    }

    @Test
    void aSetNameBelongsToTheAccountThatFirstUploadedIt() {
        String maxToken = max.send("POST", "/api/tokens", "{\"label\":\"uploads\"}").json().get("token").asText();
        assertEquals(201, api.postBytes("/api/stimulus-sets?name=eve-owned&version=1", eveToken, "application/zip",
                twoClasses()).status());
        var hijack = api.postBytes("/api/stimulus-sets?name=eve-owned&version=2", maxToken, "application/zip", twoClasses());
        assertEquals(409, hijack.status(), "another account cannot add a version experiments would then pick up");
        assertEquals("name", hijack.json().get("field").asText());
        var builtIn = api.postBytes("/api/stimulus-sets?name=fashion-mnist&version=9", maxToken, "application/zip", twoClasses());
        assertEquals(409, builtIn.status(), builtIn.body());
        assertEquals(201, api.postBytes("/api/stimulus-sets?name=eve-owned&version=2", eveToken, "application/zip",
                twoClasses()).status(), "the owner adds versions");
        assertEquals(201, api.postBytes("/api/stimulus-sets?name=eve-owned&version=3", ADMIN, "application/zip",
                twoClasses()).status(), "and so may an admin");
        assertEquals(List.of("1", "2", "3"), tandem.dsl().fetch("SELECT version FROM stimulus_set WHERE name = 'eve-owned' "
                + "ORDER BY version").getValues(0, String.class));
    }

    @Test
    void experimentersCannotRegisterModelsBecauseAModelIsAProgramTheServerRuns() {
        assertEquals(404, api.postBytes("/api/models", eveToken, "application/zip", twoClasses()).status());
        assertEquals(404, eve.send("POST", "/api/models", "{\"folder\":\"/etc\"}").status());
        assertEquals(404, eve.send("POST", "/api/studies/mvh", "{\"folder\":\"/etc\"}").status(),
                "importing published data reads a folder on the server: admins only");
    }

    @Test
    void jobsAreCreatedAndShownOnlyForExperimentsTheCallerMaySee() {
        var adminJob = api.post("/api/jobs", ADMIN, "{\"model\":\"fashion-cnn\",\"experiment\":\"masked-demo\"}");
        assertTrue(adminJob.status() == 201 || adminJob.status() == 200, adminJob.body());
        long adminJobId = adminJob.json().get("id").asLong();

        assertEquals(404, eve.send("POST", "/api/jobs", "{\"model\":\"fashion-cnn\",\"experiment\":\"masked-demo\"}")
                .status(), "the demo was loaded from the command line: only admins see it");
        assertEquals(404, eve.get("/api/jobs/" + adminJobId).status());
        assertEquals(List.of(), jobExperiments(eve.get("/api/jobs").json()));

        assertEquals(200, eve.send("PUT", "/api/experiments/eve-demo/draft",
                DemoDefinitions.maskedDemo("eve-demo").toString()).status());
        assertEquals(201, eve.send("POST", "/api/experiments/eve-demo/publish", null).status());
        var eveJob = eve.send("POST", "/api/jobs", "{\"model\":\"fashion-cnn\",\"experiment\":\"eve-demo\"}");
        assertEquals(201, eveJob.status(), eveJob.body());

        assertEquals(List.of("eve-demo"), jobExperiments(eve.get("/api/jobs").json()));
        assertEquals(200, eve.get("/api/jobs/" + eveJob.json().get("id").asLong()).status());
        assertEquals(404, max.get("/api/jobs/" + eveJob.json().get("id").asLong()).status());
        assertEquals(List.of(), jobExperiments(max.get("/api/jobs").json()));
        assertTrue(jobExperiments(api.get("/api/jobs", ADMIN).json()).containsAll(List.of("masked-demo", "eve-demo")));
    }
}
