package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Accounts, login cookies, CSRF, rate limiting, tokens and who may see what, over HTTP. */
class ConsoleSecurityTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final String PASSWORD = "a long enough password";
    /** The routes anyone may call: the login itself and the participant's (which need the session's own token). */
    private static boolean isPublic(String method, String path) {
        return path.equals("/api/health") || path.equals("/api/auth/login") || path.equals("/api/auth/me")
                || (path.startsWith("/api/sessions/") && !method.equals("DELETE") && !path.endsWith("/exclusion"))
                || path.equals("/api/withdrawals")
                || (method.equals("POST") && path.equals("/api/experiments/{slug}/sessions"));
    }

    private static TestTandem tandem;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
        for (String name : List.of("ada", "bob", "cyd", "dot", "eve", "fay", "gus")) {
            createAccount(name, "experimenter");
        }
        createAccount("root", "admin");
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static void createAccount(String username, String role) {
        var reply = api.post("/api/accounts", ADMIN,
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, reply.status(), reply.body());
    }

    /** Each guarded route with its path parameters filled in. */
    private static List<String[]> guardedRoutes() {
        List<String[]> routes = new ArrayList<>();
        for (String route : tandem.routes()) {
            String[] parts = route.split(" ", 2);
            if (!parts[1].startsWith("/api/") || isPublic(parts[0], parts[1])) {
                continue;
            }
            routes.add(new String[] {parts[0], parts[1].replace("{slug}", "masked-demo").replace("{id}", "1")
                    .replace("{image}", "x.png").replaceAll("\\{[^}]+}", "x")});
        }
        return routes;
    }

    @Test
    void everyConsoleRouteRefusesAnonymousCallsAndParticipantTokens() {
        var session = api.post("/api/experiments/masked-demo/sessions", null, "{}").json();
        String participantToken = session.get("token").asText();
        List<String[]> routes = guardedRoutes();
        assertTrue(routes.size() >= 20, "found only " + routes.size() + " guarded routes");
        for (String[] route : routes) {
            String body = route[0].equals("GET") || route[0].equals("DELETE") ? null : "{}";
            var anonymous = api.send(route[0], route[1], body == null ? Map.of() : Map.of("Content-Type", "application/json"), body);
            assertEquals(401, anonymous.status(), route[0] + " " + route[1] + " anonymous: " + anonymous.body());
            var participant = api.send(route[0], route[1], Map.of("Authorization", "Bearer " + participantToken,
                    "Content-Type", "application/json"), body);
            assertEquals(401, participant.status(), route[0] + " " + route[1] + " participant: " + participant.body());
        }
        assertEquals(401, api.get("/api/auth/me", null).status());
    }

    @Test
    void loginSetsAnHttpOnlySameSiteCookieAndTheCookieAloneCannotChangeAnything() {
        var login = api.send("POST", "/api/auth/login", Map.of("Content-Type", "application/json"),
                "{\"username\":\"ada\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, login.status(), login.body());
        String setCookie = login.raw().headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain HTTP here: " + setCookie);
        assertEquals("experimenter", login.json().at("/account/role").asText());

        ConsoleClient ada = ConsoleClient.login(api, "ada", PASSWORD);
        assertEquals("ada", ada.get("/api/auth/me").json().at("/account/username").asText());
        var noCsrf = ada.send("POST", "/api/tokens", "{\"label\":\"x\"}", null);
        assertEquals(403, noCsrf.status(), "no CSRF header");
        assertEquals(Guard.CSRF_HEADER, noCsrf.json().get("field").asText());
        assertEquals(403, ada.send("POST", "/api/tokens", "{\"label\":\"x\"}", "forged").status(), "wrong CSRF token");
        assertEquals(0, ada.get("/api/tokens").json().size(), "refused calls changed nothing");
        assertEquals(201, ada.send("POST", "/api/tokens", "{\"label\":\"x\"}").status());

        var behindProxy = api.send("POST", "/api/auth/login", Map.of("Content-Type", "application/json",
                "X-Forwarded-Proto", "https"), "{\"username\":\"ada\",\"password\":\"" + PASSWORD + "\"}");
        assertTrue(behindProxy.raw().headers().firstValue("Set-Cookie").orElseThrow().contains("; Secure"));
        var behindTwoProxies = api.send("POST", "/api/auth/login", Map.of("Content-Type", "application/json",
                "X-Forwarded-Proto", "https, http"), "{\"username\":\"ada\",\"password\":\"" + PASSWORD + "\"}");
        assertTrue(behindTwoProxies.raw().headers().firstValue("Set-Cookie").orElseThrow().contains("; Secure"),
                "the first value of a chain is the caller's scheme");
    }

    @Test
    void aFormPostCannotLogIn() {
        var reply = api.send("POST", "/api/auth/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "username=ada&password=" + PASSWORD);
        assertEquals(415, reply.status(), reply.body());
    }

    @Test
    void logoutEndsTheSession() {
        ConsoleClient bob = ConsoleClient.login(api, "bob", PASSWORD);
        assertEquals(403, bob.send("POST", "/api/auth/logout", null, null).status(), "logout needs CSRF too");
        assertEquals(204, bob.send("POST", "/api/auth/logout", null).status());
        assertEquals(401, bob.get("/api/auth/me").status());
        assertEquals(401, bob.get("/api/experiments").status());
    }

    @Test
    void manyWrongPasswordsGetRateLimitedEvenForTheRightOneLater() {
        for (int i = 0; i < 5; i++) {
            var wrong = login("cyd", "not the password " + i);
            assertEquals(401, wrong.status(), wrong.body());
            assertEquals("wrong username or password", wrong.json().get("error").asText());
        }
        var limited = login("cyd", PASSWORD);
        assertEquals(429, limited.status(), limited.body());
        assertEquals("username", limited.json().get("field").asText());
        long retryAfter = Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 800 && retryAfter <= 901, "about 15 minutes: " + retryAfter);
        assertEquals(200, login("dot", PASSWORD).status(), "another account is not affected");
        for (int i = 0; i < 6; i++) {
            login("nobody-" + "x", "guess " + i);
        }
        assertEquals(429, login("nobody-x", "guess").status(), "unknown usernames are limited the same way");
    }

    @Test
    void parallelWrongPasswordsGetNoMoreThanFiveGuesses() throws Exception {
        int guesses = 40;
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                String guess = "not the password " + i;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return login("gus", guess).status();
                }));
            }
            start.countDown();
            Map<Integer, Integer> counts = new TreeMap<>();
            for (Future<Integer> status : statuses) {
                counts.merge(status.get(), 1, Integer::sum);
            }
            assertTrue(counts.getOrDefault(401, 0) <= 5, "at most 5 passwords checked: " + counts);
            assertEquals(guesses, counts.getOrDefault(401, 0) + counts.getOrDefault(429, 0), "the rest refused: " + counts);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ApiClient.Reply login(String username, String password) {
        return api.send("POST", "/api/auth/login", Map.of("Content-Type", "application/json"),
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void experimentersSeeOnlyTheirExperimentsAndNoAccounts() {
        ConsoleClient eve = ConsoleClient.login(api, "eve", PASSWORD);
        assertEquals(404, eve.get("/api/experiments/masked-demo/metrics").status(), "built-in: admins only");
        assertEquals(404, eve.get("/api/experiments/masked-demo/responses?format=csv").status());
        assertEquals(404, eve.get("/api/accounts").status());
        assertEquals(404, eve.send("POST", "/api/jobs", "{\"model\":\"fashion-cnn\",\"experiment\":\"masked-demo\"}").status());
        assertEquals(404, eve.send("POST", "/api/models", "{\"folder\":\"/etc\"}").status(),
                "only admins register models, and make the server read a path of their choosing");
        var models = eve.get("/api/models").json();
        assertTrue(models.size() >= 1);
        models.forEach(model -> assertFalse(model.has("folder"), "server folders are for admins: " + model));
        ConsoleClient root = ConsoleClient.login(api, "root", PASSWORD);
        root.get("/api/models").json().forEach(model -> assertTrue(model.has("folder"), model.toString()));
        assertEquals(200, root.get("/api/experiments/masked-demo/metrics").status());
        assertTrue(root.get("/api/accounts").json().size() >= 7);
    }

    /**
     * Console routes that name no experiment (lists filter by access; the rest concern accounts,
     * tokens, models, stimulus sets and published studies). Every other console route names one.
     */
    private static final Set<String> NAMING_NO_EXPERIMENT = Set.of(
            "GET /api/accounts", "POST /api/accounts", "PATCH /api/accounts/{id}",
            "GET /api/tokens", "POST /api/tokens", "DELETE /api/tokens/{id}", "POST /api/auth/logout",
            "GET /api/models", "POST /api/models", "GET /api/jobs", "GET /api/clickme/map-jobs", "GET /api/triplet-jobs",
            "GET /api/experiments", "POST /api/experiments/validate", "GET /api/schema/experiment",
            "GET /api/stimulus-sets", "POST /api/stimulus-sets", "GET /api/stimulus-sets/{id}/images",
            "POST /api/studies/mvh", "GET /api/studies/{name}/benchmark", "GET /api/studies/{name}/comparison",
            // deleting a model or a stimulus set names no experiment (SharingAndPrivacyTest keeps sets private)
            "DELETE /api/models/{id}", "DELETE /api/stimulus-sets/{id}");

    @Test
    void everyRouteNamingAnotherExperimentersExperimentAnswers404() throws Exception {
        ConsoleClient dot = ConsoleClient.login(api, "dot", PASSWORD);
        ConsoleClient gus = ConsoleClient.login(api, "gus", PASSWORD);
        String masked = DemoDefinitions.maskedDemo("dot-masked").toString();
        assertEquals(201, dot.send("POST", "/api/experiments", masked).status());
        var clickme = (com.fasterxml.jackson.databind.node.ObjectNode) tandem.json().readTree(
                dev.tandem.RepositoryFiles.stimuli().resolve("fashion-mnist/experiments/clickme-demo.json").toFile());
        var published = dot.send("POST", "/api/experiments", clickme.put("slug", "dot-clickme").toString());
        assertEquals(201, published.status(), published.body());
        var scoring = dot.send("POST", "/api/jobs", "{\"model\":\"fashion-cnn\",\"experiment\":\"dot-masked\"}");
        assertEquals(201, scoring.status(), scoring.body());
        var maps = dot.send("POST", "/api/clickme/map-jobs", "{\"model\":\"fashion-cnn\",\"experiment\":\"dot-clickme\"}");
        assertTrue(maps.status() == 200 || maps.status() == 201, maps.body());
        assertEquals(200, dot.send("POST", "/api/experiments/dot-masked/collection", "{\"open\":true}").status());
        String session = Participant.start(api, "dot-masked", "{}").id().toString();
        assertEquals(200, dot.send("POST", "/api/experiments/dot-masked/collection", "{\"open\":false}").status());
        Map<String, String> jobIds = Map.of("/api/jobs/{id}", scoring.json().get("id").asText(),
                "/api/jobs/{id}/cancel", scoring.json().get("id").asText(),
                "/api/clickme/map-jobs/{id}", maps.json().get("id").asText(),
                "/api/clickme/map-jobs/{id}/cancel", maps.json().get("id").asText(),
                "/api/sessions/{id}", session, "/api/sessions/{id}/exclusion", session);

        int named = 0;
        for (String route : tandem.routes()) {
            String[] parts = route.split(" ", 2);
            String method = parts[0];
            String template = parts[1];
            if (!template.startsWith("/api/") || isPublic(method, template) || NAMING_NO_EXPERIMENT.contains(route)) {
                continue;
            }
            String slug = template.contains("clickme") ? "dot-clickme" : "dot-masked";
            String path = template.replaceAll("\\{(slug|newSlug)}", slug).replace("{image}", "x.png")
                    .replace("{id}", jobIds.getOrDefault(template, "1")).replace("{recruitmentId}", "PID-1")
                    .replace("{username}", "gus");
            assertFalse(path.contains("{"), route + " has a path parameter this test cannot fill: rename it or teach the test");
            String body = method.equals("GET") || method.equals("DELETE") ? null
                    : template.equals("/api/experiments") || template.endsWith("/draft") ? (slug.equals("dot-clickme")
                    ? clickme.toString() : masked)
                    : "{\"experiment\":\"" + slug + "\",\"model\":\"fashion-cnn\",\"open\":false,\"username\":\"gus\"}";
            String query = "?experiment=" + slug + "&model=fashion-cnn&method=occlusion&format=csv";
            var reply = gus.send(method, path + query, body);
            assertEquals(404, reply.status(), route + " as another experimenter: " + reply.body());
            assertFalse(reply.body().contains("dot-") && !reply.body().contains("no experiment"),
                    route + " tells nothing of the experiment: " + reply.body());
            if (method.equals("GET")) { // the owner passes the guard (an image named x.png may still be missing)
                var owner = dot.get(path + query);
                assertFalse(owner.status() == 404 && owner.body().contains("no experiment"), route + " by its owner: " + owner.body());
            }
            named++;
        }
        assertTrue(named >= 15, "walked only " + named + " routes that name an experiment");
        assertEquals(List.of(), slugs(gus), "gus's refused calls made and shared nothing");
    }

    private static List<String> slugs(ConsoleClient who) {
        List<String> slugs = new ArrayList<>();
        who.get("/api/experiments").json().forEach(e -> slugs.add(e.get("slug").asText()));
        return slugs;
    }

    @Test
    void aDisabledAccountIsSignedOutAndItsTokensStopWorking() {
        ConsoleClient fay = ConsoleClient.login(api, "fay", PASSWORD);
        String token = fay.send("POST", "/api/tokens", "{\"label\":\"script\"}").json().get("token").asText();
        assertEquals(200, api.get("/api/tokens", token).status());
        long id = fay.get("/api/auth/me").json().at("/account/id").asLong();
        var disabled = api.send("PATCH", "/api/accounts/" + id, Map.of("Authorization", "Bearer " + ADMIN,
                "Content-Type", "application/json"), "{\"disabled\":true}");
        assertEquals(200, disabled.status(), disabled.body());
        assertEquals(401, fay.get("/api/auth/me").status());
        assertEquals(401, api.get("/api/tokens", token).status());
        assertEquals(401, login("fay", PASSWORD).status());
    }

    @Test
    void tokensStopWorkingWhenTheirAccountsPasswordChangesOrItIsDisabledAndStayRevokedWhenReEnabled() {
        createAccount("hal", "experimenter");
        ConsoleClient hal = ConsoleClient.login(api, "hal", PASSWORD);
        long id = hal.get("/api/auth/me").json().at("/account/id").asLong();
        String beforePasswordChange = hal.send("POST", "/api/tokens", "{\"label\":\"one\"}").json().get("token").asText();
        assertEquals(200, api.get("/api/tokens", beforePasswordChange).status());
        var changed = api.send("PATCH", "/api/accounts/" + id, Map.of("Authorization", "Bearer " + ADMIN,
                "Content-Type", "application/json"), "{\"password\":\"another long enough password\"}");
        assertEquals(200, changed.status(), changed.body());
        assertEquals(401, api.get("/api/tokens", beforePasswordChange).status(), "a password change revokes the tokens");

        hal = ConsoleClient.login(api, "hal", "another long enough password");
        String beforeDisabling = hal.send("POST", "/api/tokens", "{\"label\":\"two\"}").json().get("token").asText();
        assertEquals(200, api.get("/api/tokens", beforeDisabling).status());
        for (String disabled : List.of("true", "false")) {
            var reply = api.send("PATCH", "/api/accounts/" + id, Map.of("Authorization", "Bearer " + ADMIN,
                    "Content-Type", "application/json"), "{\"disabled\":" + disabled + "}");
            assertEquals(200, reply.status(), reply.body());
        }
        assertEquals(401, api.get("/api/tokens", beforeDisabling).status(), "re-enabling brings no token back");
        assertEquals(401, api.get("/api/tokens", beforePasswordChange).status());
        hal = ConsoleClient.login(api, "hal", "another long enough password");
        var listed = hal.get("/api/tokens").json();
        assertEquals(2, listed.size());
        listed.forEach(token -> assertFalse(token.get("revokedAt").isNull(), token.toString()));
    }

    @Test
    void theLastAdminCannotBeDemotedAndBadAccountsAreRefusedNamingTheField() {
        ConsoleClient root = ConsoleClient.login(api, "root", PASSWORD);
        var accounts = root.get("/api/accounts").json();
        for (var account : accounts) {
            if (account.get("role").asText().equals("admin") && !account.get("username").asText().equals("root")) {
                root.send("PATCH", "/api/accounts/" + account.get("id").asLong(), "{\"role\":\"experimenter\"}");
            }
        }
        long rootId = root.get("/api/auth/me").json().at("/account/id").asLong();
        var demote = root.send("PATCH", "/api/accounts/" + rootId, "{\"role\":\"experimenter\"}");
        assertEquals(409, demote.status(), demote.body());
        assertEquals("role", demote.json().get("field").asText());
        assertEquals("password", root.send("POST", "/api/accounts",
                "{\"username\":\"short\",\"password\":\"short\"}").json().get("field").asText());
        assertEquals("username", root.send("POST", "/api/accounts",
                "{\"username\":\"<b>x</b>\",\"password\":\"" + PASSWORD + "\"}").json().get("field").asText());
        assertEquals(409, root.send("POST", "/api/accounts",
                "{\"username\":\"ada\",\"password\":\"" + PASSWORD + "\"}").status());
    }

    @Test
    void pagesForbidInlineScriptAndFraming() {
        var root = api.get("/", null);
        assertEquals(302, root.status(), "the server's root leads to the console");
        assertEquals("/console", root.raw().headers().firstValue("Location").orElseThrow());
        for (String page : List.of("/run/masked-demo", "/console", "/console/experiments/masked-demo")) {
            var reply = api.get(page, null);
            assertEquals(200, reply.status(), page);
            String csp = reply.raw().headers().firstValue("Content-Security-Policy").orElseThrow();
            assertTrue(csp.contains("; script-src 'self';") && csp.contains("frame-ancestors 'none'"), csp);
        }
    }
}
