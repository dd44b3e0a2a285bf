package dev.tandem.session;

import static dev.tandem.db.jooq.Tables.FREE_ASSIGNMENT_SLOT;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIAL;
import static dev.tandem.db.jooq.Tables.TRIPLET_TRIAL;

import dev.tandem.experiment.TrialType;
import dev.tandem.kind.SessionTrial;
import dev.tandem.kind.TrialKind;
import dev.tandem.kind.TrialKinds;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

final class SessionRepository {

    /** The stored session row that requests are authorized against. */
    record SessionRow(UUID id, long experimentId, SessionStatus status, String recruitmentJson, String screenJson,
                      Double refreshHz) {}

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

    /** Inserts the planned trials, and the three images of each triplet trial. */
    void insertTrials(DSLContext tx, UUID sessionId, List<SessionTrial.New> trials) {
        var insert = tx.insertInto(TRIAL, TRIAL.SESSION_ID, TRIAL.TRIAL_TYPE, TRIAL.TRIAL_INDEX, TRIAL.BLOCK, TRIAL.PRACTICE,
                TRIAL.IMAGE_INDEX, TRIAL.IMAGE_FILE, TRIAL.CATEGORY, TRIAL.MANIPULATION, TRIAL.LEVEL,
                TRIAL.REQUESTED_MS, TRIAL.STIMULUS_SHA256, TRIAL.MASK_SEED, TRIAL.MASK_SHA256);
        for (SessionTrial.New t : trials) {
            insert = insert.values(sessionId, t.trialType().dbName(), t.index(), t.block(), t.practice(), t.imageIndex(), t.imageFile(),
                    t.category(), t.manipulation(), t.level(), t.requestedMs(), t.stimulusSha256(), t.maskSeed(),
                    t.maskSha256());
        }
        insert.execute();
        var triplets = trials.stream().filter(t -> t.triplet() != null).toList();
        if (triplets.isEmpty()) {
            return;
        }
        var T = TRIPLET_TRIAL;
        var insertTriplets = tx.insertInto(T, T.SESSION_ID, T.TRIAL_INDEX, T.ROLE, T.IMAGE_0, T.IMAGE_1, T.IMAGE_2,
                T.FILE_0, T.FILE_1, T.FILE_2, T.CATEGORY_0, T.CATEGORY_1, T.CATEGORY_2, T.STIMULUS_SHA256_0,
                T.STIMULUS_SHA256_1, T.STIMULUS_SHA256_2, T.CATCH_ODD_POSITION, T.PRESENTATION_FRAMES, T.MASK_SHA256);
        for (SessionTrial.New t : triplets) {
            var p = t.triplet();
            insertTriplets = insertTriplets.values(java.util.Arrays.asList(sessionId, t.index(), p.role(),
                    p.images().get(0), p.images().get(1), p.images().get(2), p.files().get(0), p.files().get(1),
                    p.files().get(2), p.categories().get(0), p.categories().get(1), p.categories().get(2),
                    p.stimuli().get(0), p.stimuli().get(1), p.stimuli().get(2), p.catchOddPosition(),
                    p.presentationFrames(), p.maskSha256()));
        }
        insertTriplets.execute();
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

    /** The session's trials in order, each triplet trial with its three images. */
    List<SessionTrial.Stored> trials(DSLContext dsl, UUID sessionId) {
        var T = TRIPLET_TRIAL;
        return dsl.select(TRIAL.asterisk(), T.asterisk()).from(TRIAL)
                .leftJoin(T).on(T.SESSION_ID.eq(TRIAL.SESSION_ID), T.TRIAL_INDEX.eq(TRIAL.TRIAL_INDEX))
                .where(TRIAL.SESSION_ID.eq(sessionId)).orderBy(TRIAL.TRIAL_INDEX)
                .fetch(r -> {
                    var t = r.into(TRIAL);
                    var p = r.get(T.ROLE) == null ? null : new SessionTrial.Triplet(
                            List.of(r.get(T.IMAGE_0), r.get(T.IMAGE_1), r.get(T.IMAGE_2)),
                            List.of(r.get(T.FILE_0), r.get(T.FILE_1), r.get(T.FILE_2)),
                            List.of(r.get(T.CATEGORY_0), r.get(T.CATEGORY_1), r.get(T.CATEGORY_2)),
                            List.of(r.get(T.STIMULUS_SHA256_0), r.get(T.STIMULUS_SHA256_1), r.get(T.STIMULUS_SHA256_2)),
                            r.get(T.ROLE), r.get(T.CATCH_ODD_POSITION), r.get(T.PRESENTATION_FRAMES), r.get(T.MASK_SHA256));
                    return new SessionTrial.Stored(t.getTrialIndex(), TrialType.fromDb(t.getTrialType()), t.getBlock(),
                            t.getPractice(), t.getStimulusSha256(), t.getMaskSha256(), t.getRequestedMs(),
                            t.getPlannedFrames(), t.getFixationFrames(), t.getBlankFrames(), t.getMaskFrames(),
                            t.getCategory(), t.getMaskSeed(), p);
                });
    }

    /** Trials with an outcome, in whichever kind's table it is stored. */
    List<Integer> answered(DSLContext dsl, UUID sessionId) {
        return dsl.select(DSL.field("trial_index", Integer.class)).from(outcomes(dsl, sessionId)).orderBy(1)
                .fetch(0, Integer.class);
    }

    int unansweredCount(DSLContext dsl, UUID sessionId) {
        return dsl.fetchCount(TRIAL, TRIAL.SESSION_ID.eq(sessionId)) - dsl.fetchCount(outcomes(dsl, sessionId));
    }

    /** The trial indices of the session's stored outcomes of every kind. */
    private static org.jooq.Table<?> outcomes(DSLContext dsl, UUID sessionId) {
        org.jooq.Select<org.jooq.Record1<Integer>> union = null;
        for (TrialKind kind : TrialKinds.all().list()) {
            var o = kind.outcomes();
            var select = dsl.select(o.trialIndex().as("trial_index")).from(o.table()).where(o.sessionId().eq(sessionId));
            union = union == null ? select : union.unionAll(select);
        }
        return union.asTable("outcome");
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
