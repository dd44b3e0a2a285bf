package dev.tandem.session;

import static dev.tandem.db.jooq.Tables.CLICKME_ROUND;
import static dev.tandem.db.jooq.Tables.FREE_ASSIGNMENT_SLOT;
import static dev.tandem.db.jooq.Tables.RESPONSE;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIAL;

import dev.tandem.experiment.TrialType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;

final class SessionRepository {

    /** The stored session row that requests are authorized against. */
    record SessionRow(UUID id, long experimentId, SessionStatus status, String recruitmentJson, String screenJson,
                      Double refreshHz) {}

    /** A trial to insert: the plan plus the rendered bytes' addresses. */
    record NewTrial(TrialType trialType, int index, int block, boolean practice, int imageIndex, String imageFile, String category,
                    String manipulation, Double level, Integer requestedMs, String stimulusSha256, long maskSeed,
                    String maskSha256) {}

    /** Inserts the session unless its start id is stored already; returns whether it was inserted. */
    boolean insertSession(DSLContext tx, UUID id, String tokenSha256, String startSha256, long experimentId, int slot,
                          String recruitmentJson) {
        return tx.insertInto(SESSION)
                .set(SESSION.ID, id)
                .set(SESSION.TOKEN_SHA256, tokenSha256)
                .set(SESSION.START_SHA256, startSha256)
                .set(SESSION.EXPERIMENT_ID, experimentId)
                .set(SESSION.ASSIGNMENT_SLOT, slot)
                .set(SESSION.STATUS, SessionStatus.STARTED.dbName())
                .set(SESSION.RECRUITMENT, JSONB.valueOf(recruitmentJson))
                .onConflictDoNothing()
                .execute() == 1;
    }

    /** The session a start id made, if any. */
    Optional<UUID> byStart(DSLContext dsl, String startSha256) {
        return dsl.select(SESSION.ID).from(SESSION).where(SESSION.START_SHA256.eq(startSha256)).fetchOptional(SESSION.ID);
    }

    /** Replaces the session's token (a retried start gets a fresh one: only hashes are stored). */
    void replaceToken(DSLContext tx, UUID id, String tokenSha256) {
        tx.update(SESSION).set(SESSION.TOKEN_SHA256, tokenSha256).where(SESSION.ID.eq(id)).execute();
    }

    /**
     * The session's status, with its row locked until the transaction ends: {@code exclusive} for
     * a status change, shared for a write that only depends on it (responses, rounds).
     */
    SessionStatus lockStatus(DSLContext tx, UUID id, boolean exclusive) {
        var select = tx.select(SESSION.STATUS).from(SESSION).where(SESSION.ID.eq(id));
        return SessionStatus.fromDb((exclusive ? select.forUpdate() : select.forShare()).fetchSingle(SESSION.STATUS));
    }

    void insertTrials(DSLContext tx, UUID sessionId, List<NewTrial> trials) {
        var insert = tx.insertInto(TRIAL, TRIAL.SESSION_ID, TRIAL.TRIAL_TYPE, TRIAL.TRIAL_INDEX, TRIAL.BLOCK, TRIAL.PRACTICE,
                TRIAL.IMAGE_INDEX, TRIAL.IMAGE_FILE, TRIAL.CATEGORY, TRIAL.MANIPULATION, TRIAL.LEVEL,
                TRIAL.REQUESTED_MS, TRIAL.STIMULUS_SHA256, TRIAL.MASK_SEED, TRIAL.MASK_SHA256);
        for (NewTrial t : trials) {
            insert = insert.values(sessionId, t.trialType().dbName(), t.index(), t.block(), t.practice(), t.imageIndex(), t.imageFile(),
                    t.category(), t.manipulation(), t.level(), t.requestedMs(), t.stimulusSha256(), t.maskSeed(),
                    t.maskSha256());
        }
        insert.execute();
    }

    Optional<SessionRow> find(DSLContext dsl, UUID id, String tokenSha256) {
        return select(dsl).where(SESSION.ID.eq(id), SESSION.TOKEN_SHA256.eq(tokenSha256)).fetchOptional(this::toRow);
    }

    SessionRow findById(DSLContext dsl, UUID id) {
        return select(dsl).where(SESSION.ID.eq(id)).fetchSingle(this::toRow);
    }

    private org.jooq.SelectJoinStep<org.jooq.Record6<UUID, Long, String, JSONB, JSONB, Double>> select(DSLContext dsl) {
        return dsl.select(SESSION.ID, SESSION.EXPERIMENT_ID, SESSION.STATUS, SESSION.RECRUITMENT, SESSION.SCREEN,
                SESSION.REFRESH_HZ).from(SESSION);
    }

    private SessionRow toRow(org.jooq.Record6<UUID, Long, String, JSONB, JSONB, Double> r) {
        return new SessionRow(r.value1(), r.value2(), SessionStatus.fromDb(r.value3()), r.value4().data(),
                r.value5() == null ? null : r.value5().data(), r.value6());
    }

    /** A stored trial as the participant's state shows it. */
    record StoredTrial(int index, TrialType type, int block, boolean practice, String stimulusSha256, String maskSha256,
                       Integer requestedMs, Integer plannedFrames, Integer fixationFrames, Integer blankFrames,
                       Integer maskFrames, String category, long maskSeed) {}

    List<StoredTrial> trials(DSLContext dsl, UUID sessionId) {
        return dsl.selectFrom(TRIAL).where(TRIAL.SESSION_ID.eq(sessionId)).orderBy(TRIAL.TRIAL_INDEX)
                .fetch(t -> new StoredTrial(t.getTrialIndex(), TrialType.fromDb(t.getTrialType()), t.getBlock(), t.getPractice(),
                        t.getStimulusSha256(), t.getMaskSha256(), t.getRequestedMs(), t.getPlannedFrames(),
                        t.getFixationFrames(), t.getBlankFrames(), t.getMaskFrames(), t.getCategory(), t.getMaskSeed()));
    }

    /** Trials with an outcome: a stored response (masked) or a stored round (ClickMe). */
    List<Integer> answered(DSLContext dsl, UUID sessionId) {
        return dsl.select(RESPONSE.TRIAL_INDEX).from(RESPONSE).where(RESPONSE.SESSION_ID.eq(sessionId))
                .unionAll(dsl.select(CLICKME_ROUND.TRIAL_INDEX).from(CLICKME_ROUND)
                        .where(CLICKME_ROUND.SESSION_ID.eq(sessionId)))
                .orderBy(1)
                .fetch(0, Integer.class);
    }

    int unansweredCount(DSLContext dsl, UUID sessionId) {
        return dsl.fetchCount(TRIAL, TRIAL.SESSION_ID.eq(sessionId)) - dsl.fetchCount(RESPONSE, RESPONSE.SESSION_ID.eq(sessionId))
                - dsl.fetchCount(CLICKME_ROUND, CLICKME_ROUND.SESSION_ID.eq(sessionId));
    }

    void recordScreen(DSLContext tx, UUID sessionId, String screenJson, double refreshHz) {
        tx.update(SESSION)
                .set(SESSION.SCREEN, JSONB.valueOf(screenJson))
                .set(SESSION.REFRESH_HZ, refreshHz)
                .set(SESSION.STATUS, SessionStatus.SCREEN_CHECKED.dbName())
                .set(SESSION.SCREEN_CHECKED_AT, OffsetDateTime.now())
                .where(SESSION.ID.eq(sessionId))
                .execute();
    }

    /** Plans the frames of the session's unanswered trials of one requested duration. */
    void planFrames(DSLContext tx, UUID sessionId, int requestedMs, int plannedFrames, int fixationFrames,
                    int blankFrames, int maskFrames) {
        tx.update(TRIAL)
                .set(TRIAL.PLANNED_FRAMES, plannedFrames)
                .set(TRIAL.FIXATION_FRAMES, fixationFrames)
                .set(TRIAL.BLANK_FRAMES, blankFrames)
                .set(TRIAL.MASK_FRAMES, maskFrames)
                .where(TRIAL.SESSION_ID.eq(sessionId), TRIAL.TRIAL_TYPE.eq(TrialType.MASKED.dbName()), TRIAL.REQUESTED_MS.eq(requestedMs))
                .andNotExists(tx.selectOne().from(RESPONSE)
                        .where(RESPONSE.SESSION_ID.eq(TRIAL.SESSION_ID), RESPONSE.TRIAL_INDEX.eq(TRIAL.TRIAL_INDEX)))
                .execute();
    }

    /** Counts one refused screen check; answers the session's refusals so far. */
    int recordScreenFailure(DSLContext dsl, UUID sessionId) {
        return dsl.update(SESSION)
                .set(SESSION.SCREEN_CHECK_FAILURES, SESSION.SCREEN_CHECK_FAILURES.plus(1))
                .where(SESSION.ID.eq(sessionId))
                .returning(SESSION.SCREEN_CHECK_FAILURES)
                .fetchSingle(SESSION.SCREEN_CHECK_FAILURES);
    }

    int screenFailures(DSLContext dsl, UUID sessionId) {
        return dsl.select(SESSION.SCREEN_CHECK_FAILURES).from(SESSION).where(SESSION.ID.eq(sessionId))
                .fetchSingle(SESSION.SCREEN_CHECK_FAILURES);
    }

    /** Ends a session that has not been screen-checked with the screen-out; false when it had moved on. */
    boolean markScreenedOut(DSLContext dsl, UUID sessionId) {
        return dsl.update(SESSION)
                .set(SESSION.STATUS, SessionStatus.SCREENED_OUT.dbName())
                .set(SESSION.SCREENED_OUT_AT, OffsetDateTime.now())
                .where(SESSION.ID.eq(sessionId), SESSION.STATUS.eq(SessionStatus.STARTED.dbName()))
                .execute() == 1;
    }

    /** Gives a screened-out participant's slot to the next participant: it holds no data. */
    void freeSlotOf(DSLContext dsl, UUID sessionId) {
        dsl.insertInto(FREE_ASSIGNMENT_SLOT, FREE_ASSIGNMENT_SLOT.EXPERIMENT_ID, FREE_ASSIGNMENT_SLOT.SLOT)
                .select(dsl.select(SESSION.EXPERIMENT_ID, SESSION.ASSIGNMENT_SLOT).from(SESSION)
                        .where(SESSION.ID.eq(sessionId), SESSION.PILOT.isFalse()))
                .onConflictDoNothing()
                .execute();
    }

    void markPilot(DSLContext tx, UUID sessionId) {
        tx.update(SESSION).set(SESSION.PILOT, true).where(SESSION.ID.eq(sessionId)).execute();
    }

    boolean isPilot(DSLContext dsl, UUID sessionId) {
        return dsl.select(SESSION.PILOT).from(SESSION).where(SESSION.ID.eq(sessionId)).fetchSingle(SESSION.PILOT);
    }

    /** Stores the hash of a new one-time withdrawal code (replacing an earlier one). */
    void setWithdrawCode(DSLContext dsl, UUID sessionId, String codeSha256) {
        dsl.update(SESSION).set(SESSION.WITHDRAW_CODE_SHA256, codeSha256).where(SESSION.ID.eq(sessionId)).execute();
    }

    /** Completed sessions of a slug (every version) that are not pilots. */
    int completedParticipants(DSLContext dsl, String slug) {
        return dsl.fetchCount(SESSION, SESSION.STATUS.eq(SessionStatus.COMPLETED.dbName()), SESSION.PILOT.isFalse(),
                SESSION.EXPERIMENT_ID.in(dsl.select(dev.tandem.db.jooq.Tables.EXPERIMENT.ID)
                        .from(dev.tandem.db.jooq.Tables.EXPERIMENT)
                        .where(dev.tandem.db.jooq.Tables.EXPERIMENT.SLUG.eq(slug))));
    }

    void markCompleted(DSLContext tx, UUID sessionId) {
        tx.update(SESSION)
                .set(SESSION.STATUS, SessionStatus.COMPLETED.dbName())
                .set(SESSION.COMPLETED_AT, OffsetDateTime.now())
                .where(SESSION.ID.eq(sessionId), SESSION.STATUS.ne(SessionStatus.COMPLETED.dbName()))
                .execute();
    }
}
