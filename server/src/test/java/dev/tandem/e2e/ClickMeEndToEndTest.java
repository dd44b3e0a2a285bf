package dev.tandem.e2e;

import static dev.tandem.db.jooq.Tables.CLICKME_QUERY;
import static dev.tandem.db.jooq.Tables.CLICKME_REVEAL;
import static dev.tandem.db.jooq.Tables.CLICKME_ROUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.ElementHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.tandem.app.TestTandem;
import dev.tandem.clickme.ClickMeService;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A participant plays the built-in ClickMe demo in headless Chromium by clicking (and, in one
 * round, painting) on the canvas; afterwards every reveal, every partner query and every
 * round's points are in PostgreSQL, and the server's composition matched what was displayed.
 */
class ClickMeEndToEndTest {

    private static final int ROUNDS = 10;
    private static final int SKIPPED_ROUND = 2;
    private static final int PAINTED_ROUND = 4;
    private static final String NEXT_STEP = String.join(", ",
            "[data-testid=block-start]:enabled:visible",
            "[data-testid=clickme-skip]:enabled:visible",
            "[data-testid=completion-code]:visible",
            "[data-testid=error]:visible");

    private TestTandem tandem;
    private Playwright playwright;
    private Page page;
    private final List<String> console = new ArrayList<>();

    @BeforeEach
    void start() {
        tandem = TestTandem.withBuiltIns();
        playwright = Playwright.create();
        Browser browser = HeadlessChromium.launch(playwright);
        page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)).newPage();
        page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
        page.onPageError(e -> console.add("pageerror: " + e));
    }

    @AfterEach
    void stop() {
        if (playwright != null) {
            playwright.close();
        }
        tandem.close();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aParticipantPlaysEveryRoundByClickingAndRevealsQueriesAndPointsAreStored() {
        String base = tandem.startHttp();
        page.navigate(base + "/run/clickme-demo?PROLIFIC_PID=clickme-e2e");
        page.getByTestId("consent-accept").click();
        page.getByTestId("instructions-continue").click();
        page.getByTestId("screen-check-continue").click();

        List<Double> shownPoints = new ArrayList<>();
        int rounds = 0;
        for (;;) {
            ElementHandle next = page.waitForSelector(NEXT_STEP, new Page.WaitForSelectorOptions().setTimeout(60_000));
            String testId = next.getAttribute("data-testid");
            if (testId.equals("completion-code")) {
                break;
            } else if (testId.equals("error")) {
                throw new AssertionError("the page shows an error: " + next.textContent() + "\n" + String.join("\n", console));
            } else if (testId.equals("block-start")) {
                next.click();
            } else {
                play(rounds);
                Locator points = page.getByTestId("clickme-points");
                shownPoints.add(Double.parseDouble(points.getAttribute("data-points")));
                if (rounds == 0) {
                    page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("/tmp/tandem-clickme-round.png")));
                }
                page.getByTestId("clickme-next").click();
                rounds++;
            }
        }
        assertEquals("TANDEM-CLICKME", page.getByTestId("completion-code").textContent().trim());
        assertEquals(ROUNDS, rounds);
        checkStored(shownPoints);
    }

    /** Clicks from the centre outwards until the round ends; skips one round, paints another. */
    private void play(int round) {
        Locator canvas = page.getByTestId("clickme-canvas");
        Locator nextButton = page.getByTestId("clickme-next");
        if (round == SKIPPED_ROUND) {
            canvas.click(new Locator.ClickOptions().setPosition(112, 112));
            page.getByTestId("clickme-skip").click();
        } else if (round == PAINTED_ROUND) {
            var box = canvas.boundingBox();
            page.mouse().move(box.x + 40, box.y + 40);
            page.mouse().down();
            for (int y = 40; y <= 190 && !nextButton.isVisible(); y += 12) {
                page.mouse().move(box.x + (y % 24 == 4 ? 190 : 40), box.y + y, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(8));
            }
            page.mouse().up();
        } else {
            for (int i = 0; i < 400 && !nextButton.isVisible(); i++) {
                // A square spiral around the centre, 10 px apart.
                double angle = i * 0.5;
                double radius = 3 * Math.sqrt(i) * 4;
                int x = (int) Math.max(2, Math.min(221, 112 + radius * Math.cos(angle)));
                int y = (int) Math.max(2, Math.min(221, 112 + radius * Math.sin(angle)));
                try {
                    canvas.click(new Locator.ClickOptions().setPosition(x, y).setTimeout(2_000));
                } catch (com.microsoft.playwright.PlaywrightException e) {
                    break; // the round ended while clicking (the Next button covers nothing, but be safe)
                }
            }
        }
        nextButton.waitFor(new Locator.WaitForOptions().setTimeout(15_000));
    }

    private void checkStored(List<Double> shownPoints) {
        var dsl = tandem.dsl();
        var rounds = dsl.selectFrom(CLICKME_ROUND).orderBy(CLICKME_ROUND.TRIAL_INDEX).fetch();
        assertEquals(ROUNDS, rounds.size());
        int won = 0;
        for (int i = 0; i < rounds.size(); i++) {
            var r = rounds.get(i);
            UUID session = r.getSessionId();
            int reveals = dsl.fetchCount(CLICKME_REVEAL, CLICKME_REVEAL.SESSION_ID.eq(session),
                    CLICKME_REVEAL.TRIAL_INDEX.eq(r.getTrialIndex()));
            assertEquals(r.getRevealCount(), reveals, "every reveal of round " + i + " is stored");
            int queries = dsl.fetchCount(CLICKME_QUERY, CLICKME_QUERY.SESSION_ID.eq(session),
                    CLICKME_QUERY.TRIAL_INDEX.eq(r.getTrialIndex()));
            assertTrue(queries <= reveals / 10 && queries >= (r.getOutcome().equals("partner-correct") ? 1 : 0),
                    queries + " queries for " + reveals + " reveals in round " + i);
            assertEquals(shownPoints.get(i), r.getPoints(), 1e-9, "the points shown are the points stored");
            switch (r.getOutcome()) {
                case "partner-correct" -> {
                    won++;
                    assertEquals(ClickMeService.points(r.getElapsedMs(), 7000), r.getPoints(), 1e-9);
                    assertTrue(r.getPoints() > 0);
                }
                case "skip", "timeout" -> assertEquals(0.0, r.getPoints());
                default -> throw new AssertionError(r.getOutcome());
            }
        }
        assertEquals("skip", rounds.get(SKIPPED_ROUND).getOutcome());
        int queries = dsl.fetchCount(CLICKME_QUERY);
        int matching = dsl.fetchCount(CLICKME_QUERY, CLICKME_QUERY.MATCHES_DISPLAY.isTrue());
        assertEquals(queries, matching, "the server composed exactly the pixels the browser displayed");
        assertTrue(won >= 1, "the partner recognised at least one image");
        Double p95 = dsl.select(org.jooq.impl.DSL.percentileCont(0.95).withinGroupOrderBy(CLICKME_QUERY.LATENCY_MS))
                .from(CLICKME_QUERY).fetchOne(0, Double.class);
        System.out.printf(Locale.ROOT, "clickme e2e: %d rounds, %d won by the partner, %d queries (all matching the "
                + "display), %d reveals, server p95 query latency %.1f ms%n", ROUNDS, won, queries,
                dsl.fetchCount(CLICKME_REVEAL), p95);
    }
}
