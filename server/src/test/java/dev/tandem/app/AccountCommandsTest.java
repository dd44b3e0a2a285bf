package dev.tandem.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.http.ApiClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code account unlock NAME} lifts a login throttle; the deployment token works meanwhile. */
class AccountCommandsTest {

    private static final String PASSWORD = "a long enough password";

    private TestTandem tandem;
    private ApiClient api;

    @BeforeEach
    void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
        assertEquals(201, api.post("/api/accounts", TestTandem.ADMIN_TOKEN, "{\"username\":\"boss\",\"password\":\""
                + PASSWORD + "\",\"role\":\"admin\"}").status());
    }

    @AfterEach
    void stop() {
        tandem.close();
    }

    private record Run(int code, String out, String err) {}

    private Run tandem(String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(words));
        args.addAll(List.of("--database-url", tandem.databaseUrl()));
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private int login(String password) {
        return api.send("POST", "/api/auth/login", Map.of("Content-Type", "application/json"),
                "{\"username\":\"boss\",\"password\":\"" + password + "\"}").status();
    }

    @Test
    void anAdminLockedOutByGuessesIsLetInAgainByAccountUnlockWhileTheDeploymentTokenKeepsWorking() {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login("guess " + i));
        }
        assertEquals(429, login(PASSWORD), "throttled, even with the right password");
        assertEquals(200, api.get("/api/accounts", TestTandem.ADMIN_TOKEN).status(), "the deployment token still works");

        Run unlocked = tandem("account", "unlock", "boss");
        assertEquals(0, unlocked.code(), unlocked.err());
        assertTrue(unlocked.out().contains("Account \"boss\" unlocked (5 failed logins forgotten)"), unlocked.out());
        assertEquals(200, login(PASSWORD));
    }

    @Test
    void unlockingAnUnknownAccountFailsAndNamesIt() {
        Run unknown = tandem("account", "unlock", "nobody");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no account \"nobody\""), unknown.err());
        assertEquals(2, tandem("account", "unlock").code(), "NAME is required");
    }
}
