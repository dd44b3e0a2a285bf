package dev.tandem.http;

import static dev.tandem.db.jooq.Tables.DELETION_AUDIT;
import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.RESPONSE;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Running a study like a lab does (issue 14), over HTTP: the screen-out ending, pilot sessions,
 * deleting a session, a recruitment id's sessions and the pilots, a participant's withdrawal,
 * the audit trail, and the assignment slots that deletions free.
 */
class StudyLifecycleApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final int TRIALS = 70;

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

    /** Publishes the masked demo as {@code slug} and opens its collection (publishing alone does not). */
    private static void publishAndOpen(String slug) {
        assertEquals(201, api.post("/api/experiments", ADMIN, DemoDefinitions.maskedDemo(slug).toString()).status());
        assertEquals(409, api.post("/api/experiments/" + slug + "/sessions", null, "{}").status(),
                "a published experiment is closed until collection is opened");
        assertEquals(200, api.post("/api/experiments/" + slug + "/collection", ADMIN, "{\"open\":true}").status());
    }

    private static int slotOf(String sessionId) {
        return tandem.dsl().select(SESSION.ASSIGNMENT_SLOT).from(SESSION).where(SESSION.ID.eq(UUID.fromString(sessionId)))
                .fetchSingle(SESSION.ASSIGNMENT_SLOT);
    }

    private static int nextSlot(String slug) {
        return tandem.dsl().select(EXPERIMENT.NEXT_ASSIGNMENT_SLOT).from(EXPERIMENT).where(EXPERIMENT.SLUG.eq(slug))
                .orderBy(EXPERIMENT.VERSION.desc()).limit(1).fetchSingle(EXPERIMENT.NEXT_ASSIGNMENT_SLOT);
    }

    private static ApiClient.Reply delete(String path, String body) {
        return api.send("DELETE", path, java.util.Map.of("Authorization", "Bearer " + ADMIN,
                "Content-Type", "application/json"), body);
    }

    private static Participant completed(String slug, String params) {
        Participant p = Participant.start(api, slug, params).screenCheck(60);
        p.answer(tandem.dsl(), TRIALS);
        return p;
    }

    @Test
    void aScreenCheckFailedTheConfiguredTimesEndsWithTheScreenOutCodeAndFreesTheSlotForTheNextParticipant() {
        Participant slow = Participant.start(api, "masked-demo", "{\"PROLIFIC_PID\":\"slow\"}");
        var early = api.post("/api/sessions/" + slow.id() + "/screen-out", slow.token(), "");
        assertEquals(409, early.status(), "no screen-out before the screen check failed: " + early.body());
        assertEquals("screenCheck", early.json().get("field").asText());
        for (int attempt = 1; attempt <= 3; attempt++) {
            var refused = api.post("/api/sessions/" + slow.id() + "/screen-check", slow.token(), "{\"refreshHz\":30}");
            assertEquals(422, refused.status(), refused.body());
            assertEquals("refreshHz", refused.json().get("field").asText());
        }
        var ending = api.post("/api/sessions/" + slow.id() + "/screen-out", slow.token(), "");
        assertEquals(200, ending.status(), ending.body());
        assertEquals("TANDEM-SCREENOUT", ending.json().get("code").asText());

        JsonNode state = api.get("/api/sessions/" + slow.id(), slow.token()).json();
        assertEquals("screened-out", state.get("status").asText());
        assertEquals("TANDEM-SCREENOUT", state.at("/screenOut/code").asText(), "a reload shows the same ending");
        assertTrue(state.get("completion").isNull(), "never the completion code");
        assertEquals(3, state.at("/experiment/screenCheckAttempts").asInt());
        assertEquals(409, slow.complete().status());
        assertEquals(409, api.post("/api/sessions/" + slow.id() + "/screen-check", slow.token(), "{\"refreshHz\":60}").status());

        Participant next = Participant.start(api, "masked-demo", "{}");
        assertEquals(slotOf(slow.id()), slotOf(next.id()), "the screened-out participant's cells go to the next one");
    }

    @Test
    void deletingASessionRemovesEveryRowOfItLeavesAnAuditEntryAndTheNextParticipantFillsItsCells() {
        String slug = "delete-demo";
        publishAndOpen(slug);
        Participant first = completed(slug, "{\"PROLIFIC_PID\":\"p-first\"}");
        assertEquals(200, first.complete().status());
        Participant second = Participant.start(api, slug, "{}");

        var noReason = delete("/api/sessions/" + first.id(), "{}");
        assertEquals(400, noReason.status(), noReason.body());
        assertEquals("reason", noReason.json().get("field").asText());
        assertEquals(TRIALS, tandem.dsl().fetchCount(RESPONSE, RESPONSE.SESSION_ID.eq(first.sessionId())), "changed nothing");
        assertEquals(401, api.send("DELETE", "/api/sessions/" + first.id(), java.util.Map.of("Authorization",
                "Bearer " + first.token()), "{\"reason\":\"x\"}").status(), "a participant token deletes nothing");

        var deleted = delete("/api/sessions/" + first.id(), "{\"reason\":\"asked by email\"}");
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(1, deleted.json().get("sessions").asInt());
        assertEquals(TRIALS, deleted.json().at("/rows/response").asInt());
        assertEquals(TRIALS, deleted.json().at("/rows/trial").asInt());
        assertEquals(0, tandem.dsl().fetchCount(SESSION, SESSION.ID.eq(first.sessionId())));
        assertEquals(0, tandem.dsl().fetchCount(TRIAL, TRIAL.SESSION_ID.eq(first.sessionId())));
        assertEquals(404, delete("/api/sessions/" + first.id(), "{\"reason\":\"again\"}").status());

        JsonNode audit = api.get("/api/experiments/" + slug + "/deletions", ADMIN).json();
        assertEquals(1, audit.size());
        assertEquals("session", audit.get(0).get("what").asText());
        assertEquals("asked by email", audit.get(0).get("reason").asText());
        assertEquals(TRIALS, audit.get(0).at("/rows/response").asInt());
        assertTrue(audit.get(0).hasNonNull("deletedAt"));
        assertFalse(audit.toString().contains("p-first"), "the audit keeps no deleted data: " + audit);

        Participant third = Participant.start(api, slug, "{}");
        assertEquals(0, slotOf(third.id()), "the deleted session's slot is filled first");
        assertEquals(1, slotOf(second.id()));
        assertEquals(2, nextSlot(slug), "no new slot was used");
    }

    @Test
    void aParticipantWithdrawsOnceWithTheCodeFromTheCompletionPageAndTheSessionStaysAsWithdrawn() {
        String slug = "withdraw-demo";
        publishAndOpen(slug);
        Participant participant = completed(slug, "{\"PROLIFIC_PID\":\"p-withdraws\"}");
        var done = participant.complete();
        assertEquals(200, done.status(), done.body());
        String code = done.json().get("withdrawCode").asText();
        assertTrue(code.length() >= 20, code);

        assertEquals(404, api.post("/api/withdrawals", null, "{\"code\":\"not-a-code\"}").status());
        var withdrawn = api.post("/api/withdrawals", null, "{\"code\":\"" + code + "\"}");
        assertEquals(200, withdrawn.status(), withdrawn.body());
        assertEquals(TRIALS, withdrawn.json().at("/rows/response").asInt());
        assertEquals(404, api.post("/api/withdrawals", null, "{\"code\":\"" + code + "\"}").status(), "one time only");

        var row = tandem.dsl().selectFrom(SESSION).where(SESSION.ID.eq(participant.sessionId())).fetchSingle();
        assertEquals("withdrawn", row.getStatus());
        assertEquals("{}", row.getRecruitment().data(), "the recruitment id is gone");
        assertEquals(0, tandem.dsl().fetchCount(TRIAL, TRIAL.SESSION_ID.eq(participant.sessionId())));
        var audit = tandem.dsl().selectFrom(DELETION_AUDIT).where(DELETION_AUDIT.SLUG.eq(slug)).fetchSingle();
        assertEquals("withdrawal", audit.getWhat());
        assertEquals(0, slotOf(Participant.start(api, slug, "{}").id()), "the withdrawn slot is reassigned");
    }

    @Test
    void theLabDeletesEverySessionOfARecruitmentId() {
        String slug = "gdpr-demo";
        publishAndOpen(slug);
        Participant.start(api, slug, "{\"PROLIFIC_PID\":\"gdpr-1\"}");
        Participant.start(api, slug, "{\"PROLIFIC_PID\":\"gdpr-1\"}");
        Participant other = Participant.start(api, slug, "{\"PROLIFIC_PID\":\"gdpr-2\"}");

        assertEquals(404, delete("/api/experiments/" + slug + "/participants/nobody", "{\"reason\":\"GDPR\"}").status());
        var deleted = delete("/api/experiments/" + slug + "/participants/gdpr-1", "{\"reason\":\"GDPR request\"}");
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(2, deleted.json().get("sessions").asInt());
        assertEquals(1, tandem.dsl().fetchCount(SESSION, SESSION.EXPERIMENT_ID.in(tandem.dsl().select(EXPERIMENT.ID)
                .from(EXPERIMENT).where(EXPERIMENT.SLUG.eq(slug)))));
        assertEquals(1, tandem.dsl().fetchCount(SESSION, SESSION.ID.eq(other.sessionId())));
    }

    @Test
    void aPilotRunsWhileCollectionIsClosedLeavesTheBalanceAloneAndIsDeletedInOneAction() {
        String slug = "pilot-demo";
        assertEquals(201, api.post("/api/experiments", ADMIN, DemoDefinitions.maskedDemo(slug).toString()).status());
        assertEquals(409, api.post("/api/experiments/" + slug + "/sessions", null, "{}").status());

        JsonNode preview = api.get("/api/experiments/" + slug + "/preview?trial=12&refreshHz=120", ADMIN).json();
        assertEquals(12, preview.get("index").asInt(), preview.toString());
        assertTrue(preview.get("stimulusUrl").asText().matches("/stimuli/[0-9a-f]{64}\\.png"));
        assertTrue(preview.get("maskUrl").asText().matches("/stimuli/[0-9a-f]{64}\\.png"));
        assertEquals(Math.round(preview.get("requestedMs").asInt() * 120 / 1000.0), preview.get("plannedFrames").asInt());
        assertEquals(200, api.get(preview.get("stimulusUrl").asText(), null).status(), "the bytes a participant would get");
        assertEquals(400, api.get("/api/experiments/" + slug + "/preview?trial=999", ADMIN).status());
        assertEquals(0, nextSlot(slug), "a preview stores nothing");

        var pilot = api.post("/api/experiments/" + slug + "/pilot", ADMIN, "");
        assertEquals(201, pilot.status(), pilot.body());
        String id = pilot.json().get("sessionId").asText();
        assertTrue(pilot.json().get("url").asText().startsWith("/run/" + slug + "#pilot=" + id + ":"));
        Participant pilotRun = new Participant(api, id, pilot.json().get("token").asText()).screenCheck(60);
        pilotRun.answer(tandem.dsl(), TRIALS);
        assertEquals(200, pilotRun.complete().status());
        assertEquals(0, nextSlot(slug), "a pilot uses up no slot of the design");
        assertTrue(tandem.dsl().select(SESSION.PILOT).from(SESSION).where(SESSION.ID.eq(UUID.fromString(id))).fetchSingle(SESSION.PILOT));
        String exported = api.get("/api/experiments/" + slug + "/comparison?format=jsonl&kind=human", ADMIN).body();
        assertFalse(exported.contains(id), "the comparison export leaves pilots out by default");
        String withPilots = api.get("/api/experiments/" + slug + "/comparison?format=jsonl&kind=human&pilot=true", ADMIN).body();
        assertEquals(TRIALS - 10, withPilots.lines().filter(line -> line.contains(id)).count(),
                "pilot=true keeps the pilot's main trials");
        assertEquals(400, api.get("/api/experiments/" + slug + "/comparison?pilot=yes", ADMIN).status());

        var deleted = delete("/api/experiments/" + slug + "/pilot-sessions", null);
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(1, deleted.json().get("sessions").asInt());
        assertEquals(0, tandem.dsl().fetchCount(SESSION, SESSION.ID.eq(UUID.fromString(id))));
        var free = dev.tandem.db.jooq.Tables.FREE_ASSIGNMENT_SLOT;
        assertEquals(0, tandem.dsl().fetchCount(free, free.EXPERIMENT_ID.in(tandem.dsl().select(EXPERIMENT.ID).from(EXPERIMENT)
                .where(EXPERIMENT.SLUG.eq(slug)))), "a pilot frees no slot");
        assertEquals(200, api.post("/api/experiments/" + slug + "/collection", ADMIN, "{\"open\":true}").status());
        assertEquals(0, slotOf(Participant.start(api, slug, "{}").id()));
    }

    @Test
    void theOverviewCountsEachEndingAndListsParticipantsWithRecruitmentIdsAccuracyAndTimingFlags() {
        String slug = "overview-demo";
        publishAndOpen(slug);
        Participant finished = completed(slug, "{\"PROLIFIC_PID\":\"p-done\"}");
        assertEquals(200, finished.complete().status());
        Participant slow = Participant.start(api, slug, "{\"PROLIFIC_PID\":\"p-slow\"}");
        for (int i = 0; i < 3; i++) {
            api.post("/api/sessions/" + slow.id() + "/screen-check", slow.token(), "{\"refreshHz\":30}");
        }
        assertEquals(200, api.post("/api/sessions/" + slow.id() + "/screen-out", slow.token(), "").status());
        Participant leaving = completed(slug, "{\"PROLIFIC_PID\":\"p-leaves\"}");
        String code = leaving.complete().json().get("withdrawCode").asText();
        assertEquals(200, api.post("/api/withdrawals", null, "{\"code\":\"" + code + "\"}").status());
        Participant.start(api, slug, "{\"workerId\":\"w-busy\"}");
        assertEquals(201, api.post("/api/experiments/" + slug + "/pilot", ADMIN, "").status());

        var exclusion = api.post("/api/sessions/" + finished.id() + "/exclusion", ADMIN, "{\"excluded\":true}");
        assertEquals(400, exclusion.status(), "a reason is required");
        assertEquals(204, api.post("/api/sessions/" + finished.id() + "/exclusion", ADMIN,
                "{\"excluded\":true,\"reason\":\"looked away\"}").status());

        JsonNode overview = api.get("/api/experiments/" + slug + "/overview", ADMIN).json();
        JsonNode counts = overview.get("counts");
        assertEquals(4, counts.get("started").asInt(), overview.toString());
        assertEquals(1, counts.get("completed").asInt());
        assertEquals(1, counts.get("screenedOut").asInt());
        assertEquals(1, counts.get("withdrawn").asInt());
        assertEquals(1, counts.get("inProgress").asInt());
        assertEquals(1, counts.get("excluded").asInt());
        assertEquals(0, counts.get("pilots").asInt(), "pilots are left out by default");
        assertEquals(1.0, overview.at("/completionRate/value").asDouble());
        assertTrue(overview.at("/completionRate/lower").asDouble() < 1.0, "the rate carries its interval");
        assertTrue(overview.get("medianDurationS").asDouble() >= 0);
        assertEquals(10, overview.get("cells").size(), "the demo's 2 manipulations x 5 durations");
        long assigned = 0;
        for (JsonNode cell : overview.get("cells")) {
            assigned += cell.get("assigned").asLong();
        }
        assertEquals(120, assigned, "the completed and the busy participant's main trials; none of the screened-out or withdrawn");
        assertTrue(overview.at("/balance/spread").asLong() <= 2, overview.get("cells").toString());

        JsonNode first = overview.get("participants").get(0);
        assertEquals("p-done", first.at("/recruitmentIds/PROLIFIC_PID").asText());
        assertEquals("completed", first.get("status").asText());
        assertEquals("looked away", first.get("excludedReason").asText());
        assertEquals(1.0, first.get("accuracy").asDouble());
        assertEquals(14, first.get("timingFlags").asInt(), "every fifth trial missed its frames");
        assertEquals("withdrawn", overview.get("participants").get(2).get("status").asText());
        assertTrue(overview.get("participants").get(2).get("recruitmentIds").isEmpty());
        assertEquals("w-busy", overview.get("participants").get(3).at("/recruitmentIds/workerId").asText());
        assertEquals(1, api.get("/api/experiments/" + slug + "/overview?pilot=true", ADMIN).json().at("/counts/pilots").asInt());
    }

    @Test
    void collectionClosesItselfWhenTheTargetNumberOfParticipantsHasCompleted() {
        String slug = "target-demo";
        var definition = DemoDefinitions.maskedDemo(slug).put("targetParticipants", 1);
        assertEquals(201, api.post("/api/experiments", ADMIN, definition.toString()).status());
        assertEquals(200, api.post("/api/experiments/" + slug + "/collection", ADMIN, "{\"open\":true}").status());
        Participant second = Participant.start(api, slug, "{}");
        Participant first = completed(slug, "{}");
        assertEquals(200, first.complete().status());
        assertEquals(409, api.post("/api/experiments/" + slug + "/sessions", null, "{}").status(), "the target is reached");
        assertEquals(1, api.get("/api/experiments/" + slug + "/overview", ADMIN).json().get("targetParticipants").asInt());
        second.screenCheck(60).answer(tandem.dsl(), TRIALS);
        assertEquals(200, second.complete().status(), "someone who started may still finish");
    }
}
