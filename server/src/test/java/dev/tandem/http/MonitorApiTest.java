package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live monitor over HTTP after sessions that started, answered, completed and were abandoned. */
class MonitorApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final String SLUG = "monitor-demo";

    private static TestTandem tandem;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
        assertEquals(201, api.post("/api/experiments", ADMIN, DemoDefinitions.maskedDemo(SLUG).toString()).status());
        assertEquals(200, api.post("/api/experiments/" + SLUG + "/collection", ADMIN, "{\"open\":true}").status());
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static JsonNode monitor() {
        var reply = api.get("/api/experiments/" + SLUG + "/monitor", ADMIN);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    /** Moves everything a session did two hours into the past. */
    private static void backdate(Participant participant) {
        tandem.dsl().execute("UPDATE session SET created_at = created_at - interval '2 hours', "
                + "screen_checked_at = screen_checked_at - interval '2 hours' WHERE id = ?", participant.sessionId());
        tandem.dsl().execute("UPDATE response SET received_at = received_at - interval '2 hours' WHERE session_id = ?",
                participant.sessionId());
    }

    @Test
    void theMonitorCountsStartedScreenCheckedCompletedAndAbandonedSessionsAndTheirTiming() {
        Participant justStarted = Participant.start(api, SLUG, "{\"PROLIFIC_PID\":\"a\"}");
        Participant answering = Participant.start(api, SLUG, "{}").screenCheck(60.02);
        answering.answer(tandem.dsl(), 10);
        Participant completed = Participant.start(api, SLUG, "{}").screenCheck(143.8);
        completed.answer(tandem.dsl(), 70);
        assertEquals(200, completed.complete().status());
        Participant gone = Participant.start(api, SLUG, "{}").screenCheck(59.7);
        gone.answer(tandem.dsl(), 5);
        backdate(gone);

        JsonNode monitor = monitor();
        JsonNode sessions = monitor.get("sessions");
        assertEquals(4, sessions.get("started").asInt());
        assertEquals(3, sessions.get("screenChecked").asInt());
        assertEquals(1, sessions.get("completed").asInt());
        assertEquals(1, sessions.get("abandoned").asInt(), "idle for two hours, not completed");
        JsonNode trials = monitor.get("trials");
        assertEquals(85, trials.get("answered").asInt());
        assertEquals(68, trials.get("timingOk").asInt(), "every fifth trial missed its timing");
        assertEquals(0.8, trials.get("timingOkShare").asDouble(), 1e-9);
        assertEquals("[{\"hz\":60,\"sessions\":2},{\"hz\":144,\"sessions\":1}]", monitor.get("refreshHz").toString());

        List<String> recent = new ArrayList<>();
        for (JsonNode session : monitor.get("recent")) {
            recent.add(session.get("status").asText() + " " + session.get("answered").asInt() + "/" + session.get("total").asInt());
        }
        assertEquals(List.of("completed 70/70", "screen-checked 10/70", "started 0/70", "abandoned 5/70"), recent,
                "newest first");
        JsonNode first = monitor.get("recent").get(0);
        assertEquals(completed.id(), first.get("session").asText());
        assertEquals(143.8, first.get("refreshHz").asDouble(), 1e-9);
        assertEquals(0.8, first.get("timingOkShare").asDouble(), 1e-9);
        assertTrue(first.hasNonNull("createdAt") && first.hasNonNull("lastActivityAt"));
        assertTrue(monitor.get("recent").get(2).get("timingOkShare").isNull(), "no responses yet");
        assertEquals(justStarted.id(), monitor.get("recent").get(2).get("session").asText());
        assertEquals("a", monitor.get("recent").get(2).get("recruitmentId").asText(), "the monitor shows recruitment ids");
        assertTrue(monitor.get("recent").get(0).get("recruitmentId").isNull());
        assertTrue(!monitor.toString().contains("PROLIFIC_PID"), "no recruitment ids in the monitor");

        gone.answer(tandem.dsl(), 1);
        assertEquals(0, monitor().get("sessions").get("abandoned").asInt(), "a participant who comes back is active again");
    }

    @Test
    void anExperimentWithoutSessionsHasAnEmptyMonitorAndAMissingOneIs404() {
        api.put("/api/experiments/monitor-empty/draft", ADMIN, DemoDefinitions.maskedDemo("monitor-empty").toString());
        JsonNode empty = api.get("/api/experiments/monitor-empty/monitor", ADMIN).json();
        assertEquals(0, empty.get("sessions").get("started").asInt());
        assertTrue(empty.get("trials").get("timingOkShare").isNull());
        assertEquals(0, empty.get("refreshHz").size());
        assertEquals(0, empty.get("recent").size());
        assertEquals(404, api.get("/api/experiments/nope/monitor", ADMIN).status());
    }
}
