package dev.tandem.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.ElementHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.tandem.RepositoryFiles;
import dev.tandem.app.TestTandem;
import dev.tandem.http.ApiClient;
import dev.tandem.jobs.JobWorker;
import dev.tandem.model.Worker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * An admin makes an account and an experimenter does everything else in the console, in headless
 * Chromium, with no command line: logs in, uploads a stimulus set, creates and publishes an experiment (whose title tries to
 * inject a script), watches a participant — a second browser — take it, closes collection,
 * scores it with the demo model while watching progress, looks at the results, downloads an
 * export and logs out.
 */
class ConsoleEndToEndTest {

    private static final String USER = "lab-e2e";
    private static final String PASSWORD = "console end to end";
    private static final String SLUG = "flash-e2e";
    private static final String SET = "fashion-e2e";
    private static final String HOSTILE_TITLE = "Flash <script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";
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
    private final List<String> console = new ArrayList<>();

    @BeforeEach
    void start() {
        tandem = TestTandem.withBuiltIns();
        playwright = Playwright.create();
        browser = HeadlessChromium.launch(playwright);
        page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900).setAcceptDownloads(true)).newPage();
        page.onConsoleMessage(m -> console.add("console " + m.type() + ": " + m.text()));
        page.onPageError(e -> console.add("console pageerror: " + e));
        worker = tandem.scoring().worker(64, JobWorker.Events.NONE);
        workerThread = new Thread(() -> worker.run(Duration.ofMillis(200)), "e2e-worker");
        workerThread.start();
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
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void anExperimenterRunsAWholeStudyFromTheConsole() throws IOException {
        String base = tandem.startHttp();
        var created = new ApiClient(base).post("/api/accounts", TestTandem.ADMIN_TOKEN,
                "{\"username\":\"lab-admin\",\"password\":\"" + PASSWORD + "\",\"role\":\"admin\"}");
        assertEquals(201, created.status(), created.body());

        // An admin makes the experimenter's account
        page.navigate(base + "/console");
        login("lab-admin", PASSWORD);
        page.getByTestId("nav-accounts").click();
        page.getByTestId("account-new-username").fill(USER);
        page.getByTestId("account-new-password").fill(PASSWORD);
        page.getByTestId("account-new-role").selectOption("experimenter");
        page.getByTestId("account-create").click();
        assertThat(page.getByTestId("account-row-" + USER)).containsText("experimenter");
        page.getByTestId("logout").click();

        // Login: a wrong password is refused, the right one opens the console
        page.getByTestId("login-username").fill(USER);
        page.getByTestId("login-password").fill("wrong password!");
        page.getByTestId("login-submit").click();
        assertThat(page.getByTestId("login-error")).containsText("Wrong username or password");
        login(USER, PASSWORD);
        assertEquals(0, page.getByTestId("nav-accounts").count(), "experimenters do not manage accounts");

        // Upload: a hostile archive is refused naming its file; a real one is imported and previewed
        page.getByTestId("nav-stimuli").click();
        page.getByTestId("upload-name").fill("evil");
        page.getByTestId("upload-version").fill("1");
        page.getByTestId("upload-file").setInputFiles(zip("evil", List.of("../escape.png")));
        page.getByTestId("upload-submit").click();
        assertThat(page.getByTestId("upload-error")).containsText("../escape.png");
        page.getByTestId("upload-name").fill("");
        page.getByTestId("upload-version").fill("");
        page.getByTestId("upload-file").setInputFiles(stimulusSetZip());
        page.getByTestId("upload-submit").click();
        assertThat(page.getByTestId("stimulus-set-row-" + SET)).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
        page.getByTestId("stimulus-set-row-" + SET).locator("a").first().click();
        Locator sneakers = page.getByTestId("preview-category-sneaker").locator("img");
        assertThat(sneakers).hasCount(2);
        page.waitForFunction("img => img.complete && img.naturalWidth > 0", sneakers.first().elementHandle());

        // A folder of class-named subfolders, picked in the browser and zipped there
        page.getByTestId("nav-stimuli").click();
        page.getByTestId("upload-name").fill("classes-e2e");
        page.getByTestId("upload-version").fill("1");
        page.getByTestId("upload-folder").setInputFiles(classFolders());
        assertThat(page.getByTestId("upload-choice")).containsText("6 files");
        page.getByTestId("upload-submit").click();
        assertThat(page.getByTestId("stimulus-set-row-classes-e2e")).containsText("6",
                new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        page.getByTestId("stimulus-set-row-classes-e2e").locator("a").first().click();
        for (String category : List.of("bag", "sneaker", "trouser")) {
            assertThat(page.getByTestId("preview-category-" + category).locator("img")).hasCount(2);
        }

        // Create: typing shows validation errors by field; the form and the JSON follow each other; save a draft, publish
        page.getByTestId("nav-experiments").click();
        page.getByTestId("experiment-new").click();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("/tmp/tandem-console-new.png")).setFullPage(true));
        ObjectNode definition = definition();
        ((ArrayNode) definition.with("conditions").withArray("durationsMs")).set(0, -5);
        page.getByTestId("json-editor").fill(definition.toPrettyString());
        assertThat(page.getByTestId("validation-errors")).containsText("conditions.durationsMs[0]");
        ((ArrayNode) definition.with("conditions").withArray("durationsMs")).set(0, 267);
        page.getByTestId("json-editor").fill(definition.toPrettyString());
        assertThat(page.getByTestId("validation-errors")).not().containsText("durationsMs");
        assertThat(page.getByTestId("field-title")).hasValue("placeholder");
        page.getByTestId("field-title").fill(HOSTILE_TITLE);
        String titleInJson = "\"title\": " + new ObjectMapper().writeValueAsString(HOSTILE_TITLE);
        page.waitForFunction("text => document.querySelector('[data-testid=json-editor]').value.includes(text)", titleInJson);
        page.getByTestId("save-draft").click();
        page.getByTestId("publish").click();
        assertThat(page.getByTestId("publish-result")).containsText("1", new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));

        page.getByTestId("nav-experiments").click();
        assertThat(page.getByTestId("experiment-row-" + SLUG)).containsText("<script>window.__xss=1</script>");
        assertNull(page.evaluate("() => window.__xss"), "the title is shown as text, never run");

        // Collect: the recruitment links
        page.getByTestId("experiment-link-" + SLUG).click();
        page.getByTestId("tab-collect").click();
        assertThat(page.getByTestId("link-prolific")).containsText(base + "/run/" + SLUG + "?PROLIFIC_PID=");
        assertThat(page.getByTestId("link-sona")).containsText("%SURVEY_CODE%");
        assertThat(page.getByTestId("link-mturk")).containsText("/run/" + SLUG);
        assertThat(page.getByTestId("collection-state")).hasAttribute("data-collecting", "false");
        assertThat(page.getByTestId("experiment-collecting")).hasAttribute("data-status", "published-closed");
        page.getByTestId("collection-toggle").click(); // publishing does not open collection (issue 14)
        assertThat(page.getByTestId("collection-state")).hasAttribute("data-collecting", "true");

        // Monitor a participant, who runs the study in another browser
        page.getByTestId("tab-monitor").click();
        page.evaluate("() => { window.__sameDocument = true; }");
        assertThat(page.getByTestId("monitor-started")).hasText("0");
        runParticipant(base + "/run/" + SLUG + "?PROLIFIC_PID=e2e-participant&STUDY_ID=s&SESSION_ID=x");
        assertThat(page.getByTestId("monitor-completed")).hasText("1", new LocatorAssertions.HasTextOptions().setTimeout(15_000));
        assertThat(page.getByTestId("monitor-started")).hasText("1");
        assertThat(page.getByTestId("monitor-timing-ok")).containsText("%");
        assertThat(page.getByTestId("refresh-histogram").locator("rect")).not().hasCount(0);
        assertTrue((Boolean) page.evaluate("() => window.__sameDocument === true"), "updated without reloading");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("/tmp/tandem-console-monitor.png")).setFullPage(true));

        // Close collection: a new participant is turned away
        page.getByTestId("tab-collect").click();
        page.getByTestId("collection-toggle").click();
        assertThat(page.getByTestId("collection-state")).hasAttribute("data-collecting", "false");
        Page late = browser.newPage();
        late.navigate(base + "/run/" + SLUG);
        assertThat(late.locator("body")).containsText("not accepting participants");
        late.close();

        // Score with the demo model, watching the job's progress
        page.getByTestId("tab-score").click();
        page.getByTestId("score-model-select").selectOption("fashion-cnn");
        page.getByTestId("score-start").click();
        assertThat(page.getByTestId("job-status")).hasText("done", new LocatorAssertions.HasTextOptions().setTimeout(120_000));
        assertThat(page.getByTestId("job-progress-text")).containsText("20 / 20");

        // Results: plots are real images
        page.getByTestId("tab-results").click();
        for (String plot : List.of("results-psychometric", "results-frames-shown", "results-consistency")) {
            ElementHandle img = page.getByTestId(plot).elementHandle();
            page.waitForFunction("img => img.complete && img.naturalWidth > 0", img);
        }
        assertThat(page.getByTestId("results-accuracy-by-observer")).containsText("fashion-cnn",
                new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.getByTestId("results-model-references")).containsText("fashion-cnn"); // per manipulation
        assertThat(page.getByTestId("results-consistency-rule")).containsText("at least 20 shared trials");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("/tmp/tandem-console-results.png")).setFullPage(true));

        // Exports: the comparison table, humans and the model on the same stimuli
        page.getByTestId("tab-exports").click();
        Download download = page.waitForDownload(() -> page.getByTestId("export-comparison-csv").click());
        List<String> rows = Files.readAllLines(download.path(), StandardCharsets.UTF_8);
        assertTrue(rows.get(0).contains("observer_kind"), rows.get(0));
        assertEquals(TRIALS, rows.stream().filter(r -> r.startsWith("human,")).count(), String.join("\n", rows));
        assertEquals(TRIALS, rows.stream().filter(r -> r.startsWith("model,fashion-cnn,")).count(),
                "the model's answer on each answered trial's stimulus");

        // Logout: the cookie no longer opens anything
        page.getByTestId("logout").click();
        assertThat(page.getByTestId("login-username")).isVisible();
        Object status = page.evaluate("() => fetch('/api/experiments').then(r => r.status)");
        assertEquals(401, ((Number) status).intValue());
        assertFalse(console.stream().anyMatch(line -> line.contains("pageerror")), String.join("\n", console));
    }

    private void login(String username, String password) {
        page.getByTestId("login-username").fill(username);
        page.getByTestId("login-password").fill(password);
        page.getByTestId("login-submit").click();
        assertThat(page.getByTestId("header-username")).hasText(username);
    }

    /** The participant's page: consent to completion code, answering every trial by button. */
    private void runParticipant(String url) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        Page participant = context.newPage();
        List<String> scripts = new ArrayList<>();
        participant.onRequest(request -> {
            if (request.resourceType().equals("script")) {
                scripts.add(request.url());
            }
        });
        participant.navigate(url);
        assertThat(participant.locator("body")).containsText("<script>window.__xss=1</script>");
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
        assertNull(participant.evaluate("() => window.__xss"));
        String consoleEntry = consoleEntryScript();
        assertTrue(scripts.stream().noneMatch(s -> s.endsWith(consoleEntry)),
                "the participant page loads no console code: " + scripts);
        context.close();
    }

    private String consoleEntryScript() {
        String html = page.evaluate("() => fetch('/console').then(r => r.text())").toString();
        var m = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(html);
        assertTrue(m.find(), html);
        return m.group(1);
    }

    private static String category(int i) {
        String name = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                "Ankle boot").get(i % 10);
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s/]", "-");
    }

    /** A small experiment on the uploaded set: one condition, ten trials, no practice. */
    private static ObjectNode definition() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode d = (ObjectNode) json.readTree(RepositoryFiles.stimuli().resolve("fashion-mnist/experiments/masked-demo.json").toFile());
        d.put("slug", SLUG).put("title", "placeholder").put("stimulusSet", SET);
        d.put("consent", "Consent for " + HOSTILE_TITLE);
        d.with("conditions").set("durationsMs", json.createArrayNode().add(267));
        d.with("conditions").set("manipulations", json.createArrayNode().add(json.createObjectNode().put("name", "none")));
        d.put("trialsPerParticipant", TRIALS);
        d.remove("practice");
        d.with("blocks").put("count", 1);
        d.put("requestFullscreen", false);
        d.remove("completion");
        d.with("completion").put("code", "E2E-DONE");
        return d;
    }

    /** The first two images of each category of the built-in set, with a manifest naming them. */
    private static Path stimulusSetZip() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path folder = RepositoryFiles.stimuli().resolve("fashion-mnist");
        ObjectNode manifest = (ObjectNode) json.readTree(folder.resolve("manifest.json").toFile());
        manifest.put("name", SET);
        ArrayNode kept = json.createArrayNode();
        manifest.withArray("images").forEach(image -> {
            if (image.get("file").asText().matches(".*-0[01]\\.png")) {
                kept.add(image);
            }
        });
        manifest.set("images", kept);
        Path zip = Files.createTempFile("tandem-e2e-set", ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(SET + "/manifest.json"));
            out.write(manifest.toPrettyString().getBytes(StandardCharsets.UTF_8));
            for (var image : kept) {
                out.putNextEntry(new ZipEntry(SET + "/" + image.get("file").asText()));
                out.write(Files.readAllBytes(folder.resolve(image.get("file").asText())));
            }
        }
        return zip;
    }

    /** A folder "clothes" with Bag/, Sneaker/ and Trouser/ holding two images each. */
    private static Path classFolders() throws IOException {
        Path root = Files.createTempDirectory("tandem-e2e-classes").resolve("clothes");
        Path images = RepositoryFiles.stimuli().resolve("fashion-mnist/images");
        for (String category : List.of("Bag", "Sneaker", "Trouser")) {
            Path folder = Files.createDirectories(root.resolve(category));
            for (int i = 0; i < 2; i++) {
                String file = category.toLowerCase(Locale.ROOT) + "-0" + i + ".png";
                Files.copy(images.resolve(file), folder.resolve(file));
            }
        }
        return root;
    }

    /** A zip whose entries are the given names, each holding a real PNG. */
    private static Path zip(String name, List<String> entries) throws IOException {
        byte[] png = Files.readAllBytes(RepositoryFiles.stimuli().resolve("fashion-mnist/images/bag-00.png"));
        Path zip = Files.createTempFile("tandem-e2e-" + name, ".zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (String entry : entries) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(png);
            }
        }
        return zip;
    }
}
