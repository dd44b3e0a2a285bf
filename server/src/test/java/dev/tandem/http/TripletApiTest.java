package dev.tandem.http;

import static dev.tandem.db.jooq.Tables.TRIAL;
import static dev.tandem.db.jooq.Tables.TRIPLET_JUDGEMENT;
import static dev.tandem.db.jooq.Tables.TRIPLET_TRIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.app.TestTandem;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The triplet kind (issue 13) through the participant API, on real PostgreSQL with the built-in
 * triplet-demo: trials fixed at the start (three stored images each), choices stored once by
 * judgement id, bad input refused naming the field with nothing stored, completion only when
 * every triplet is answered.
 */
class TripletApiTest {

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

    private static Participant newSession() {
        return Participant.start(api, "triplet-demo", "{}");
    }

    /** The screen check passed at 60 Hz, and the session's state after it. */
    private static JsonNode screenChecked(Participant session) {
        session.screenCheck(60.0);
        var state = api.get("/api/sessions/" + session.id(), session.token());
        assertEquals(200, state.status(), state.body());
        return state.json();
    }

    private static String judgement(String id, int trial, int position) {
        return "{\"judgementId\":\"" + id + "\",\"trialIndex\":" + trial + ",\"chosenPosition\":" + position
                + ",\"source\":\"key\",\"key\":\"" + (position + 1) + "\",\"rtMs\":812.5,"
                + "\"clientTime\":\"2026-12-02T10:00:00Z\",\"timing\":{\"timingOk\":true,\"onsetTs\":1000.0,\"refreshHz\":60}}";
    }

    private static ApiClient.Reply send(Participant session, String... judgements) {
        return api.post("/api/sessions/" + session.id() + "/triplets", session.token(),
                "{\"judgements\":[" + String.join(",", judgements) + "]}");
    }

    private static int stored(Participant session) {
        return tandem.dsl().fetchCount(TRIPLET_JUDGEMENT, TRIPLET_JUDGEMENT.SESSION_ID.eq(session.sessionId()));
    }

    @Test
    void aSessionShowsFortyTripletsOfThreeStoredImagesEachFixedBeforeItStarts() {
        Participant session = newSession();
        JsonNode state = screenChecked(session);
        assertEquals("triplet", state.get("experiment").get("trialType").asText());
        JsonNode view = state.get("experiment").get("triplet");
        assertEquals("keys", view.get("response").asText());
        assertEquals("untilResponse", view.get("presentation").asText());
        JsonNode trials = state.get("trials");
        assertEquals(40, trials.size());
        assertEquals(2, state.get("blocks").size());
        assertEquals("triplet", state.get("blocks").get(0).get("type").asText());
        for (JsonNode trial : trials) {
            assertEquals("triplet", trial.get("type").asText());
            assertEquals(3, trial.get("stimulusUrls").size());
            assertTrue(trial.get("maskUrl").isNull(), "an untimed triplet has no mask");
            assertEquals(18, trial.get("fixationFrames").asInt(), "300 ms at 60 Hz");
            assertTrue(trial.get("stimulusUrl").isNull());
            for (JsonNode url : trial.get("stimulusUrls")) {
                assertEquals(200, api.get(url.asText(), null).status(), url.asText());
            }
        }
        var rows = tandem.dsl().selectFrom(TRIPLET_TRIAL).where(TRIPLET_TRIAL.SESSION_ID.eq(session.sessionId())).fetch();
        assertEquals(40, rows.size());
        long catches = rows.stream().filter(r -> r.getRole().equals("catch")).count();
        assertEquals(4, catches, "catchRate 0.1 of 40");
        Set<Set<String>> distinct = new HashSet<>();
        for (var row : rows) {
            Set<String> images = new HashSet<>(List.of(row.getStimulusSha256_0(), row.getStimulusSha256_1(),
                    row.getStimulusSha256_2()));
            if (row.getRole().equals("catch")) {
                assertEquals(2, images.size(), "a catch trial shows one image twice");
            } else {
                assertEquals(3, images.size());
                assertTrue(distinct.add(images), "no triplet twice for one person");
            }
        }
        assertEquals(0, tandem.dsl().fetchCount(TRIAL, TRIAL.SESSION_ID.eq(session.sessionId()),
                TRIAL.STIMULUS_SHA256.isNotNull()), "a triplet trial's images are in triplet_trial only");
    }

    @Test
    void aChoiceIsStoredOnceAndAReplayIsConfirmedWithoutAnotherRow() {
        Participant session = newSession();
        screenChecked(session);
        String id = UUID.randomUUID().toString();
        var first = send(session, judgement(id, 0, 2));
        assertEquals(200, first.status(), first.body());
        assertEquals(List.of(id), List.of(first.json().get("confirmed").get(0).asText()));
        var replay = send(session, judgement(id, 0, 2));
        assertEquals(200, replay.status(), replay.body());
        assertEquals(1, stored(session));
        var other = send(session, judgement(UUID.randomUUID().toString(), 0, 1));
        assertEquals(409, other.status());
        assertEquals("judgements[0].trialIndex", other.json().get("field").asText());
        var changed = send(session, judgement(id, 0, 1));
        assertEquals(409, changed.status());
        assertEquals("judgements[0].chosenPosition", changed.json().get("field").asText());
        assertEquals(2, tandem.dsl().select(TRIPLET_JUDGEMENT.CHOSEN_POSITION).from(TRIPLET_JUDGEMENT)
                .where(TRIPLET_JUDGEMENT.JUDGEMENT_ID.eq(UUID.fromString(id))).fetchSingle().value1());
    }

    @Test
    void badJudgementsAreRefusedNamingTheFieldAndNothingOfTheBatchIsStored() {
        Participant session = newSession();
        screenChecked(session);
        String good = judgement(UUID.randomUUID().toString(), 1, 0);
        record Case(String bad, String field) {}
        for (Case c : List.of(
                new Case(judgement("not-a-uuid", 2, 0), "judgements[1].judgementId"),
                new Case(judgement(UUID.randomUUID().toString(), 40, 0), "judgements[1].trialIndex"),
                new Case(judgement(UUID.randomUUID().toString(), 2, 3), "judgements[1].chosenPosition"),
                new Case(judgement(UUID.randomUUID().toString(), 2, 0).replace("\"key\",", "\"voice\","),
                        "judgements[1].source"),
                new Case(judgement(UUID.randomUUID().toString(), 2, 0).replace("812.5", "-1"), "judgements[1].rtMs"),
                new Case(judgement(UUID.randomUUID().toString(), 2, 0).replace("\"timingOk\":true", "\"timingOk\":1"),
                        "judgements[1].timing.timingOk"),
                new Case(judgement(UUID.randomUUID().toString(), 1, 0), "judgements[1].trialIndex"))) {
            var reply = send(session, good, c.bad());
            assertEquals(400, reply.status(), c.bad() + " -> " + reply.body());
            assertEquals(c.field(), reply.json().get("field").asText(), reply.body());
        }
        assertEquals(0, stored(session));
        var masked = api.post("/api/sessions/" + session.id() + "/responses", session.token(),
                "{\"responses\":[{\"responseId\":\"" + UUID.randomUUID() + "\",\"trialIndex\":0,\"response\":\"Bag\","
                        + "\"source\":\"button\",\"rtMs\":500,\"timing\":{\"timingOk\":true}}]}");
        assertEquals(400, masked.status(), masked.body());
        assertTrue(masked.json().get("error").asText().contains("/triplets"), masked.body());
    }

    @Test
    void beforeTheScreenCheckNoChoiceIsStored() {
        Participant session = newSession();
        var reply = send(session, judgement(UUID.randomUUID().toString(), 0, 0));
        assertEquals(409, reply.status(), reply.body());
        assertEquals(0, stored(session));
    }

    @Test
    void theCompletionCodeComesOnlyOnceEveryTripletIsAnsweredAndAReloadResumesTheSameTrials() {
        Participant session = newSession();
        JsonNode before = screenChecked(session);
        for (int i = 0; i < 39; i++) {
            assertEquals(200, send(session, judgement(UUID.randomUUID().toString(), i, i % 3)).status());
        }
        var early = api.post("/api/sessions/" + session.id() + "/complete", session.token(), "{}");
        assertEquals(409, early.status(), early.body());
        JsonNode reloaded = api.get("/api/sessions/" + session.id(), session.token()).json();
        assertEquals(before.get("trials"), reloaded.get("trials"), "a reload shows the same triplets");
        assertEquals(39, reloaded.get("answered").size());
        assertEquals(200, send(session, judgement(UUID.randomUUID().toString(), 39, 1)).status());
        var done = api.post("/api/sessions/" + session.id() + "/complete", session.token(), "{}");
        assertEquals(200, done.status(), done.body());
        assertEquals("TANDEM-TRIPLET-DEMO", done.json().get("code").asText());
        var withdrawn = api.post("/api/withdrawals", null,
                "{\"code\":\"" + done.json().get("withdrawCode").asText() + "\"}");
        assertEquals(200, withdrawn.status(), withdrawn.body());
        assertEquals(0, stored(session), "a withdrawal deletes the choices");
        assertEquals(0, tandem.dsl().fetchCount(TRIPLET_TRIAL, TRIPLET_TRIAL.SESSION_ID.eq(session.sessionId())),
                "and the triplets shown");
    }

    @Test
    void aTimedTripletShowsTheMaskAfterItsFramesAndABrokenSectionIsRefusedNamingItsField() throws Exception {
        var json = tandem.json();
        ObjectNode definition = (ObjectNode) json.readTree(dev.tandem.RepositoryFiles.stimuli()
                .resolve("fashion-mnist-triplets/experiments/triplet-demo.json").toFile());
        definition.put("slug", "triplet-timed");
        ((ObjectNode) definition.get("triplet")).set("presentation", json.readTree("{\"mode\":\"frames\",\"frames\":6}"));
        record Case(String path, String value, String field) {}
        for (Case c : List.of(
                new Case("/triplet/catchRate", "0.7", "triplet.catchRate"),
                new Case("/triplet/presentation", "{\"mode\":\"frames\",\"frames\":0}", "triplet.presentation.frames"),
                new Case("/triplet/presentation", "{\"mode\":\"untilResponse\",\"frames\":6}", "triplet.presentation.frames"),
                new Case("/triplet/images", "[\"Bag\",\"Parka\"]", "triplet.images[1]"),
                new Case("/triplet/trialsPerParticipant", "9000", "triplet.trialsPerParticipant"),
                new Case("/triplet/stimulusSet", "\"fashion-mnist\"", "triplet.stimulusSet"),
                new Case("/categories", "[{\"name\":\"Bag\"}]", "categories"),
                new Case("/trialsPerParticipant", "10", "trialsPerParticipant"))) {
            ObjectNode broken = definition.deepCopy();
            String parent = c.path().substring(0, c.path().lastIndexOf('/'));
            ObjectNode at = parent.isEmpty() ? broken : (ObjectNode) broken.at(parent);
            at.set(c.path().substring(c.path().lastIndexOf('/') + 1), json.readTree(c.value()));
            var refused = api.post("/api/experiments", TestTandem.ADMIN_TOKEN, broken.toString());
            assertEquals(400, refused.status(), c + " -> " + refused.body());
            assertEquals(c.field(), refused.json().get("field").asText(), c + " -> " + refused.body());
        }
        assertEquals(404, api.get("/api/experiments/triplet-timed", TestTandem.ADMIN_TOKEN).status(), "nothing stored");

        var created = api.post("/api/experiments", TestTandem.ADMIN_TOKEN, definition.toString());
        assertEquals(201, created.status(), created.body());
        assertEquals(200, api.post("/api/experiments/triplet-timed/collection", TestTandem.ADMIN_TOKEN,
                "{\"open\":true}").status());
        Participant session = Participant.start(api, "triplet-timed", "{}");
        JsonNode state = screenChecked(session);
        assertEquals("frames", state.get("experiment").get("triplet").get("presentation").asText());
        Set<String> masks = new HashSet<>();
        for (JsonNode trial : state.get("trials")) {
            assertEquals(6, trial.get("plannedFrames").asInt(), "the images' frames are the definition's");
            assertEquals(12, trial.get("maskFrames").asInt(), "200 ms of mask at 60 Hz");
            assertEquals(200, api.get(trial.get("maskUrl").asText(), null).status());
            masks.add(trial.get("maskUrl").asText());
        }
        assertEquals(40, masks.size(), "no mask twice in a session");
        assertEquals(40, tandem.dsl().fetchCount(TRIPLET_TRIAL, TRIPLET_TRIAL.SESSION_ID.eq(session.sessionId()),
                TRIPLET_TRIAL.PRESENTATION_FRAMES.eq(6), TRIPLET_TRIAL.MASK_SHA256.isNotNull()));
    }
}
