package dev.tandem.response;

import static dev.tandem.db.jooq.Tables.RESPONSE;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;

final class ResponseRepository {

    /** A validated response ready to store. */
    record NewResponse(UUID responseId, int trialIndex, String response, String source, String key, Double rtMs,
                       boolean timingOk, Integer stimulusFramesShown, Integer maskFramesShown, String timingJson,
                       OffsetDateTime clientTime) {}

    /** Inserts what is new; returns the ids actually inserted (replays and conflicts are skipped). */
    Set<UUID> insertNew(DSLContext tx, UUID sessionId, List<NewResponse> responses) {
        var insert = tx.insertInto(RESPONSE, RESPONSE.RESPONSE_ID, RESPONSE.SESSION_ID, RESPONSE.TRIAL_INDEX,
                RESPONSE.RESPONSE_, RESPONSE.SOURCE, RESPONSE.RESPONSE_KEY, RESPONSE.RT_MS, RESPONSE.TIMING_OK,
                RESPONSE.STIMULUS_FRAMES_SHOWN, RESPONSE.MASK_FRAMES_SHOWN, RESPONSE.TIMING, RESPONSE.CLIENT_TIME);
        for (NewResponse r : responses) {
            insert = insert.values(r.responseId(), sessionId, r.trialIndex(), r.response(), r.source(), r.key(),
                    r.rtMs(), r.timingOk(), r.stimulusFramesShown(), r.maskFramesShown(), JSONB.valueOf(r.timingJson()),
                    r.clientTime());
        }
        return Set.copyOf(insert.onConflictDoNothing().returning(RESPONSE.RESPONSE_ID).fetch(RESPONSE.RESPONSE_ID));
    }

    /** What a replay must repeat: the trial and the answer. */
    record StoredAnswer(int trialIndex, String response, String source) {}

    /** Stored responses of this session among {@code ids}, with what they answered. */
    Map<UUID, StoredAnswer> stored(DSLContext tx, UUID sessionId, Collection<UUID> ids) {
        return tx.select(RESPONSE.RESPONSE_ID, RESPONSE.TRIAL_INDEX, RESPONSE.RESPONSE_, RESPONSE.SOURCE).from(RESPONSE)
                .where(RESPONSE.SESSION_ID.eq(sessionId), RESPONSE.RESPONSE_ID.in(ids))
                .fetchMap(RESPONSE.RESPONSE_ID, r -> new StoredAnswer(r.value2(), r.value3(), r.value4()));
    }
}
