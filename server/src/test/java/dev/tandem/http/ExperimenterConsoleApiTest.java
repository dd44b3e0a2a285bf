package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Experimenters signed in with the console's cookie: a new slug becomes theirs, others' experiments
 * answer 404 on every route until shared, and the list holds only what they may see.
 */
class ExperimenterConsoleApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final String PASSWORD = "a long enough password";

    private static TestTandem tandem;
    private static ApiClient api;
    private static ConsoleClient ada;
    private static ConsoleClient bob;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
        for (String name : List.of("ada", "bob", "cyd")) {
            assertEquals(201, api.post("/api/accounts", ADMIN, "{\"username\":\"" + name + "\",\"password\":\""
                    + PASSWORD + "\",\"role\":\"experimenter\"}").status());
        }
        ada = ConsoleClient.login(api, "ada", PASSWORD);
        bob = ConsoleClient.login(api, "bob", PASSWORD);
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static List<String> slugs(ConsoleClient who) {
        List<String> slugs = new ArrayList<>();
        who.get("/api/experiments").json().forEach(e -> slugs.add(e.get("slug").asText()));
        return slugs;
    }

    @Test
    void aDraftOnANewSlugIsTheExperimentersAndHiddenFromOthersUntilShared() {
        String definition = DemoDefinitions.maskedDemo("ada-http").toString();
        var saved = ada.send("PUT", "/api/experiments/ada-http/draft", definition);
        assertEquals(200, saved.status(), saved.body());
        assertEquals(List.of("ada-http"), slugs(ada), "experiments loaded from the command line are not hers");
        assertEquals("ada", ada.get("/api/experiments/ada-http").json().get("owner").asText());

        for (String path : List.of("/api/experiments/ada-http", "/api/experiments/ada-http/links",
                "/api/experiments/ada-http/monitor")) {
            assertEquals(404, bob.get(path).status(), path);
        }
        assertEquals(404, bob.send("PUT", "/api/experiments/ada-http/draft", definition).status());
        assertEquals(404, bob.send("POST", "/api/experiments/ada-http/publish", null).status());
        assertEquals(404, bob.send("POST", "/api/experiments/ada-http/collection", "{\"open\":false}").status());
        assertEquals(404, bob.send("POST", "/api/experiments/ada-http/access", "{\"username\":\"bob\"}").status());
        assertEquals(404, bob.send("POST", "/api/experiments", definition).status(), "publishing into her slug");
        assertFalse(slugs(bob).contains("ada-http"));

        assertEquals(201, ada.send("POST", "/api/experiments/ada-http/publish", null).status());
        var shared = ada.send("POST", "/api/experiments/ada-http/access", "{\"username\":\"bob\"}");
        assertEquals(200, shared.status(), shared.body());
        assertEquals(2, shared.json().get("access").size());
        assertEquals(List.of("ada-http"), slugs(bob));
        JsonNode detail = bob.get("/api/experiments/ada-http").json();
        assertEquals(1, detail.get("versions").size());
        assertEquals(200, bob.get("/api/experiments/ada-http/monitor").status());
        assertEquals(404, bob.send("POST", "/api/experiments/ada-http/access", "{\"username\":\"cyd\"}").status(),
                "only the owner shares");
        assertEquals(404, ada.send("POST", "/api/experiments/ada-http/access", "{\"username\":\"nobody\"}").status());
    }

    @Test
    void experimentsLoadedFromTheCommandLineAndOthersSlugsAreRefused() {
        assertEquals(404, bob.get("/api/experiments/masked-demo").status());
        assertEquals(404, bob.send("PUT", "/api/experiments/masked-demo/draft",
                DemoDefinitions.maskedDemo("masked-demo").toString()).status());
        var scripted = ada.send("POST", "/api/experiments", DemoDefinitions.maskedDemo("ada-script").toString());
        assertEquals(201, scripted.status(), scripted.body());
        assertTrue(slugs(ada).contains("ada-script"));
        assertEquals(404, bob.send("PUT", "/api/experiments/ada-script/draft",
                DemoDefinitions.maskedDemo("ada-script").toString()).status());
    }
}
