package dev.tandem.clickme;

import static dev.tandem.db.jooq.Tables.CLICKME_QUERY;
import static dev.tandem.db.jooq.Tables.CLICKME_REVEAL;
import static dev.tandem.db.jooq.Tables.CLICKME_ROUND;
import static dev.tandem.db.jooq.Tables.TRIAL;

import dev.tandem.experiment.TrialType;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;

final class ClickMeRepository {

    /** What a round needs from its trial row. */
    record RoundTrial(TrialType trialType, String category, String stimulusSha256, long noiseSeed) {}

    /** A stored query, as much as a replay or a round check needs. */
    record StoredQuery(UUID queryId, int trialIndex, int revealCount, double elapsedMs, String topKJson,
                       String probabilitiesJson, boolean correct, double latencyMs, Boolean matchesDisplay) {}

    record NewQuery(UUID queryId, int trialIndex, int revealCount, double elapsedMs, String model, String topKJson,
                    String probabilitiesJson, boolean correct, double latencyMs, String composedSha256,
                    Long displayChecksum, Boolean matchesDisplay) {}

    record NewRound(UUID roundId, int trialIndex, String outcome, double elapsedMs, double points, int revealCount,
                    String recordJson, OffsetDateTime clientTime) {}

    Optional<RoundTrial> trial(DSLContext dsl, UUID sessionId, int trialIndex) {
        return dsl.select(TRIAL.TRIAL_TYPE, TRIAL.CATEGORY, TRIAL.STIMULUS_SHA256, TRIAL.MASK_SEED).from(TRIAL)
                .where(TRIAL.SESSION_ID.eq(sessionId), TRIAL.TRIAL_INDEX.eq(trialIndex))
                .fetchOptional(r -> new RoundTrial(TrialType.fromDb(r.value1()), r.value2(), r.value3(), r.value4()));
    }

    boolean roundEnded(DSLContext dsl, UUID sessionId, int trialIndex) {
        return dsl.fetchExists(CLICKME_ROUND, CLICKME_ROUND.SESSION_ID.eq(sessionId),
                CLICKME_ROUND.TRIAL_INDEX.eq(trialIndex));
    }

    Optional<StoredQuery> query(DSLContext dsl, UUID sessionId, UUID queryId) {
        return dsl.selectFrom(CLICKME_QUERY)
                .where(CLICKME_QUERY.QUERY_ID.eq(queryId), CLICKME_QUERY.SESSION_ID.eq(sessionId))
                .fetchOptional(r -> new StoredQuery(r.getQueryId(), r.getTrialIndex(), r.getRevealCount(),
                        r.getElapsedMs(), r.getTopK().data(), r.getProbabilities().data(), r.getCorrect(),
                        r.getLatencyMs(), r.getMatchesDisplay()));
    }

    /** Whether any session stored a query under this id. */
    boolean queryIdTaken(DSLContext dsl, UUID queryId) {
        return dsl.fetchExists(CLICKME_QUERY, CLICKME_QUERY.QUERY_ID.eq(queryId));
    }

    /** The session's queries received in the last {@code seconds} seconds. */
    int recentQueries(DSLContext dsl, UUID sessionId, int seconds) {
        return dsl.fetchCount(CLICKME_QUERY, CLICKME_QUERY.SESSION_ID.eq(sessionId),
                CLICKME_QUERY.RECEIVED_AT.gt(OffsetDateTime.now().minusSeconds(seconds)));
    }

    /** The earliest winning query of a round (fewest reveals), if any. */
    Optional<Double> firstCorrectElapsed(DSLContext dsl, UUID sessionId, int trialIndex) {
        return dsl.select(CLICKME_QUERY.ELAPSED_MS).from(CLICKME_QUERY)
                .where(CLICKME_QUERY.SESSION_ID.eq(sessionId), CLICKME_QUERY.TRIAL_INDEX.eq(trialIndex),
                        CLICKME_QUERY.CORRECT.isTrue())
                .orderBy(CLICKME_QUERY.REVEAL_COUNT, CLICKME_QUERY.ELAPSED_MS)
                .limit(1)
                .fetchOptional(CLICKME_QUERY.ELAPSED_MS);
    }

    /** Inserts the query unless its id is stored already; returns whether it was inserted. */
    boolean insertQuery(DSLContext tx, UUID sessionId, NewQuery q) {
        return tx.insertInto(CLICKME_QUERY)
                .set(CLICKME_QUERY.QUERY_ID, q.queryId())
                .set(CLICKME_QUERY.SESSION_ID, sessionId)
                .set(CLICKME_QUERY.TRIAL_INDEX, q.trialIndex())
                .set(CLICKME_QUERY.REVEAL_COUNT, q.revealCount())
                .set(CLICKME_QUERY.ELAPSED_MS, q.elapsedMs())
                .set(CLICKME_QUERY.MODEL, q.model())
                .set(CLICKME_QUERY.TOP_K, JSONB.valueOf(q.topKJson()))
                .set(CLICKME_QUERY.PROBABILITIES, JSONB.valueOf(q.probabilitiesJson()))
                .set(CLICKME_QUERY.CORRECT, q.correct())
                .set(CLICKME_QUERY.LATENCY_MS, q.latencyMs())
                .set(CLICKME_QUERY.COMPOSED_SHA256, q.composedSha256())
                .set(CLICKME_QUERY.DISPLAY_CHECKSUM, q.displayChecksum())
                .set(CLICKME_QUERY.MATCHES_DISPLAY, q.matchesDisplay())
                .onConflictDoNothing()
                .execute() == 1;
    }

    /** Stores reveals by their position in the round; positions stored already are kept as they are. */
    void insertReveals(DSLContext tx, UUID sessionId, int trialIndex, List<Reveal> reveals) {
        if (reveals.isEmpty()) {
            return;
        }
        var insert = tx.insertInto(CLICKME_REVEAL, CLICKME_REVEAL.SESSION_ID, CLICKME_REVEAL.TRIAL_INDEX,
                CLICKME_REVEAL.SEQ, CLICKME_REVEAL.X, CLICKME_REVEAL.Y, CLICKME_REVEAL.SIZE, CLICKME_REVEAL.T_MS);
        for (int i = 0; i < reveals.size(); i++) {
            Reveal r = reveals.get(i);
            insert = insert.values(sessionId, trialIndex, i, r.x(), r.y(), r.size(), r.tMs());
        }
        insert.onConflictDoNothing().execute();
    }

    /** Inserts what is new; returns the round ids actually inserted. */
    Set<UUID> insertRounds(DSLContext tx, UUID sessionId, List<NewRound> rounds) {
        var insert = tx.insertInto(CLICKME_ROUND, CLICKME_ROUND.ROUND_ID, CLICKME_ROUND.SESSION_ID,
                CLICKME_ROUND.TRIAL_INDEX, CLICKME_ROUND.OUTCOME, CLICKME_ROUND.ELAPSED_MS, CLICKME_ROUND.POINTS,
                CLICKME_ROUND.REVEAL_COUNT, CLICKME_ROUND.RECORD, CLICKME_ROUND.CLIENT_TIME);
        for (NewRound r : rounds) {
            insert = insert.values(r.roundId(), sessionId, r.trialIndex(), r.outcome(), r.elapsedMs(), r.points(),
                    r.revealCount(), JSONB.valueOf(r.recordJson()), r.clientTime());
        }
        return Set.copyOf(insert.onConflictDoNothing().returning(CLICKME_ROUND.ROUND_ID).fetch(CLICKME_ROUND.ROUND_ID));
    }

    /** What a replayed round must repeat: its trial, outcome and reveal count. */
    record StoredRound(int trialIndex, String outcome, int revealCount) {}

    /** Stored rounds of this session among {@code ids}. */
    Map<UUID, StoredRound> storedRounds(DSLContext tx, UUID sessionId, Collection<UUID> ids) {
        return tx.select(CLICKME_ROUND.ROUND_ID, CLICKME_ROUND.TRIAL_INDEX, CLICKME_ROUND.OUTCOME,
                        CLICKME_ROUND.REVEAL_COUNT).from(CLICKME_ROUND)
                .where(CLICKME_ROUND.SESSION_ID.eq(sessionId), CLICKME_ROUND.ROUND_ID.in(ids))
                .fetchMap(CLICKME_ROUND.ROUND_ID, r -> new StoredRound(r.value2(), r.value3(), r.value4()));
    }
}
