package dev.tandem.experiment;

import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.EXPERIMENT_COLLECTION;
import static dev.tandem.db.jooq.Tables.EXPERIMENT_DRAFT;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * Reads the console's view of experiments by slug: published versions, the draft, data
 * collection, the owner and session counts. A slug exists when it has a version or a draft.
 */
final class CatalogRepository {

    /** One row of the experiment list; the definitions are raw JSON (a draft may be invalid). */
    record ListRow(String slug, Integer latestVersion, String publishedJson, String draftJson, boolean collecting,
                   String owner, long started, long completed) {}

    record VersionRow(int version, OffsetDateTime createdAt, String definitionJson) {}

    record DraftRow(String definitionJson, OffsetDateTime updatedAt) {}

    /**
     * Every slug with a version or a draft (restricted to {@code visible} unless it is null), with
     * its latest version, draft, collection state, owner and sessions over all versions; one query.
     */
    List<ListRow> list(DSLContext dsl, Set<String> visible) {
        Condition where = visible == null ? DSL.trueCondition()
                : DSL.field(DSL.name("slugs", "slug"), String.class).in(visible);
        return dsl.resultQuery("""
                WITH slugs AS (
                    SELECT slug FROM experiment UNION SELECT slug FROM experiment_draft
                ), latest AS (
                    SELECT DISTINCT ON (slug) slug, version, definition FROM experiment ORDER BY slug, version DESC
                ), sessions AS (
                    SELECT e.slug, count(*) AS started, count(*) FILTER (WHERE s.status = 'completed') AS completed
                    FROM session s JOIN experiment e ON e.id = s.experiment_id
                    WHERE NOT s.pilot
                    GROUP BY e.slug
                ), owners AS (
                    SELECT a.slug, u.username FROM experiment_access a JOIN account u ON u.id = a.account_id
                    WHERE a.access = 'owner'
                )
                SELECT slugs.slug, latest.version, latest.definition::text AS published, d.definition::text AS draft,
                       coalesce(c.open, true) AS collecting, owners.username AS owner,
                       coalesce(sessions.started, 0) AS started, coalesce(sessions.completed, 0) AS completed
                FROM slugs
                LEFT JOIN latest ON latest.slug = slugs.slug
                LEFT JOIN experiment_draft d ON d.slug = slugs.slug
                LEFT JOIN experiment_collection c ON c.slug = slugs.slug
                LEFT JOIN owners ON owners.slug = slugs.slug
                LEFT JOIN sessions ON sessions.slug = slugs.slug
                WHERE {0}
                ORDER BY slugs.slug
                """, where)
                .fetch(r -> new ListRow(r.get("slug", String.class), r.get("version", Integer.class),
                        r.get("published", String.class), r.get("draft", String.class),
                        r.get("collecting", Boolean.class), r.get("owner", String.class),
                        r.get("started", Long.class), r.get("completed", Long.class)));
    }

    boolean exists(DSLContext dsl, String slug) {
        return dsl.fetchExists(EXPERIMENT, EXPERIMENT.SLUG.eq(slug))
                || dsl.fetchExists(EXPERIMENT_DRAFT, EXPERIMENT_DRAFT.SLUG.eq(slug));
    }

    /** Sessions (pilots and withdrawn ones included) and jobs of any version of the slug. */
    long uses(DSLContext dsl, String slug) {
        var versions = dsl.select(EXPERIMENT.ID).from(EXPERIMENT).where(EXPERIMENT.SLUG.eq(slug));
        return dsl.fetchCount(dev.tandem.db.jooq.Tables.SESSION, dev.tandem.db.jooq.Tables.SESSION.EXPERIMENT_ID.in(versions))
                + dsl.fetchCount(dev.tandem.db.jooq.Tables.SCORE_JOB, dev.tandem.db.jooq.Tables.SCORE_JOB.EXPERIMENT_ID.in(versions))
                + dsl.fetchCount(dev.tandem.db.jooq.Tables.MAP_JOB, dev.tandem.db.jooq.Tables.MAP_JOB.EXPERIMENT_SLUG.eq(slug));
    }

    /** Removes every trace of an unused slug: versions, draft, collection state, access, freed slots. */
    void delete(DSLContext dsl, String slug) {
        var versions = dsl.select(EXPERIMENT.ID).from(EXPERIMENT).where(EXPERIMENT.SLUG.eq(slug));
        dsl.deleteFrom(dev.tandem.db.jooq.Tables.FREE_ASSIGNMENT_SLOT)
                .where(dev.tandem.db.jooq.Tables.FREE_ASSIGNMENT_SLOT.EXPERIMENT_ID.in(versions)).execute();
        dsl.deleteFrom(EXPERIMENT).where(EXPERIMENT.SLUG.eq(slug)).execute();
        dsl.deleteFrom(EXPERIMENT_DRAFT).where(EXPERIMENT_DRAFT.SLUG.eq(slug)).execute();
        dsl.deleteFrom(EXPERIMENT_COLLECTION).where(EXPERIMENT_COLLECTION.SLUG.eq(slug)).execute();
        dsl.deleteFrom(dev.tandem.db.jooq.Tables.EXPERIMENT_ACCESS)
                .where(dev.tandem.db.jooq.Tables.EXPERIMENT_ACCESS.SLUG.eq(slug)).execute();
    }

    boolean hasVersion(DSLContext dsl, String slug) {
        return dsl.fetchExists(EXPERIMENT, EXPERIMENT.SLUG.eq(slug));
    }

    /** Records collection as closed unless a state is recorded already. */
    void closeIfUnset(DSLContext dsl, String slug, Long accountId) {
        dsl.insertInto(EXPERIMENT_COLLECTION)
                .set(EXPERIMENT_COLLECTION.SLUG, slug)
                .set(EXPERIMENT_COLLECTION.OPEN, false)
                .set(EXPERIMENT_COLLECTION.CHANGED_BY, accountId)
                .onConflictDoNothing()
                .execute();
    }

    List<VersionRow> versions(DSLContext dsl, String slug) {
        return dsl.select(EXPERIMENT.VERSION, EXPERIMENT.CREATED_AT, EXPERIMENT.DEFINITION)
                .from(EXPERIMENT).where(EXPERIMENT.SLUG.eq(slug)).orderBy(EXPERIMENT.VERSION)
                .fetch(r -> new VersionRow(r.value1(), r.value2(), r.value3().data()));
    }

    Optional<DraftRow> draft(DSLContext dsl, String slug) {
        return dsl.select(EXPERIMENT_DRAFT.DEFINITION, EXPERIMENT_DRAFT.UPDATED_AT)
                .from(EXPERIMENT_DRAFT).where(EXPERIMENT_DRAFT.SLUG.eq(slug))
                .fetchOptional(r -> new DraftRow(r.value1().data(), r.value2()));
    }

    /** Takes the per-slug lock that version numbering also takes, until the transaction ends. */
    void lockSlug(DSLContext tx, String slug) {
        ExperimentRepository.lockSlug(tx, slug);
    }

    OffsetDateTime saveDraft(DSLContext tx, String slug, String definitionJson, Long accountId) {
        return tx.insertInto(EXPERIMENT_DRAFT)
                .set(EXPERIMENT_DRAFT.SLUG, slug)
                .set(EXPERIMENT_DRAFT.DEFINITION, JSONB.valueOf(definitionJson))
                .set(EXPERIMENT_DRAFT.UPDATED_BY, accountId)
                .onConflict(EXPERIMENT_DRAFT.SLUG).doUpdate()
                .set(EXPERIMENT_DRAFT.DEFINITION, JSONB.valueOf(definitionJson))
                .set(EXPERIMENT_DRAFT.UPDATED_AT, DSL.currentOffsetDateTime())
                .set(EXPERIMENT_DRAFT.UPDATED_BY, accountId)
                .returning(EXPERIMENT_DRAFT.UPDATED_AT)
                .fetchOne(EXPERIMENT_DRAFT.UPDATED_AT);
    }

    /** Whether new sessions may start; a slug never closed is open. */
    /**
     * The slug's collection lock until the transaction ends: shared by session starts, exclusive
     * for opening and closing, so a close waits for the starts in flight and every later start
     * sees it.
     */
    void lockCollection(DSLContext tx, String slug, boolean exclusive) {
        tx.execute(exclusive ? "SELECT pg_advisory_xact_lock(hashtext('collection:' || {0}))"
                : "SELECT pg_advisory_xact_lock_shared(hashtext('collection:' || {0}))", DSL.val(slug));
    }

    boolean collecting(DSLContext dsl, String slug) {
        return dsl.select(EXPERIMENT_COLLECTION.OPEN).from(EXPERIMENT_COLLECTION)
                .where(EXPERIMENT_COLLECTION.SLUG.eq(slug))
                .fetchOptional(EXPERIMENT_COLLECTION.OPEN).orElse(true);
    }

    void setCollecting(DSLContext dsl, String slug, boolean open, Long accountId) {
        dsl.insertInto(EXPERIMENT_COLLECTION)
                .set(EXPERIMENT_COLLECTION.SLUG, slug)
                .set(EXPERIMENT_COLLECTION.OPEN, open)
                .set(EXPERIMENT_COLLECTION.CHANGED_BY, accountId)
                .onConflict(EXPERIMENT_COLLECTION.SLUG).doUpdate()
                .set(EXPERIMENT_COLLECTION.OPEN, open)
                .set(EXPERIMENT_COLLECTION.CHANGED_AT, DSL.currentOffsetDateTime())
                .set(EXPERIMENT_COLLECTION.CHANGED_BY, accountId)
                .execute();
    }
}
