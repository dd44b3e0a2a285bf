package dev.tandem.app;

import static dev.tandem.db.jooq.Tables.TRIAL;

import dev.tandem.response.ResponseBatch;
import dev.tandem.session.ScreenCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntPredicate;

/**
 * Participants who took every trial of an experiment, through the session and response services
 * (what the browser's calls do), for tests of what comes after: metrics and exports.
 */
public final class AnsweredSessions {

    private final TestTandem tandem;
    private final Map<UUID, String> tokens = new HashMap<>();

    public AnsweredSessions(TestTandem tandem) {
        this.tandem = tandem;
    }

    /** A session past its screen check at 60 Hz, not yet answered. */
    public UUID start(String slug) {
        var started = tandem.sessions().start(slug, Map.of("PROLIFIC_PID", "test"));
        tandem.sessions().screenCheck(started.sessionId(), started.token(), read(
                "{\"refreshHz\":60.0,\"windowWidth\":1280,\"windowHeight\":800,\"fullscreen\":true}", ScreenCheck.class));
        tokens.put(started.sessionId(), started.token());
        return started.sessionId();
    }

    /** The bearer token of a session this helper started. */
    public String token(UUID session) {
        return tokens.get(session);
    }

    /** Gives session {@code to} the trials of session {@code from}, so the two observers saw the same stimuli. */
    public void sameTrialsAs(UUID from, UUID to) {
        tandem.dsl().execute("UPDATE trial t SET image_index = f.image_index, image_file = f.image_file, "
                + "category = f.category, manipulation = f.manipulation, level = f.level, requested_ms = f.requested_ms, "
                + "stimulus_sha256 = f.stimulus_sha256, planned_frames = f.planned_frames FROM trial f "
                + "WHERE f.session_id = ? AND t.session_id = ? AND f.trial_index = t.trial_index", from, to);
    }

    /** Answers every trial: the true category where {@code correct} holds for the trial index, another one elsewhere. */
    public void answerAll(UUID session, IntPredicate correct) {
        List<String> records = new ArrayList<>();
        for (var trial : tandem.dsl().select(TRIAL.TRIAL_INDEX, TRIAL.CATEGORY, TRIAL.PLANNED_FRAMES).from(TRIAL)
                .where(TRIAL.SESSION_ID.eq(session)).orderBy(TRIAL.TRIAL_INDEX).fetch()) {
            int index = trial.value1();
            String response = correct.test(index) ? trial.value2() : (trial.value2().equals("Bag") ? "Coat" : "Bag");
            records.add("{\"responseId\":\"" + UUID.randomUUID() + "\",\"trialIndex\":" + index + ",\"response\":\""
                    + response + "\",\"source\":\"button\",\"rtMs\":500.0,\"clientTime\":\"2026-11-22T10:00:00Z\","
                    + "\"timing\":{\"plannedFrames\":" + trial.value3() + ",\"refreshHz\":60,\"stimulusFramesShown\":"
                    + trial.value3() + ",\"maskFramesShown\":12,\"timingOk\":" + (index % 7 != 3) + "}}");
        }
        tandem.responses().store(session, tokens.get(session),
                read("{\"responses\":[" + String.join(",", records) + "]}", ResponseBatch.class));
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return tandem.json().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
