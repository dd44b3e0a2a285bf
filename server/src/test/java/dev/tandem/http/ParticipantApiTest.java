package dev.tandem.http;

import static dev.tandem.db.jooq.Tables.RESPONSE;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.app.TestTandem;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The participant API over real HTTP against real PostgreSQL, with the demo experiment loaded. */
class ParticipantApiTest {

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

    private record Session(String id, String token) {}

    private static Session newSession(String params) {
        var reply = api.post("/api/experiments/masked-demo/sessions", null, "{\"params\":" + params + "}");
        assertEquals(201, reply.status(), reply.body());
        return new Session(reply.json().get("sessionId").asText(), reply.json().get("token").asText());
    }

    private static JsonNode screenChecked(Session session) {
        var reply = api.post("/api/sessions/" + session.id() + "/screen-check", session.token(),
                "{\"refreshHz\":60.0,\"windowWidth\":1280,\"windowHeight\":800,\"fullscreen\":true}");
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private static String record(String responseId, int trial, String response) {
        return "{\"responseId\":\"" + responseId + "\",\"trialIndex\":" + trial + ",\"response\":\"" + response
                + "\",\"source\":\"button\",\"rtMs\":523.4,\"clientTime\":\"2026-11-22T10:00:00Z\","
                + "\"timing\":{\"requestedMs\":33,\"plannedFrames\":2,\"refreshHz\":60,\"stimulusOnset\":1000.0,"
                + "\"maskOnset\":1033.4,\"stimulusFramesShown\":2,\"maskFramesShown\":12,\"timingOk\":true}}";
    }

    private static ApiClient.Reply send(Session session, String... records) {
        return api.post("/api/sessions/" + session.id() + "/responses", session.token(),
                "{\"responses\":[" + String.join(",", records) + "]}");
    }

    private static int storedResponses(String sessionId) {
        return tandem.dsl().fetchCount(RESPONSE, RESPONSE.SESSION_ID.eq(UUID.fromString(sessionId)));
    }

    @Test
    void healthAnswersOkWhenTheDatabaseAnswers() {
        var reply = api.get("/api/health", null);
        assertEquals(200, reply.status());
        assertEquals("ok", reply.json().get("status").asText());
    }

    @Test
    void aNewSessionHasItsTrialListFixedAndStoredWithRecruiterParameters() {
        Session session = newSession("{\"PROLIFIC_PID\":\"abc\",\"STUDY_ID\":\"s1\",\"SESSION_ID\":\"x9\"}");
        var state = api.get("/api/sessions/" + session.id(), session.token()).json();
        assertEquals("started", state.get("status").asText());
        assertEquals(70, state.get("trials").size());
        assertEquals(10, state.get("experiment").get("categories").size());
        JsonNode first = state.get("trials").get(0);
        assertTrue(first.get("practice").asBoolean());
        assertTrue(first.get("stimulusUrl").asText().matches("/stimuli/[0-9a-f]{64}\\.png"));
        assertTrue(first.get("plannedFrames").isNull(), "frames are planned at the screen check");
        assertTrue(state.get("trials").get(20).get("correctCategory").isNull(), "main trials do not reveal the answer");
        assertEquals(70, tandem.dsl().fetchCount(TRIAL, TRIAL.SESSION_ID.eq(UUID.fromString(session.id()))));
        String recruitment = tandem.dsl().select(SESSION.RECRUITMENT).from(SESSION)
                .where(SESSION.ID.eq(UUID.fromString(session.id()))).fetchOne().value1().data();
        assertTrue(recruitment.contains("\"PROLIFIC_PID\": \"abc\""), recruitment);
    }

    @Test
    void theScreenCheckPlansFramesFromTheMeasuredRefreshRate() {
        Session session = newSession("{}");
        JsonNode state = screenChecked(session);
        assertEquals("screen-checked", state.get("status").asText());
        for (JsonNode trial : state.get("trials")) {
            int ms = trial.get("requestedMs").asInt();
            assertEquals(Math.max(1, Math.round(ms * 60 / 1000.0)), trial.get("plannedFrames").asInt());
            assertEquals(12, trial.get("maskFrames").asInt());
        }
    }

    @Test
    void aScreenSlowerThanTheMinimumIsRefusedAndNothingChanges() {
        Session session = newSession("{}");
        var reply = api.post("/api/sessions/" + session.id() + "/screen-check", session.token(), "{\"refreshHz\":30}");
        assertEquals(422, reply.status());
        assertEquals("refreshHz", reply.json().get("field").asText());
        assertEquals("started", api.get("/api/sessions/" + session.id(), session.token()).json().get("status").asText());
    }

    @Test
    void aTimingRecordWithTheLatenessOfEachChangeFrameIsAcceptedAndStoredWhole() {
        Session session = newSession("{}");
        screenChecked(session);
        String late = record(UUID.randomUUID().toString(), 0, "Bag").replace("\"timingOk\":true",
                "\"frameChanges\":[{\"screen\":\"stimulus\",\"rafTimestamp\":1000.0,\"workDoneAt\":1001.2,"
                        + "\"nextRafTimestamp\":1016.7,\"lateMs\":1.2},{\"screen\":\"mask\",\"rafTimestamp\":1033.4,"
                        + "\"workDoneAt\":1083.4,\"nextRafTimestamp\":null,\"lateMs\":50.0}],"
                        + "\"lateFrameLimitMs\":8.333,\"lateFrames\":[\"mask\"],\"timingOk\":false");
        var reply = send(session, late);
        assertEquals(200, reply.status(), reply.body());
        var stored = tandem.dsl().select(RESPONSE.TIMING, RESPONSE.TIMING_OK).from(RESPONSE)
                .where(RESPONSE.SESSION_ID.eq(UUID.fromString(session.id()))).fetchOne();
        assertEquals(false, stored.value2());
        assertTrue(stored.value1().data().contains("\"lateFrames\": [\"mask\"]"), stored.value1().data());
        assertTrue(stored.value1().data().contains("\"lateMs\": 50.0"), stored.value1().data());
    }

    @Test
    void aReplayedBatchIsConfirmedAndStoredOnce() {
        Session session = newSession("{}");
        screenChecked(session);
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        var first = send(session, record(a, 0, "Bag"), record(b, 1, "Coat"));
        assertEquals(200, first.status(), first.body());
        var replay = send(session, record(a, 0, "Bag"), record(b, 1, "Coat"));
        assertEquals(200, replay.status());
        assertEquals(first.json().get("confirmed"), replay.json().get("confirmed"));
        assertEquals(2, storedResponses(session.id()));
    }

    @Test
    void aBatchWithOneBadRecordIsRefusedWholeWithTheFieldNamed() {
        Session session = newSession("{}");
        var reply = send(session, record(UUID.randomUUID().toString(), 0, "Bag"),
                record(UUID.randomUUID().toString(), 1, "Hat"));
        assertEquals(400, reply.status());
        assertEquals("responses[1].response", reply.json().get("field").asText());
        assertEquals(0, storedResponses(session.id()));
    }

    @Test
    void everyValidationErrorNamesItsField() {
        Session session = newSession("{}");
        String good = record(UUID.randomUUID().toString(), 0, "Bag");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {good.replaceFirst("\"responseId\":\"[^\"]+\"", "\"responseId\":\"nope\""), "responses[0].responseId"});
        cases.add(new String[] {good.replace("\"trialIndex\":0", "\"trialIndex\":70"), "responses[0].trialIndex"});
        cases.add(new String[] {good.replace("\"trialIndex\":0", "\"trialIndex\":-1"), "responses[0].trialIndex"});
        cases.add(new String[] {good.replace("\"source\":\"button\"", "\"source\":\"mouse\""), "responses[0].source"});
        cases.add(new String[] {good.replace("\"rtMs\":523.4", "\"rtMs\":-5"), "responses[0].rtMs"});
        cases.add(new String[] {good.replace("\"timingOk\":true", "\"timingOk\":\"yes\""), "responses[0].timing.timingOk"});
        cases.add(new String[] {good.replace("\"stimulusFramesShown\":2", "\"stimulusFramesShown\":2.5"), "responses[0].timing.stimulusFramesShown"});
        cases.add(new String[] {good.replace("2026-11-22T10:00:00Z", "yesterday"), "responses[0].clientTime"});
        cases.add(new String[] {good.replace("\"trialIndex\":0", "\"trialIndex\":\"zero\""), "responses[0].trialIndex"});
        for (String[] c : cases) {
            var reply = send(session, c[0]);
            assertEquals(400, reply.status(), c[1] + ": " + reply.body());
            assertEquals(c[1], reply.json().get("field").asText(), reply.body());
        }
        var empty = api.post("/api/sessions/" + session.id() + "/responses", session.token(), "{\"responses\":[]}");
        assertEquals("responses", empty.json().get("field").asText());
        var duplicate = send(session, good, good);
        assertEquals("responses[1].responseId", duplicate.json().get("field").asText());
        assertEquals(0, storedResponses(session.id()));
    }

    @Test
    void aSecondAnswerToATrialIsAConflictThatChangesNothing() {
        Session session = newSession("{}");
        assertEquals(200, send(session, record(UUID.randomUUID().toString(), 3, "Bag")).status());
        var reply = send(session, record(UUID.randomUUID().toString(), 4, "Bag"),
                record(UUID.randomUUID().toString(), 3, "Coat"));
        assertEquals(409, reply.status());
        assertEquals("responses[1].trialIndex", reply.json().get("field").asText());
        assertEquals(1, storedResponses(session.id()), "trial 4 of the refused batch was not kept");
    }

    @Test
    void aSessionTokenOpensOnlyItsOwnSession() {
        Session mine = newSession("{}");
        Session theirs = newSession("{}");
        assertEquals(401, api.get("/api/sessions/" + theirs.id(), mine.token()).status());
        assertEquals(401, api.get("/api/sessions/" + theirs.id(), null).status());
        var reply = api.post("/api/sessions/" + theirs.id() + "/responses", mine.token(),
                "{\"responses\":[" + record(UUID.randomUUID().toString(), 0, "Bag") + "]}");
        assertEquals(401, reply.status());
        assertEquals(0, storedResponses(theirs.id()));
    }

    @Test
    void aReloadResumesAtTheFirstUnansweredTrial() {
        Session session = newSession("{}");
        screenChecked(session);
        send(session, record(UUID.randomUUID().toString(), 0, "Bag"), record(UUID.randomUUID().toString(), 1, "Bag"),
                record(UUID.randomUUID().toString(), 2, "Bag"));
        var state = api.get("/api/sessions/" + session.id(), session.token()).json();
        assertEquals("[0,1,2]", state.get("answered").toString());
        assertEquals("screen-checked", state.get("status").asText());
    }

    @Test
    void theCompletionCodeIsReleasedOnlyWhenEveryResponseIsStored() {
        Session session = newSession("{\"PROLIFIC_PID\":\"p-1\"}");
        screenChecked(session);
        List<String> records = new ArrayList<>();
        for (int trial = 0; trial < 69; trial++) {
            records.add(record(UUID.randomUUID().toString(), trial, "Trouser"));
        }
        assertEquals(200, send(session, records.toArray(String[]::new)).status());
        var early = api.post("/api/sessions/" + session.id() + "/complete", session.token(), "");
        assertEquals(409, early.status());
        assertTrue(early.json().get("error").asText().startsWith("1 trial"));
        assertEquals(200, send(session, "{\"responseId\":\"" + UUID.randomUUID() + "\",\"trialIndex\":69,"
                + "\"response\":null,\"source\":\"timeout\",\"rtMs\":null,\"timing\":{\"timingOk\":true}}").status());
        var done = api.post("/api/sessions/" + session.id() + "/complete", session.token(), "");
        assertEquals(200, done.status(), done.body());
        assertEquals("TANDEM-DEMO", done.json().get("code").asText());
        assertEquals("https://app.prolific.com/submissions/complete?cc=TANDEM-DEMO", done.json().get("redirectUrl").asText());
        assertEquals("completed", api.get("/api/sessions/" + session.id(), session.token()).json().get("status").asText());
    }

    @Test
    void malformedAndOversizedBodiesAreRefused() {
        Session session = newSession("{}");
        var malformed = api.post("/api/sessions/" + session.id() + "/responses", session.token(), "{\"responses\": [");
        assertEquals(400, malformed.status());
        var huge = api.post("/api/sessions/" + session.id() + "/responses", session.token(),
                "{\"responses\":[],\"pad\":\"" + "x".repeat(3_000_000) + "\"}");
        assertEquals(413, huge.status());
        assertEquals(400, api.post("/api/experiments/masked-demo/sessions", null, "{\"params\":{\"bad name\":\"x\"}}").status());
        assertEquals(404, api.post("/api/experiments/nope/sessions", null, "{}").status());
    }

    @Test
    void stimuliAreServedImmutableByTheirHash() {
        Session session = newSession("{}");
        String url = api.get("/api/sessions/" + session.id(), session.token()).json().get("trials").get(0).get("maskUrl").asText();
        var reply = api.get(url, null);
        assertEquals(200, reply.status());
        assertEquals("public, max-age=31536000, immutable", reply.raw().headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(404, api.get("/stimuli/" + "0".repeat(64) + ".png", null).status());
    }

    @Test
    void theRawExportStreamsEveryStoredResponseWithItsTiming() {
        Session session = newSession("{\"PROLIFIC_PID\":\"export-me\"}");
        screenChecked(session);
        send(session, record(UUID.randomUUID().toString(), 0, "Bag"), record(UUID.randomUUID().toString(), 1, "Coat"));
        assertEquals(401, api.get("/api/experiments/masked-demo/responses?format=csv", null).status());
        var csv = api.get("/api/experiments/masked-demo/responses?format=csv", TestTandem.ADMIN_TOKEN);
        assertEquals(200, csv.status());
        List<String> mine = csv.body().lines().filter(l -> l.contains(session.id())).toList();
        assertEquals(2, mine.size());
        assertTrue(mine.get(0).contains("export-me"));
        var jsonl = api.get("/api/experiments/masked-demo/responses?format=jsonl", TestTandem.ADMIN_TOKEN);
        JsonNode row = jsonl.body().lines().filter(l -> l.contains(session.id())).map(l -> {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        assertEquals(2, row.get("timing").get("stimulusFramesShown").asInt());
        assertEquals(16, row.get("planned_frames").asInt());
        assertTrue(row.get("stimulus_sha256").asText().matches("[0-9a-f]{64}"));
        assertTrue(row.get("correct").isBoolean());
        assertEquals(400, api.get("/api/experiments/masked-demo/responses?format=xml", TestTandem.ADMIN_TOKEN).status());
    }
}
