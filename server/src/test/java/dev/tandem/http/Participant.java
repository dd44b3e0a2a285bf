package dev.tandem.http;

import static dev.tandem.db.jooq.Tables.RESPONSE;
import static dev.tandem.db.jooq.Tables.TRIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;

/** A participant's browser as the console tests need it: the participant API's calls over HTTP. */
record Participant(ApiClient api, String id, String token) {

    /** Starts a session of {@code slug} with the query parameters of the participant's link, as a JSON object. */
    static Participant start(ApiClient api, String slug, String paramsJson) {
        var reply = api.post("/api/experiments/" + slug + "/sessions", null, "{\"params\":" + paramsJson + "}");
        assertEquals(201, reply.status(), reply.body());
        return new Participant(api, reply.json().get("sessionId").asText(), reply.json().get("token").asText());
    }

    UUID sessionId() {
        return UUID.fromString(id);
    }

    Participant screenCheck(double refreshHz) {
        var reply = api.post("/api/sessions/" + id + "/screen-check", token, "{\"refreshHz\":" + refreshHz + "}");
        assertEquals(200, reply.status(), reply.body());
        return this;
    }

    /**
     * Answers the next {@code count} unanswered trials correctly; trials whose index is a multiple
     * of 5 missed their timing.
     */
    ApiClient.Reply answer(DSLContext dsl, int count) {
        List<String> records = new ArrayList<>();
        for (var trial : dsl.select(TRIAL.TRIAL_INDEX, TRIAL.CATEGORY, TRIAL.PLANNED_FRAMES).from(TRIAL)
                .where(TRIAL.SESSION_ID.eq(sessionId()))
                .andNotExists(dsl.selectOne().from(RESPONSE)
                        .where(RESPONSE.SESSION_ID.eq(TRIAL.SESSION_ID), RESPONSE.TRIAL_INDEX.eq(TRIAL.TRIAL_INDEX)))
                .orderBy(TRIAL.TRIAL_INDEX).limit(count).fetch()) {
            records.add("{\"responseId\":\"" + UUID.randomUUID() + "\",\"trialIndex\":" + trial.value1()
                    + ",\"response\":\"" + trial.value2() + "\",\"source\":\"button\",\"rtMs\":500.0,"
                    + "\"clientTime\":\"2026-11-22T10:00:00Z\",\"timing\":{\"plannedFrames\":" + trial.value3()
                    + ",\"refreshHz\":60,\"stimulusFramesShown\":" + trial.value3() + ",\"maskFramesShown\":12,"
                    + "\"timingOk\":" + (trial.value1() % 5 != 0) + "}}");
        }
        var reply = api.post("/api/sessions/" + id + "/responses", token, "{\"responses\":[" + String.join(",", records) + "]}");
        assertEquals(200, reply.status(), reply.body());
        return reply;
    }

    ApiClient.Reply complete() {
        return api.post("/api/sessions/" + id + "/complete", token, "");
    }
}
