package dev.tandem.account;

import static dev.tandem.db.jooq.Tables.ACCOUNT;
import static dev.tandem.db.jooq.Tables.EXPERIMENT_ACCESS;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/** Which accounts may see which experiments (by slug), in PostgreSQL. */
final class AccessRepository {

    boolean hasAccess(DSLContext db, String slug, long accountId) {
        return db.fetchExists(EXPERIMENT_ACCESS,
                EXPERIMENT_ACCESS.SLUG.eq(slug).and(EXPERIMENT_ACCESS.ACCOUNT_ID.eq(accountId)));
    }

    Set<String> slugsOf(DSLContext db, long accountId) {
        return db.select(EXPERIMENT_ACCESS.SLUG).from(EXPERIMENT_ACCESS)
                .where(EXPERIMENT_ACCESS.ACCOUNT_ID.eq(accountId))
                .fetchSet(EXPERIMENT_ACCESS.SLUG);
    }

    /** The accounts that own {@code slug}: none or one. */
    Set<Long> owners(DSLContext db, String slug) {
        return db.select(EXPERIMENT_ACCESS.ACCOUNT_ID).from(EXPERIMENT_ACCESS)
                .where(EXPERIMENT_ACCESS.SLUG.eq(slug).and(EXPERIMENT_ACCESS.ACCESS.eq("owner")))
                .fetchSet(EXPERIMENT_ACCESS.ACCOUNT_ID);
    }

    /** Makes {@code accountId} an owner of {@code slug}, also when it was only shared with them. */
    void insertOwner(DSLContext db, String slug, long accountId) {
        db.insertInto(EXPERIMENT_ACCESS)
                .set(EXPERIMENT_ACCESS.SLUG, slug)
                .set(EXPERIMENT_ACCESS.ACCOUNT_ID, accountId)
                .set(EXPERIMENT_ACCESS.ACCESS, "owner")
                .onConflict(EXPERIMENT_ACCESS.SLUG, EXPERIMENT_ACCESS.ACCOUNT_ID).doUpdate()
                .set(EXPERIMENT_ACCESS.ACCESS, "owner")
                .execute();
    }

    /** Takes back a share; an owner's row is never removed here. Answers whether a share was removed. */
    boolean deleteShared(DSLContext db, String slug, long accountId) {
        return db.deleteFrom(EXPERIMENT_ACCESS)
                .where(EXPERIMENT_ACCESS.SLUG.eq(slug), EXPERIMENT_ACCESS.ACCOUNT_ID.eq(accountId),
                        EXPERIMENT_ACCESS.ACCESS.eq("shared"))
                .execute() == 1;
    }

    /** Shares {@code slug} with {@code accountId}; an owner stays owner. */
    void insertShared(DSLContext db, String slug, long accountId) {
        db.insertInto(EXPERIMENT_ACCESS)
                .set(EXPERIMENT_ACCESS.SLUG, slug)
                .set(EXPERIMENT_ACCESS.ACCOUNT_ID, accountId)
                .set(EXPERIMENT_ACCESS.ACCESS, "shared")
                .onConflictDoNothing()
                .execute();
    }

    Optional<Long> accountId(DSLContext db, String username) {
        return db.select(ACCOUNT.ID).from(ACCOUNT).where(ACCOUNT.USERNAME.eq(username)).fetchOptional(ACCOUNT.ID);
    }

    /** Who may see {@code slug}, owner first. */
    List<ExperimentAccess.Grant> grants(DSLContext db, String slug) {
        return db.select(ACCOUNT.USERNAME, EXPERIMENT_ACCESS.ACCESS)
                .from(EXPERIMENT_ACCESS).join(ACCOUNT).on(ACCOUNT.ID.eq(EXPERIMENT_ACCESS.ACCOUNT_ID))
                .where(EXPERIMENT_ACCESS.SLUG.eq(slug))
                .orderBy(EXPERIMENT_ACCESS.ACCESS, ACCOUNT.USERNAME)
                .fetch(r -> new ExperimentAccess.Grant(r.value1(), r.value2()));
    }
}
