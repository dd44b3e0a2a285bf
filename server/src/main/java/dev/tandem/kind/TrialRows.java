package dev.tandem.kind;

import static dev.tandem.db.jooq.Tables.CLICKME_ROUND;
import static dev.tandem.db.jooq.Tables.RESPONSE;
import static dev.tandem.db.jooq.Tables.TRIAL;
import static dev.tandem.db.jooq.Tables.TRIPLET_JUDGEMENT;

import dev.tandem.experiment.TrialType;
import java.util.UUID;
import org.jooq.DSLContext;

/** The kinds' SQL: their outcome tables and the frames planned at the screen check. */
final class TrialRows {

    private TrialRows() {}

    /** Masked responses. */
    static final TrialKind.Outcomes RESPONSES = new TrialKind.Outcomes(RESPONSE, RESPONSE.SESSION_ID, RESPONSE.TRIAL_INDEX);
    /** ClickMe rounds. */
    static final TrialKind.Outcomes ROUNDS = new TrialKind.Outcomes(CLICKME_ROUND, CLICKME_ROUND.SESSION_ID,
            CLICKME_ROUND.TRIAL_INDEX);
    /** Triplet judgements. */
    static final TrialKind.Outcomes JUDGEMENTS = new TrialKind.Outcomes(TRIPLET_JUDGEMENT, TRIPLET_JUDGEMENT.SESSION_ID,
            TRIPLET_JUDGEMENT.TRIAL_INDEX);

    /** Frames of a trial's screens as planned at a refresh rate; null where the trial has no such screen. */
    record PlannedFrames(Integer presentation, Integer fixation, Integer blank, Integer mask) {}

    /**
     * Plans the frames of the session's trials of one kind that have no outcome yet in
     * {@code outcomes}; only those of one requested duration when {@code requestedMs} is given.
     */
    static void planFrames(DSLContext tx, UUID sessionId, TrialType type, TrialKind.Outcomes outcomes, Integer requestedMs,
                           PlannedFrames frames) {
        var where = TRIAL.SESSION_ID.eq(sessionId).and(TRIAL.TRIAL_TYPE.eq(type.dbName()));
        if (requestedMs != null) {
            where = where.and(TRIAL.REQUESTED_MS.eq(requestedMs));
        }
        tx.update(TRIAL)
                .set(TRIAL.PLANNED_FRAMES, frames.presentation())
                .set(TRIAL.FIXATION_FRAMES, frames.fixation())
                .set(TRIAL.BLANK_FRAMES, frames.blank())
                .set(TRIAL.MASK_FRAMES, frames.mask())
                .where(where)
                .andNotExists(tx.selectOne().from(outcomes.table())
                        .where(outcomes.sessionId().eq(TRIAL.SESSION_ID), outcomes.trialIndex().eq(TRIAL.TRIAL_INDEX)))
                .execute();
    }
}
