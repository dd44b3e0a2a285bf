package dev.tandem.experiment;

import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.FREE_ASSIGNMENT_SLOT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.db.jooq.tables.records.ExperimentRecord;
import dev.tandem.stimulus.RenderingVersion;
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

    /** The place in the balanced assignment the next session would take: a freed one first, else the next new one. */
    int nextAssignmentSlot(DSLContext dsl, long experimentId) {
        // A slot freed by a deleted session is filled first, so deletions leave the cells balanced (issue 14).
        Integer freed = dsl.select(DSL.min(FREE_ASSIGNMENT_SLOT.SLOT)).from(FREE_ASSIGNMENT_SLOT)
                .where(FREE_ASSIGNMENT_SLOT.EXPERIMENT_ID.eq(experimentId)).fetchOne(0, Integer.class);
        return freed != null ? freed : dsl.select(EXPERIMENT.NEXT_ASSIGNMENT_SLOT).from(EXPERIMENT)
                .where(EXPERIMENT.ID.eq(experimentId)).fetchSingle(EXPERIMENT.NEXT_ASSIGNMENT_SLOT);
    }

    /** Takes {@code slot} (a freed one, or the next new one); false when another start took it first. */
    boolean takeAssignmentSlot(DSLContext tx, long experimentId, int slot) {
        int freed = tx.deleteFrom(FREE_ASSIGNMENT_SLOT)
                .where(FREE_ASSIGNMENT_SLOT.EXPERIMENT_ID.eq(experimentId), FREE_ASSIGNMENT_SLOT.SLOT.eq(slot))
                .execute();
        return freed == 1 || tx.update(EXPERIMENT)
                .set(EXPERIMENT.NEXT_ASSIGNMENT_SLOT, slot + 1)
                .where(EXPERIMENT.ID.eq(experimentId), EXPERIMENT.NEXT_ASSIGNMENT_SLOT.eq(slot))
                .execute() == 1;
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
                    json.readValue(row.getDefinition().data(), ExperimentDefinition.class),
                    RenderingVersion.fromRecipeName(row.getRenderer()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored definition of " + row.getSlug() + " v" + row.getVersion()
                    + " cannot be read", e);
        }
    }
}
