package dev.tandem.http;

import static dev.tandem.db.jooq.Tables.CLICKME_QUERY;
import static dev.tandem.db.jooq.Tables.CLICKME_REVEAL;
import static dev.tandem.db.jooq.Tables.CLICKME_ROUND;
import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.RESPONSE;
import static dev.tandem.db.jooq.Tables.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.TableCounts;
import dev.tandem.app.TestTandem;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, "Writes that must not happen" and "Races": idempotent session starts, the screen
 * check enforced on the server, replays with other content, a ClickMe queryId reused across
 * sessions, bounded ClickMe work, and bounds on numeric query parameters.
 */
class WritesThatMustNotHappenApiTest {

    private static final String MASKED = "masked-demo";
    private static final String CLICKME = "clickme-demo";
    /** masked-demo's first main trial: trials 0 to 9 are practice. */
    private static final int MAIN_TRIAL = 12;

    private static TestTandem tandem;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static int nextSlot(String slug) {
        return tandem.dsl().select(EXPERIMENT.NEXT_ASSIGNMENT_SLOT).from(EXPERIMENT).where(EXPERIMENT.SLUG.eq(slug))
                .orderBy(EXPERIMENT.VERSION.desc()).limit(1).fetchSingle(EXPERIMENT.NEXT_ASSIGNMENT_SLOT);
    }

    private static ApiClient.Reply startWith(String slug, String startId) {
        return api.post("/api/experiments/" + slug + "/sessions", null,
                "{\"params\":{\"PROLIFIC_PID\":\"p\"},\"startId\":\"" + startId + "\"}");
    }

    private static String response(String responseId, int trial, String answer) {
        return "{\"responses\":[{\"responseId\":\"" + responseId + "\",\"trialIndex\":" + trial + ",\"response\":\""
                + answer + "\",\"source\":\"button\",\"rtMs\":500.0,\"timing\":{\"timingOk\":true}}]}";
    }

    private static ApiClient.Reply send(Participant p, String body) {
        return api.post("/api/sessions/" + p.id() + "/responses", p.token(), body);
    }

    @Test
    void aRetriedStartWithTheSameStartIdReturnsTheSameSessionAndTakesOneSlot() {
        String startId = UUID.randomUUID().toString();
        int slot = nextSlot(MASKED);
        int sessions = tandem.dsl().fetchCount(SESSION);
        var first = startWith(MASKED, startId);
        var retry = startWith(MASKED, startId);
        assertEquals(201, first.status(), first.body());
        assertEquals(201, retry.status(), retry.body());
        assertEquals(first.json().get("sessionId"), retry.json().get("sessionId"));
        assertEquals(sessions + 1, tandem.dsl().fetchCount(SESSION));
        assertEquals(slot + 1, nextSlot(MASKED));
        var state = api.get("/api/sessions/" + retry.json().get("sessionId").asText(), retry.json().get("token").asText());
        assertEquals(200, state.status(), "the retry's token opens the session");
    }

    @Test
    void concurrentStartsWithOneStartIdMakeOneSession() throws Exception {
        String startId = UUID.randomUUID().toString();
        int slot = nextSlot(MASKED);
        int sessions = tandem.dsl().fetchCount(SESSION);
        List<Callable<ApiClient.Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> startWith(MASKED, startId));
        }
        Set<String> ids = new HashSet<>();
        for (var reply : atOnce(calls)) {
            assertEquals(201, reply.status(), reply.body());
            ids.add(reply.json().get("sessionId").asText());
        }
        assertEquals(1, ids.size());
        assertEquals(sessions + 1, tandem.dsl().fetchCount(SESSION));
        assertEquals(slot + 1, nextSlot(MASKED));
    }

    @Test
    void concurrentStartsWithTheirOwnStartIdsTakeOneSlotEach() throws Exception {
        int slot = nextSlot(MASKED);
        List<Callable<ApiClient.Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> startWith(MASKED, UUID.randomUUID().toString()));
        }
        Set<String> ids = new HashSet<>();
        for (var reply : atOnce(calls)) {
            assertEquals(201, reply.status(), reply.body());
            ids.add(reply.json().get("sessionId").asText());
        }
        assertEquals(6, ids.size());
        assertEquals(slot + 6, nextSlot(MASKED));
        Set<Integer> slots = new HashSet<>(tandem.dsl().select(SESSION.ASSIGNMENT_SLOT).from(SESSION)
                .where(SESSION.ID.in(ids.stream().map(UUID::fromString).toList())).fetch(SESSION.ASSIGNMENT_SLOT));
        assertEquals(6, slots.size(), "no two sessions share a slot");
    }

    @Test
    void failedStartsLeaveTheAssignmentSlotAndEveryTableAsTheyWere() {
        int slot = nextSlot(MASKED);
        var before = TableCounts.of(tandem.dsl());
        List<String> bodies = List.of("null", "{\"params\":{\"PROLIFIC_PID\":\"a\\u0000b\"}}",
                "{\"params\":{\"PROLIFIC_PID\":\"\\ud800\"}}", "{\"startId\":\"not-a-uuid\"}", "{\"params\":{\"x\":5}}");
        for (String body : bodies) {
            var reply = api.post("/api/experiments/" + MASKED + "/sessions", null, body);
            assertEquals(400, reply.status(), body + " → " + reply.body());
        }
        assertEquals(slot, nextSlot(MASKED));
        assertEquals(before, TableCounts.of(tandem.dsl()));
    }

    @Test
    void aSessionThatNeverPassedTheScreenCheckCannotStoreMainTrialsOrComplete() {
        Participant p = Participant.start(api, MASKED, "{}");
        var main = send(p, response(UUID.randomUUID().toString(), MAIN_TRIAL, "Bag"));
        assertEquals(409, main.status(), main.body());
        assertEquals("responses[0].trialIndex", main.json().get("field").asText());
        var practice = send(p, response(UUID.randomUUID().toString(), 0, "Bag"));
        assertEquals(200, practice.status(), "practice comes before nothing that needs the screen: " + practice.body());
        var complete = p.complete();
        assertEquals(409, complete.status(), complete.body());
        assertEquals("status", complete.json().get("field").asText());
        assertEquals(1, tandem.dsl().fetchCount(RESPONSE, RESPONSE.SESSION_ID.eq(p.sessionId())));

        p.screenCheck(60);
        assertEquals(200, send(p, response(UUID.randomUUID().toString(), MAIN_TRIAL, "Bag")).status());
    }

    @Test
    void aScreenBelowTheMinimumRefreshRateLeavesMainTrialsRefused() {
        Participant p = Participant.start(api, MASKED, "{}");
        var check = api.post("/api/sessions/" + p.id() + "/screen-check", p.token(), "{\"refreshHz\":30}");
        assertEquals(422, check.status());
        var main = send(p, response(UUID.randomUUID().toString(), MAIN_TRIAL, "Bag"));
        assertEquals(409, main.status(), main.body());
        assertEquals(0, tandem.dsl().fetchCount(RESPONSE, RESPONSE.SESSION_ID.eq(p.sessionId())));
    }

    @Test
    void everyTrialAnsweredWithoutAScreenCheckGetsNoCompletionCode() {
        Participant p = Participant.start(api, MASKED, "{}");
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            records.add("{\"responseId\":\"" + UUID.randomUUID() + "\",\"trialIndex\":" + i
                    + ",\"source\":\"timeout\",\"timing\":{\"timingOk\":true}}");
        }
        var reply = api.post("/api/sessions/" + p.id() + "/responses", p.token(),
                "{\"responses\":[" + String.join(",", records) + "]}");
        assertEquals(409, reply.status(), reply.body());
        assertEquals(409, p.complete().status());
        assertEquals("started", api.get("/api/sessions/" + p.id(), p.token()).json().get("status").asText());
    }

    @Test
    void aReplayWithOtherContentIsAConflictAndChangesNothing() {
        Participant p = Participant.start(api, MASKED, "{}").screenCheck(60);
        String id = UUID.randomUUID().toString();
        assertEquals(200, send(p, response(id, MAIN_TRIAL, "Bag")).status());
        var otherTrial = send(p, response(id, MAIN_TRIAL + 1, "Bag"));
        assertEquals(409, otherTrial.status(), otherTrial.body());
        assertEquals("responses[0].trialIndex", otherTrial.json().get("field").asText());
        var otherAnswer = send(p, response(id, MAIN_TRIAL, "Coat"));
        assertEquals(409, otherAnswer.status(), otherAnswer.body());
        assertEquals("responses[0].response", otherAnswer.json().get("field").asText());
        var same = send(p, response(id, MAIN_TRIAL, "Bag"));
        assertEquals(200, same.status(), "an identical replay is confirmed");
        var stored = tandem.dsl().selectFrom(RESPONSE).where(RESPONSE.SESSION_ID.eq(p.sessionId())).fetch();
        assertEquals(1, stored.size());
        assertEquals("Bag", stored.get(0).getResponse());
        assertEquals(MAIN_TRIAL, stored.get(0).getTrialIndex());
    }

    @Test
    void aScreenCheckAfterCompletionIsRefusedAndTheSessionStaysCompleted() {
        Participant p = Participant.start(api, MASKED, "{}").screenCheck(60);
        p.answer(tandem.dsl(), 70);
        assertEquals(200, p.complete().status());
        var late = api.post("/api/sessions/" + p.id() + "/screen-check", p.token(), "{\"refreshHz\":60}");
        assertEquals(409, late.status(), late.body());
        assertEquals("completed", api.get("/api/sessions/" + p.id(), p.token()).json().get("status").asText());
        assertEquals(200, p.complete().status(), "completing again answers the same code");
    }

    private static String query(String queryId, int trial, int reveals) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < reveals; i++) {
            list.add("{\"x\":" + (7 + (i * 14) % 210) + ",\"y\":" + (7 + (i / 15) % 15 * 14) + ",\"size\":14,\"t\":" + i + ".0}");
        }
        return "{\"queryId\":\"" + queryId + "\",\"trialIndex\":" + trial + ",\"reveals\":[" + String.join(",", list) + "]}";
    }

    private static String round(String responseId, int trial, String outcome) {
        return "{\"rounds\":[{\"responseId\":\"" + responseId + "\",\"trialIndex\":" + trial + ",\"outcome\":\"" + outcome
                + "\",\"elapsedMs\":7000.0,\"reveals\":[{\"x\":10,\"y\":10,\"size\":14,\"t\":5.0}],\"details\":{}}]}";
    }

    @Test
    void aClickMeQueryIdFromAnotherSessionIsAConflictAndStoresNoReveal() {
        Participant a = Participant.start(api, CLICKME, "{}").screenCheck(60);
        Participant b = Participant.start(api, CLICKME, "{}").screenCheck(60);
        String queryId = UUID.randomUUID().toString();
        var asked = api.post("/api/sessions/" + a.id() + "/clickme/queries", a.token(), query(queryId, 0, 10));
        assertEquals(200, asked.status(), asked.body());
        var before = TableCounts.of(tandem.dsl());
        var reused = api.post("/api/sessions/" + b.id() + "/clickme/queries", b.token(), query(queryId, 0, 20));
        assertEquals(409, reused.status(), reused.body());
        assertEquals("queryId", reused.json().get("field").asText());
        assertEquals(before, TableCounts.of(tandem.dsl()));
        assertEquals(0, tandem.dsl().fetchCount(CLICKME_REVEAL, CLICKME_REVEAL.SESSION_ID.eq(b.sessionId())));
        var replay = api.post("/api/sessions/" + a.id() + "/clickme/queries", a.token(), query(queryId, 0, 10));
        assertEquals(asked.json(), replay.json(), "the owner's replay is answered from storage");
    }

    @Test
    void aReplayedRoundWithOtherContentIsAConflict() {
        Participant p = Participant.start(api, CLICKME, "{}").screenCheck(60);
        String id = UUID.randomUUID().toString();
        var stored = api.post("/api/sessions/" + p.id() + "/clickme/rounds", p.token(), round(id, 0, "timeout"));
        assertEquals(200, stored.status(), stored.body());
        var otherRound = api.post("/api/sessions/" + p.id() + "/clickme/rounds", p.token(), round(id, 1, "timeout"));
        assertEquals(409, otherRound.status(), otherRound.body());
        assertEquals("rounds[0].trialIndex", otherRound.json().get("field").asText());
        var otherOutcome = api.post("/api/sessions/" + p.id() + "/clickme/rounds", p.token(), round(id, 0, "skip"));
        assertEquals(409, otherOutcome.status(), otherOutcome.body());
        assertEquals(200, api.post("/api/sessions/" + p.id() + "/clickme/rounds", p.token(), round(id, 0, "timeout")).status());
        assertEquals(1, tandem.dsl().fetchCount(CLICKME_ROUND, CLICKME_ROUND.SESSION_ID.eq(p.sessionId())));
    }

    @Test
    void clickMeRoundsNeedAPassedScreenCheck() {
        Participant p = Participant.start(api, CLICKME, "{}");
        var reply = api.post("/api/sessions/" + p.id() + "/clickme/rounds", p.token(), round(UUID.randomUUID().toString(), 0, "skip"));
        assertEquals(409, reply.status(), reply.body());
        assertEquals(0, tandem.dsl().fetchCount(CLICKME_ROUND, CLICKME_ROUND.SESSION_ID.eq(p.sessionId())));
    }

    @Test
    void aQueryWithMoreRevealsThanTheGameCanMakeIsRefused() {
        Participant p = Participant.start(api, CLICKME, "{}").screenCheck(60);
        // clickme-demo: 7000 ms / 50 ms + 1 strokes of at most ⌈224·√2 / 7⌉ + 1 = 47 squares: 6,627.
        var reply = api.post("/api/sessions/" + p.id() + "/clickme/queries", p.token(),
                query(UUID.randomUUID().toString(), 0, 6_628));
        assertEquals(400, reply.status(), reply.body());
        assertEquals("reveals", reply.json().get("field").asText());
        assertTrue(reply.json().get("error").asText().contains("6627"), reply.body());
    }

    @Test
    void aSessionAskingThePartnerTooOftenIsToldToWait() {
        Participant p = Participant.start(api, CLICKME, "{}").screenCheck(60);
        var insert = tandem.dsl().insertInto(CLICKME_QUERY, CLICKME_QUERY.QUERY_ID, CLICKME_QUERY.SESSION_ID,
                CLICKME_QUERY.TRIAL_INDEX, CLICKME_QUERY.REVEAL_COUNT, CLICKME_QUERY.ELAPSED_MS, CLICKME_QUERY.MODEL,
                CLICKME_QUERY.TOP_K, CLICKME_QUERY.PROBABILITIES, CLICKME_QUERY.CORRECT, CLICKME_QUERY.LATENCY_MS,
                CLICKME_QUERY.COMPOSED_SHA256, CLICKME_QUERY.RECEIVED_AT);
        for (int i = 0; i < 100; i++) {
            insert = insert.values(UUID.randomUUID(), p.sessionId(), 0, 10, 100.0, "fashion-cnn", JSONB.valueOf("[\"Bag\"]"),
                    JSONB.valueOf("{\"Bag\":0.5}"), false, 5.0, "0".repeat(64), OffsetDateTime.now());
        }
        insert.execute();
        var reply = api.post("/api/sessions/" + p.id() + "/clickme/queries", p.token(), query(UUID.randomUUID().toString(), 0, 10));
        assertEquals(429, reply.status(), reply.body());
        assertTrue(reply.raw().headers().firstValue("Retry-After").isPresent());
        assertEquals(100, tandem.dsl().fetchCount(CLICKME_QUERY, CLICKME_QUERY.SESSION_ID.eq(p.sessionId())));
    }

    @Test
    void heatmapAndMapJobNumbersOutsideTheirBoundsAreRefusedByName() {
        for (String sigma : List.of("1e10", "1e300", "Infinity", "NaN", "-1", "0x10")) {
            var reply = api.get("/api/experiments/" + CLICKME + "/clickme/maps/x.png?sigma=" + sigma, TestTandem.ADMIN_TOKEN);
            assertEquals(400, reply.status(), sigma + " → " + reply.body());
            assertEquals("sigma", reply.json().get("field").asText());
        }
        var participants = api.get("/api/experiments/" + CLICKME + "/clickme/alignment?minParticipants=2.5",
                TestTandem.ADMIN_TOKEN);
        assertEquals(400, participants.status(), participants.body());
        assertEquals("minParticipants", participants.json().get("field").asText());
        for (var parameters : Map.of("patch", "{\"patch\":\"1\",\"stride\":\"1\"}", "stride", "{\"patch\":\"28\",\"stride\":\"1\"}",
                "masks", "{\"masks\":\"1000000\"}", "grid", "{\"grid\":\"100000\"}").entrySet()) {
            String method = parameters.getKey().equals("patch") || parameters.getKey().equals("stride") ? "occlusion" : "rise";
            var reply = api.post("/api/clickme/map-jobs", TestTandem.ADMIN_TOKEN, "{\"model\":\"fashion-cnn\",\"experiment\":\""
                    + CLICKME + "\",\"method\":\"" + method + "\",\"parameters\":" + parameters.getValue() + "}");
            assertEquals(400, reply.status(), reply.body());
            assertEquals(parameters.getKey(), reply.json().get("field").asText());
        }
    }

    @Test
    void aLoginWithANullBodyOrAHugeUsernameIsRefusedBeforeTouchingAnything() {
        var before = TableCounts.of(tandem.dsl());
        var nullBody = api.post("/api/auth/login", null, "null");
        assertEquals(400, nullBody.status(), nullBody.body());
        assertEquals("body", nullBody.json().get("field").asText());
        var huge = api.post("/api/auth/login", null,
                "{\"username\":\"" + "a".repeat(1_900_000) + "\",\"password\":\"whatever password\"}");
        assertEquals(400, huge.status(), huge.body());
        assertEquals("username", huge.json().get("field").asText());
        var long1 = api.post("/api/auth/login", null, "{\"username\":\"" + "a".repeat(5_000) + "\",\"password\":\"pw\"}");
        assertEquals(400, long1.status(), long1.body());
        assertEquals("username", long1.json().get("field").asText());
        assertEquals(before, TableCounts.of(tandem.dsl()));
    }

    private static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        var pool = Executors.newFixedThreadPool(calls.size());
        try {
            CyclicBarrier barrier = new CyclicBarrier(calls.size());
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    barrier.await();
                    return call.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
