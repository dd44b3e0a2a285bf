package dev.tandem.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.tandem.db.jooq.Tables.TRIPLET_TRIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.tandem.app.TestTandem;
import dev.tandem.http.ApiClient;
import dev.tandem.jobs.JobWorker;
import dev.tandem.triplet.TripletWorker;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 in the experimenter console, in headless Chromium: after people answered triplet-demo
 * over HTTP, an experimenter starts a triplet job for the demo CNN on the Score tab and follows it
 * to the end, then reads the Results tab: counts, noise ceiling, the model's agreement, RSA and
 * coverage with their intervals, the catch trials, the RDM figure and the RDM download.
 */
class TripletConsoleEndToEndTest {

    private static final String SLUG = "triplet-demo";
    private static final String PASSWORD = "triplet console end to end";
    private static final int PEOPLE = 6;
    /** "0.660 [0.609, 0.708]": a figure with its 95 % interval. */
    private static final Pattern WITH_INTERVAL = Pattern.compile("-?\\d\\.\\d{3} \\[-?\\d\\.\\d{3}, -?\\d\\.\\d{3}\\]");
    private static final LocatorAssertions.HasTextOptions PATIENTLY = new LocatorAssertions.HasTextOptions().setTimeout(60_000);

    private TestTandem tandem;
    private Playwright playwright;
    private Page page;
    private TripletWorker worker;
    private Thread workerThread;
    private final List<String> console = new ArrayList<>();

    @BeforeEach
    void start() {
        tandem = TestTandem.withBuiltIns();
        worker = tandem.tripletJobs().worker(64, JobWorker.Events.NONE);
        workerThread = new Thread(() -> worker.run(Duration.ofMillis(200)), "e2e-triplet-worker");
        workerThread.start();
        playwright = Playwright.create();
        Browser browser = HeadlessChromium.launch(playwright);
        page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900)).newPage();
        page.onPageError(e -> console.add("pageerror: " + e));
    }

    @AfterEach
    void stop() throws InterruptedException {
        worker.stop();
        workerThread.join(30_000);
        worker.close();
        if (playwright != null) {
            playwright.close();
        }
        tandem.close();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anExperimenterHasTheDemoModelAnswerThePeoplesTripletsAndReadsAgreementCeilingAndRsa() {
        String base = tandem.startHttp();
        ApiClient api = new ApiClient(base);
        var created = api.post("/api/accounts", TestTandem.ADMIN_TOKEN,
                "{\"username\":\"lab-admin\",\"password\":\"" + PASSWORD + "\",\"role\":\"admin\"}");
        assertEquals(201, created.status(), created.body());
        for (int p = 0; p < PEOPLE; p++) {
            completeByCategory(api);
        }

        page.navigate(base + "/console/experiments/" + SLUG + "/score");
        page.getByTestId("login-username").fill("lab-admin");
        page.getByTestId("login-password").fill(PASSWORD);
        page.getByTestId("login-submit").click();
        assertThat(page.getByTestId("triplet-job-start")).isEnabled();
        page.getByTestId("score-model-select").selectOption("fashion-cnn");
        page.getByTestId("triplet-job-start").click();
        assertThat(page.getByTestId("triplet-job-status")).hasText("done", PATIENTLY);
        assertThat(page.getByTestId("triplet-job-title")).containsText("fashion-cnn, cosine of its embedding");
        String progress = page.getByTestId("triplet-job-progress-text").textContent();
        assertTrue(progress.matches("(\\d+) / \\1.*"), progress);
        assertThat(page.getByTestId("triplet-job-table")).containsText("cosine of its embedding");

        page.getByTestId("tab-results").click();
        assertThat(page.getByTestId("triplet-participants")).hasText(PEOPLE + " (0 excluded by their catch trials)");
        assertThat(page.getByTestId("triplet-judgements")).containsText(" on catch trials)");
        assertThat(page.getByTestId("triplet-noise-ceiling")).containsText(WITH_INTERVAL);
        assertThat(page.getByTestId("triplet-rsa-ceiling")).containsText(" over 100 splits");
        Locator model = page.getByTestId("triplet-model-fashion-cnn").locator("td");
        assertThat(model.nth(1)).hasText(WITH_INTERVAL);
        assertThat(model.nth(4)).hasText(WITH_INTERVAL);
        String triplets = page.getByTestId("triplet-triplets").textContent();
        assertThat(model.nth(6)).hasText(triplets + " / " + triplets + " triplets");
        assertThat(model.nth(7)).hasText("embedding");
        assertThat(page.getByTestId("triplet-catch").locator("tbody tr")).hasCount(PEOPLE);

        Locator figure = page.getByTestId("triplet-figure");
        assertThat(figure).isVisible();
        page.waitForFunction("el => el.complete && el.naturalWidth > 0", figure.elementHandle());
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("/tmp/tandem-e2e-triplet-results.png")).setFullPage(true));
        Object rdm = page.evaluate("href => fetch(href).then(r => r.text())",
                page.getByTestId("triplet-rdm-people").getAttribute("href"));
        assertTrue(String.valueOf(rdm).lines().count() > 3, String.valueOf(rdm));
        assertFalse(console.stream().anyMatch(line -> line.contains("pageerror")), String.join("\n", console));
    }

    /** One participant over HTTP: the odd category out when there is one (catch trials right), else the first image. */
    private void completeByCategory(ApiClient api) {
        var started = api.post("/api/experiments/" + SLUG + "/sessions", null, "{\"params\":{}}");
        assertEquals(201, started.status(), started.body());
        String id = started.json().get("sessionId").asText();
        String token = started.json().get("token").asText();
        assertEquals(200, api.post("/api/sessions/" + id + "/screen-check", token, "{\"refreshHz\":60.0}").status());
        List<String> judgements = new ArrayList<>();
        for (var trial : tandem.dsl().selectFrom(TRIPLET_TRIAL).where(TRIPLET_TRIAL.SESSION_ID.eq(UUID.fromString(id)))
                .orderBy(TRIPLET_TRIAL.TRIAL_INDEX).fetch()) {
            List<String> categories = List.of(trial.getCategory_0(), trial.getCategory_1(), trial.getCategory_2());
            int choice = trial.getCatchOddPosition() != null ? trial.getCatchOddPosition() : oddOne(categories);
            judgements.add("{\"judgementId\":\"" + UUID.randomUUID() + "\",\"trialIndex\":" + trial.getTrialIndex()
                    + ",\"chosenPosition\":" + choice + ",\"source\":\"click\",\"rtMs\":900,"
                    + "\"timing\":{\"timingOk\":true}}");
        }
        var stored = api.post("/api/sessions/" + id + "/triplets", token, "{\"judgements\":[" + String.join(",", judgements) + "]}");
        assertEquals(200, stored.status(), stored.body());
        assertEquals(200, api.post("/api/sessions/" + id + "/complete", token, "{}").status());
    }

    private static int oddOne(List<String> categories) {
        for (int k = 0; k < 3; k++) {
            String a = categories.get((k + 1) % 3);
            if (a.equals(categories.get((k + 2) % 3)) && !categories.get(k).equals(a)) {
                return k;
            }
        }
        return 0;
    }
}
