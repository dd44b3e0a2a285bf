package dev.tandem.session;

import static dev.tandem.db.jooq.Tables.CLICKME_QUERY;
import static dev.tandem.db.jooq.Tables.CLICKME_REVEAL;
import static dev.tandem.db.jooq.Tables.CLICKME_ROUND;
import static dev.tandem.db.jooq.Tables.DELETION_AUDIT;
import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.FREE_ASSIGNMENT_SLOT;
import static dev.tandem.db.jooq.Tables.RESPONSE;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIAL;
import static dev.tandem.db.jooq.Tables.TRIPLET_JUDGEMENT;
import static dev.tandem.db.jooq.Tables.TRIPLET_TRIAL;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** Deletes a session's data table by table, frees its assignment slot, and writes the audit trail. */
final class DeletionRepository {

    /** The facts of a session a deletion needs: whose experiment, which slot, whether a pilot. */
    record Target(UUID id, long experimentId, String slug, int slot, boolean pilot, String status) {}

    /** One audit row as read back: never the deleted data, only what, when, who and how many rows. */
    record AuditRow(long id, OffsetDateTime deletedAt, String deletedBy, String what, String reason,
                    Map<String, Integer> rowCounts) {}

    Optional<Target> target(DSLContext dsl, UUID sessionId) {
        return targets(dsl, SESSION.ID.eq(sessionId)).stream().findFirst();
    }

    Optional<Target> byWithdrawCode(DSLContext dsl, String codeSha256) {
        return targets(dsl, SESSION.WITHDRAW_CODE_SHA256.eq(codeSha256)).stream().findFirst();
    }

    List<Target> pilots(DSLContext dsl, String slug) {
        return targets(dsl, EXPERIMENT.SLUG.eq(slug).and(SESSION.PILOT.isTrue()));
    }

    /** Sessions of {@code slug} with any recorded query parameter equal to {@code recruitmentId}. */
    List<Target> byRecruitmentId(DSLContext dsl, String slug, String recruitmentId) {
        return targets(dsl, EXPERIMENT.SLUG.eq(slug).andExists(DSL.selectOne()
                .from(DSL.table("jsonb_each_text({0})", SESSION.RECRUITMENT).as("p", "key", "value"))
                .where(DSL.field(DSL.name("p", "value"), String.class).eq(recruitmentId))));
    }

    private List<Target> targets(DSLContext dsl, org.jooq.Condition where) {
        return dsl.select(SESSION.ID, SESSION.EXPERIMENT_ID, EXPERIMENT.SLUG, SESSION.ASSIGNMENT_SLOT, SESSION.PILOT,
                        SESSION.STATUS)
                .from(SESSION).join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                .where(where)
                .orderBy(SESSION.CREATED_AT)
                .fetch(org.jooq.Records.mapping(Target::new));
    }

    /** Locks the session row, so a deletion and a withdrawal of one session take turns. */
    void lock(DSLContext tx, UUID sessionId) {
        tx.select(SESSION.ID).from(SESSION).where(SESSION.ID.eq(sessionId)).forUpdate().fetch();
    }

    /**
     * Deletes everything recorded in the session (queries, reveals, rounds, responses, trials) and
     * adds the counts to {@code counts}; the session row itself is left to the caller.
     */
    void deleteData(DSLContext tx, UUID sessionId, Map<String, Integer> counts) {
        add(counts, "clickme_query", tx.deleteFrom(CLICKME_QUERY).where(CLICKME_QUERY.SESSION_ID.eq(sessionId)).execute());
        add(counts, "clickme_reveal", tx.deleteFrom(CLICKME_REVEAL).where(CLICKME_REVEAL.SESSION_ID.eq(sessionId)).execute());
        add(counts, "clickme_round", tx.deleteFrom(CLICKME_ROUND).where(CLICKME_ROUND.SESSION_ID.eq(sessionId)).execute());
        add(counts, "response", tx.deleteFrom(RESPONSE).where(RESPONSE.SESSION_ID.eq(sessionId)).execute());
        add(counts, "triplet_judgement", tx.deleteFrom(TRIPLET_JUDGEMENT).where(TRIPLET_JUDGEMENT.SESSION_ID.eq(sessionId)).execute());
        add(counts, "triplet_trial", tx.deleteFrom(TRIPLET_TRIAL).where(TRIPLET_TRIAL.SESSION_ID.eq(sessionId)).execute());
        add(counts, "trial", tx.deleteFrom(TRIAL).where(TRIAL.SESSION_ID.eq(sessionId)).execute());
    }

    void deleteSession(DSLContext tx, UUID sessionId, Map<String, Integer> counts) {
        add(counts, "session", tx.deleteFrom(SESSION).where(SESSION.ID.eq(sessionId)).execute());
    }

    /** Keeps the row as a tombstone of a withdrawal: no recruitment ids, no screen, no code. */
    void markWithdrawn(DSLContext tx, UUID sessionId) {
        tx.update(SESSION)
                .set(SESSION.STATUS, SessionStatus.WITHDRAWN.dbName())
                .set(SESSION.WITHDRAWN_AT, OffsetDateTime.now())
                .set(SESSION.WITHDRAW_CODE_SHA256, (String) null)
                .set(SESSION.RECRUITMENT, JSONB.valueOf("{}"))
                .set(SESSION.SCREEN, (JSONB) null)
                .where(SESSION.ID.eq(sessionId))
                .execute();
    }

    /** Flags a session as excluded from analysis with a reason, or (null) includes it again. */
    void setExcluded(DSLContext dsl, UUID sessionId, String reason) {
        dsl.update(SESSION).set(SESSION.EXCLUDED_REASON, reason).where(SESSION.ID.eq(sessionId)).execute();
    }

    void freeSlot(DSLContext tx, long experimentId, int slot) {
        tx.insertInto(FREE_ASSIGNMENT_SLOT)
                .set(FREE_ASSIGNMENT_SLOT.EXPERIMENT_ID, experimentId)
                .set(FREE_ASSIGNMENT_SLOT.SLOT, slot)
                .onConflictDoNothing()
                .execute();
    }

    void audit(DSLContext tx, Long accountId, String what, String slug, String reason, String rowCountsJson) {
        tx.insertInto(DELETION_AUDIT)
                .set(DELETION_AUDIT.ACCOUNT_ID, accountId)
                .set(DELETION_AUDIT.WHAT, what)
                .set(DELETION_AUDIT.SLUG, slug)
                .set(DELETION_AUDIT.REASON, reason)
                .set(DELETION_AUDIT.ROW_COUNTS, JSONB.valueOf(rowCountsJson))
                .execute();
    }

    List<AuditRow> audits(DSLContext dsl, String slug, java.util.function.Function<String, Map<String, Integer>> counts) {
        var account = dev.tandem.db.jooq.Tables.ACCOUNT;
        return dsl.select(DELETION_AUDIT.ID, DELETION_AUDIT.DELETED_AT, account.USERNAME, DELETION_AUDIT.WHAT,
                        DELETION_AUDIT.REASON, DELETION_AUDIT.ROW_COUNTS)
                .from(DELETION_AUDIT).leftJoin(account).on(account.ID.eq(DELETION_AUDIT.ACCOUNT_ID))
                .where(DELETION_AUDIT.SLUG.eq(slug))
                .orderBy(DELETION_AUDIT.ID)
                .fetch(r -> new AuditRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        counts.apply(r.value6().data())));
    }

    private static void add(Map<String, Integer> counts, String table, int rows) {
        counts.merge(table, rows, Integer::sum);
    }

    static Map<String, Integer> emptyCounts() {
        return new LinkedHashMap<>();
    }
}
