package dev.tandem.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Debian's Chromium, headless, as every end-to-end test launches it (Playwright downloads no browser here). */
final class HeadlessChromium {

    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {}

    static Browser launch(Playwright playwright) {
        assertTrue(Files.isExecutable(EXECUTABLE), EXECUTABLE + " is missing: apt-get install -y chromium");
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }
}
