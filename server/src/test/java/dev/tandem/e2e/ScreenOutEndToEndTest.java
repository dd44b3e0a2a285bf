package dev.tandem.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import dev.tandem.http.ApiClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A participant whose screen is too slow (the experiment asks for 500 Hz; headless Chromium
 * refreshes at about 60) fails the screen check three times and leaves with the screen-out code
 * instead of "Try again" forever (issue 14); a reload shows the same ending, and the next person
 * in the same browser, with another Prolific ID, starts afresh.
 */
class ScreenOutEndToEndTest {

    private static final String SLUG = "screenout-e2e";

    private TestTandem tandem;
    private Playwright playwright;

    @BeforeEach
    void start() {
        tandem = TestTandem.withBuiltIns();
        playwright = Playwright.create();
    }

    @AfterEach
    void stop() {
        if (playwright != null) {
            playwright.close();
        }
        tandem.close();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aParticipantWhoseScreenFailsTheCheckThreeTimesEndsOnTheScreenOutCode() {
        String base = tandem.startHttp();
        ApiClient api = new ApiClient(base);
        ObjectNode definition = DemoDefinitions.maskedDemo(SLUG).put("minRefreshHz", 500).put("requestFullscreen", false);
        assertEquals(201, api.post("/api/experiments", TestTandem.ADMIN_TOKEN, definition.toString()).status());
        assertEquals(200, api.post("/api/experiments/" + SLUG + "/collection", TestTandem.ADMIN_TOKEN, "{\"open\":true}").status());

        Browser browser = HeadlessChromium.launch(playwright);
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        Page page = context.newPage();
        String link = base + "/run/" + SLUG + "?PROLIFIC_PID=";
        page.navigate(link + "slow-screen");
        page.getByTestId("consent-accept").click();
        page.getByTestId("instructions-continue").click();
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(page.getByTestId("screen-out")).isHidden();
            page.getByTestId("screen-check-continue").click();
            assertThat(page.getByTestId("screen-check-error")).containsText("500 Hz",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            assertThat(page.getByTestId("screen-check-continue")).isEnabled();
        }
        page.getByTestId("screen-out").click();
        assertThat(page.getByTestId("screenout-code")).hasText("TANDEM-SCREENOUT");
        assertEquals(0, page.getByTestId("completion-code").count());
        assertEquals("screened-out", tandem.dsl().select(SESSION.STATUS).from(SESSION).join(EXPERIMENT)
                .on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID)).where(EXPERIMENT.SLUG.eq(SLUG)).fetchSingle(SESSION.STATUS));

        page.reload();
        assertThat(page.getByTestId("screenout-code")).hasText("TANDEM-SCREENOUT");

        Page next = context.newPage();
        next.navigate(link + "next-person");
        assertThat(next.getByTestId("consent-accept")).isVisible();
        assertEquals(0, next.getByTestId("screenout-code").count(), "another Prolific ID never sees the first one's ending");
    }
}
