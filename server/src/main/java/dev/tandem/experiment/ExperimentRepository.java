package dev.tandem.experiment;

import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.FREE_ASSIGNMENT_SLOT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.db.jooq.tables.records.ExperimentRecord;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

final class ExperimentRepository {

    private final ObjectMapper json;

    ExperimentRepository(ObjectMapper json) {
        this.json = json;
    }

    Optional<StoredExperiment> findBySha(DSLContext dsl, String slug, String sha256) {
        return dsl.selectFrom(EXPERIMENT)
                .where(EXPERIMENT.SLUG.eq(slug), EXPERIMENT.DEFINITION_SHA256.eq(sha256))
                .fetchOptional(this::toStored);
    }

    Optional<StoredExperiment> latest(DSLContext dsl, String slug) {
        return dsl.selectFrom(EXPERIMENT)
                .where(EXPERIMENT.SLUG.eq(slug))
                .orderBy(EXPERIMENT.VERSION.desc())
                .limit(1)
                .fetchOptional(this::toStored);
    }

    Optional<StoredExperiment> byId(DSLContext dsl, long id) {
        return dsl.selectFrom(EXPERIMENT).where(EXPERIMENT.ID.eq(id)).fetchOptional(this::toStored);
    }

    List<StoredExperiment> all(DSLContext dsl) {
        return dsl.selectFrom(EXPERIMENT).orderBy(EXPERIMENT.SLUG, EXPERIMENT.VERSION).fetch(this::toStored);
    }

    /** The per-slug lock, until the transaction ends: taken by version numbering and by drafts' first saves. */
    static void lockSlug(DSLContext tx, String slug) {
        tx.execute("SELECT pg_advisory_xact_lock(hashtext({0}))", DSL.val(slug));
    }

    StoredExperiment insertNextVersion(DSLContext dsl, ExperimentDefinition definition, String sha256, long stimulusSetId) {
        // Serialize version numbers per slug: two loads of the same slug at once must not both take version n.
        lockSlug(dsl, definition.slug());
        Integer current = dsl.select(DSL.max(EXPERIMENT.VERSION)).from(EXPERIMENT)
                .where(EXPERIMENT.SLUG.eq(definition.slug())).fetchOne(0, Integer.class);
        ExperimentRecord stored = dsl.insertInto(EXPERIMENT)
                .set(EXPERIMENT.SLUG, definition.slug())
                .set(EXPERIMENT.VERSION, current == null ? 1 : current + 1)
                .set(EXPERIMENT.DEFINITION, JSONB.valueOf(write(definition)))
                .set(EXPERIMENT.DEFINITION_SHA256, sha256)
                .set(EXPERIMENT.STIMULUS_SET_ID, stimulusSetId)
                .returning()
                .fetchOne();
        return toStored(stored);
    }

    /** Takes the next place in the balanced assignment; row-locked, so no two sessions share one. */
    int takeAssignmentSlot(DSLContext dsl, long experimentId) {
        return dsl.update(EXPERIMENT)
                .set(EXPERIMENT.NEXT_ASSIGNMENT_SLOT, EXPERIMENT.NEXT_ASSIGNMENT_SLOT.plus(1))
                .where(EXPERIMENT.ID.eq(experimentId))
                .returning(EXPERIMENT.NEXT_ASSIGNMENT_SLOT)
                .fetchOne(EXPERIMENT.NEXT_ASSIGNMENT_SLOT) - 1;
    }

    /**
     * The lowest slot freed by a deleted or withdrawn session, taken (removed) at once; empty when
     * none is free. SKIP LOCKED: two starts never take the same freed slot (issue 14).
     */
    Optional<Integer> takeFreedSlot(DSLContext dsl, long experimentId) {
        return dsl.deleteFrom(FREE_ASSIGNMENT_SLOT)
                .where(DSL.row(FREE_ASSIGNMENT_SLOT.EXPERIMENT_ID, FREE_ASSIGNMENT_SLOT.SLOT).in(
                        dsl.select(FREE_ASSIGNMENT_SLOT.EXPERIMENT_ID, FREE_ASSIGNMENT_SLOT.SLOT).from(FREE_ASSIGNMENT_SLOT)
                                .where(FREE_ASSIGNMENT_SLOT.EXPERIMENT_ID.eq(experimentId))
                                .orderBy(FREE_ASSIGNMENT_SLOT.SLOT).limit(1).forUpdate().skipLocked()))
                .returning(FREE_ASSIGNMENT_SLOT.SLOT)
                .fetchOptional(FREE_ASSIGNMENT_SLOT.SLOT);
    }

    /** The slot the next participant would take, without taking it (pilot sessions and previews). */
    int peekAssignmentSlot(DSLContext dsl, long experimentId) {
        return dsl.select(EXPERIMENT.NEXT_ASSIGNMENT_SLOT).from(EXPERIMENT).where(EXPERIMENT.ID.eq(experimentId))
                .fetchSingle(EXPERIMENT.NEXT_ASSIGNMENT_SLOT);
    }

    String write(ExperimentDefinition definition) {
        try {
            return json.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private StoredExperiment toStored(ExperimentRecord row) {
        try {
            return new StoredExperiment(row.getId(), row.getSlug(), row.getVersion(), row.getStimulusSetId(),
                    json.readValue(row.getDefinition().data(), ExperimentDefinition.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored definition of " + row.getSlug() + " v" + row.getVersion()
                    + " cannot be read", e);
        }
    }
}
