package dev.tandem.triplet;

import static dev.tandem.db.jooq.Tables.TRIPLET_JUDGEMENT;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Records;

final class JudgementRepository {

    /** A validated judgement ready to store. */
    record NewJudgement(UUID id, int trialIndex, int chosenPosition, String source, String key, double rtMs,
                        boolean timingOk, Integer framesShown, Integer maskFramesShown, String timingJson,
                        OffsetDateTime clientTime) {}

    /** Inserts what is new; returns the ids actually inserted (replays and conflicts are skipped). */
    Set<UUID> insertNew(DSLContext tx, UUID sessionId, List<NewJudgement> judgements) {
        var j = TRIPLET_JUDGEMENT;
        var insert = tx.insertInto(j, j.JUDGEMENT_ID, j.SESSION_ID, j.TRIAL_INDEX, j.CHOSEN_POSITION, j.SOURCE,
                j.RESPONSE_KEY, j.RT_MS, j.TIMING_OK, j.FRAMES_SHOWN, j.MASK_FRAMES_SHOWN, j.TIMING, j.CLIENT_TIME);
        for (NewJudgement n : judgements) {
            insert = insert.values(n.id(), sessionId, n.trialIndex(), n.chosenPosition(), n.source(), n.key(),
                    n.rtMs(), n.timingOk(), n.framesShown(), n.maskFramesShown(), JSONB.valueOf(n.timingJson()),
                    n.clientTime());
        }
        return Set.copyOf(insert.onConflictDoNothing().returning(j.JUDGEMENT_ID).fetch(j.JUDGEMENT_ID));
    }

    /** What a replay must repeat: the trial and the choice. */
    record StoredChoice(UUID id, int trialIndex, int chosenPosition) {}

    /** Stored judgements of this session among {@code ids}. */
    Map<UUID, StoredChoice> stored(DSLContext tx, UUID sessionId, Collection<UUID> ids) {
        var j = TRIPLET_JUDGEMENT;
        return tx.select(j.JUDGEMENT_ID, j.TRIAL_INDEX, j.CHOSEN_POSITION).from(j)
                .where(j.SESSION_ID.eq(sessionId), j.JUDGEMENT_ID.in(ids))
                .fetchMap(j.JUDGEMENT_ID, Records.mapping(StoredChoice::new));
    }
}
