package dev.tandem.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.tandem.db.jooq.Tables.MODEL_SCORE;
import static dev.tandem.db.jooq.Tables.SCORE_JOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.ElementHandle;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.tandem.RepositoryFiles;
import dev.tandem.app.TestTandem;
import dev.tandem.http.ApiClient;
import dev.tandem.jobs.JobWorker;
import dev.tandem.model.Worker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Running a study like a lab does (issue 14), in headless Chromium: an experimenter publishes
 * (collection stays closed), previews a trial, runs a pilot and deletes it, opens collection; two
 * participants take part and one withdraws from the completion page; the study overview shows one
 * completed, one withdrawn and the design's cells still balanced; a scoring job cancelled while a
 * batch is in flight leaves no scores behind.
 */
class StudyConsoleEndToEndTest {

    private static final String USER = "lab-study";
    private static final String PASSWORD = "study end to end";
    private static final String SLUG = "study-e2e";
    private static final int TRIALS = 10;
    private static final String PARTICIPANT_STEP = String.join(", ",
            "[data-testid=block-start]:enabled:visible",
            "[data-testid=break-continue]:visible",
            "[data-testid^=response-]:enabled:visible",
            "[data-testid=completion-code]:visible",
            "[data-testid=error]:visible");

    private TestTandem tandem;
    private Playwright playwright;
    private Browser browser;
    private Page page;
    private Worker worker;
    private Thread workerThread;
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final CountDownLatch claimed = new CountDownLatch(1);
    private final CountDownLatch rolledBack = new CountDownLatch(1);
    private final List<String> console = new ArrayList<>();

    @BeforeEach
    void start() {
        tandem = TestTandem.withBuiltIns();
        playwright = Playwright.create();
        browser = HeadlessChromium.launch(playwright);
        page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900)).newPage();
        page.onPageError(e -> console.add("console pageerror: " + e));
        page.onDialog(dialog -> dialog.accept());
        // The worker's first batch waits, claimed and uncommitted, until the job is cancelled in the console.
        worker = tandem.scoring().worker(4, new JobWorker.Events() {
            @Override
            public void claimed(long jobId, int tasks) {
                claimed.countDown();
                try {
                    cancelled.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void failed(long jobId, RuntimeException error) {
                rolledBack.countDown();
            }
        });
        workerThread = new Thread(() -> worker.run(Duration.ofMillis(200)), "e2e-worker");
        workerThread.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        cancelled.countDown();
        worker.stop();
        workerThread.join(30_000);
        worker.close();
        if (playwright != null) {
            playwright.close();
        }
        tandem.close();
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void anExperimenterPilotsOpensWatchesAWithdrawalAndCancelsAJobFromTheConsole() throws Exception {
        String base = tandem.startHttp();
        var created = new ApiClient(base).post("/api/accounts", TestTandem.ADMIN_TOKEN,
                "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"experimenter\"}");
        assertEquals(201, created.status(), created.body());
        page.navigate(base + "/console");
        page.getByTestId("login-username").fill(USER);
        page.getByTestId("login-password").fill(PASSWORD);
        page.getByTestId("login-submit").click();
        assertThat(page.getByTestId("header-username")).hasText(USER);

        // Publish: collection stays closed, and the header says so
        page.getByTestId("nav-experiments").click();
        page.getByTestId("experiment-new").click();
        page.getByTestId("json-editor").fill(definition().toPrettyString());
        assertThat(page.getByTestId("validation-errors")).not().containsText("slug");
        page.getByTestId("publish").click();
        assertThat(page.getByTestId("publish-result")).containsText("1", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        assertThat(page.getByTestId("experiment-collecting")).hasAttribute("data-status", "published-closed");

        // Preview a trial as participants will see it
        page.getByTestId("tab-study").click();
        page.getByTestId("preview-trial").fill("3");
        page.getByTestId("preview-show").click();
        assertThat(page.getByTestId("preview-frames")).containsText("frame(s) at 60 Hz");
        for (String image : List.of("preview-stimulus", "preview-mask")) {
            page.waitForFunction("img => img.complete && img.naturalWidth > 0", page.getByTestId(image).elementHandle());
        }
        page.getByTestId("preview-play").click();
        assertThat(page.getByTestId("preview-play")).isEnabled();

        // A pilot run, also while collection is closed; it counts nowhere and is deleted in one action
        page.getByTestId("pilot-start").click();
        String pilotUrl = page.getByTestId("pilot-link").getAttribute("href");
        assertTrue(pilotUrl.startsWith("/run/" + SLUG + "#pilot="), pilotUrl);
        Page pilot = runParticipant(base + pilotUrl);
        pilot.context().close();
        assertThat(page.getByTestId("overview-started")).hasText("0");
        page.getByTestId("pilot-delete").click();
        assertThat(page.getByTestId("pilot-status")).containsText("Deleted 1 pilot session(s)");
        assertThat(page.getByTestId("deletion-audit")).containsText("pilot-sessions");

        // Open collection: its own step
        page.getByTestId("tab-collect").click();
        assertThat(page.getByTestId("collection-state")).hasAttribute("data-collecting", "false");
        page.getByTestId("collection-toggle").click();
        assertThat(page.getByTestId("collection-state")).hasAttribute("data-collecting", "true");
        assertThat(page.getByTestId("experiment-collecting")).hasAttribute("data-status", "collecting");

        // Two participants; the second withdraws from the completion page
        runParticipant(base + "/run/" + SLUG + "?PROLIFIC_PID=stays&STUDY_ID=s&SESSION_ID=x").context().close();
        Page leaving = runParticipant(base + "/run/" + SLUG + "?PROLIFIC_PID=leaves&STUDY_ID=s&SESSION_ID=y");
        assertThat(leaving.getByTestId("withdraw-code")).not().isEmpty();
        leaving.getByTestId("withdraw").click();
        assertThat(leaving.getByTestId("withdrawn")).isVisible();
        leaving.context().close();

        // The overview: one completed, one withdrawn, the cells still balanced
        page.getByTestId("tab-study").click();
        assertThat(page.getByTestId("overview-completed")).hasText("1", new LocatorAssertions.HasTextOptions().setTimeout(15_000));
        assertThat(page.getByTestId("overview-withdrawn")).hasText("1");
        assertThat(page.getByTestId("overview-started")).hasText("2");
        assertThat(page.getByTestId("overview-balance")).hasAttribute("data-spread", "0");
        assertThat(page.getByTestId("overview-cells").locator("tbody tr")).hasCount(2);
        assertThat(page.getByTestId("overview-participants")).containsText("PROLIFIC_PID=stays");
        assertThat(page.getByTestId("overview-participants")).not().containsText("leaves");
        assertThat(page.getByTestId("deletion-audit")).containsText("withdrawal");
        page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("/tmp/tandem-console-study.png")).setFullPage(true));

        // A job cancelled while its first batch is in flight leaves no scores
        page.getByTestId("tab-score").click();
        page.getByTestId("score-model-select").selectOption("fashion-cnn");
        page.getByTestId("score-start").click();
        assertTrue(claimed.await(60, TimeUnit.SECONDS), "the worker claimed a batch");
        page.getByTestId("job-cancel").click();
        assertThat(page.getByTestId("job-status")).hasText("cancelled");
        cancelled.countDown();
        long jobId = tandem.dsl().select(SCORE_JOB.ID).from(SCORE_JOB).orderBy(SCORE_JOB.ID.desc()).limit(1).fetchSingle(SCORE_JOB.ID);
        assertTrue(rolledBack.await(60, TimeUnit.SECONDS), "the batch in flight was rolled back");
        worker.stop();
        workerThread.join(30_000);
        assertEquals(0, tandem.dsl().fetchCount(MODEL_SCORE, MODEL_SCORE.JOB_ID.eq(jobId)), "no partial scores");
        assertEquals(0, tandem.dsl().select(SCORE_JOB.DONE).from(SCORE_JOB).where(SCORE_JOB.ID.eq(jobId)).fetchSingle(SCORE_JOB.DONE));
        assertFalse(console.stream().anyMatch(line -> line.contains("pageerror")), String.join("\n", console));
    }

    /** The participant's page, consent to completion code, every trial answered by button; left open. */
    private Page runParticipant(String url) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        Page participant = context.newPage();
        participant.onDialog(dialog -> dialog.accept());
        participant.navigate(url);
        participant.getByTestId("consent-accept").click();
        participant.getByTestId("instructions-continue").click();
        participant.getByTestId("screen-check-continue").click();
        int answers = 0;
        for (;;) {
            ElementHandle next = participant.waitForSelector(PARTICIPANT_STEP, new Page.WaitForSelectorOptions().setTimeout(60_000));
            String testId = next.getAttribute("data-testid");
            if (testId.equals("completion-code")) {
                break;
            } else if (testId.equals("error")) {
                throw new AssertionError("the participant page shows an error: " + next.textContent());
            } else if (testId.startsWith("response-")) {
                participant.getByTestId("response-" + category(answers)).click();
                answers++;
            } else {
                next.click();
            }
        }
        assertEquals(TRIALS, answers);
        assertThat(participant.getByTestId("progress")).hasAttribute("aria-valuenow", String.valueOf(TRIALS));
        return participant;
    }

    private static String category(int i) {
        String name = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                "Ankle boot").get(i % 10);
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s/]", "-");
    }

    /** The built-in demo made small: two durations, ten trials, no practice, no redirect. */
    private static ObjectNode definition() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode d = (ObjectNode) json.readTree(RepositoryFiles.stimuli().resolve("fashion-mnist/experiments/masked-demo.json").toFile());
        d.put("slug", SLUG).put("title", "Study end to end");
        d.with("conditions").set("durationsMs", json.createArrayNode().add(133).add(267));
        d.with("conditions").set("manipulations", json.createArrayNode().add(json.createObjectNode().put("name", "none")));
        d.put("trialsPerParticipant", TRIALS);
        d.remove("practice");
        d.with("blocks").put("count", 1);
        d.put("requestFullscreen", false);
        d.remove("completion");
        d.with("completion").put("code", "STUDY-DONE");
        return d;
    }
}
