package dev.tandem.stimulus;

import static dev.tandem.db.jooq.Tables.STIMULUS_SET;
import static dev.tandem.db.jooq.Tables.STIMULUS_SET_IMAGE;

import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** Read-only queries behind the console's list of stimulus sets and its image previews. */
final class StimulusCatalogRepository {

    /** A stored set without its images; {@code categoriesJson} is the manifest's category array. */
    record SetRow(long id, String name, String version, OffsetDateTime importedAt, String categoriesJson) {}

    /** How many images of one set belong to one category. */
    record CategoryCountRow(long setId, String category, int images) {}

    /** Every set ({@code setId} null) or one, newest first. */
    /**
     * Sets {@code viewer} may see (issue 14): built-in and command-line sets (no uploader), the
     * viewer's own uploads, and sets used by an experiment shared with the viewer; every set
     * when {@code viewer} is null (an admin).
     */
    List<SetRow> sets(DSLContext db, Long setId, Long viewer, boolean admin) {
        var categories = DSL.field("{0} -> 'categories'", JSONB.class, STIMULUS_SET.MANIFEST);
        var experiment = dev.tandem.db.jooq.Tables.EXPERIMENT;
        var access = dev.tandem.db.jooq.Tables.EXPERIMENT_ACCESS;
        org.jooq.Condition visible = admin ? DSL.noCondition() : STIMULUS_SET.UPLOADED_BY.isNull()
                .or(STIMULUS_SET.UPLOADED_BY.eq(viewer))
                .orExists(DSL.selectOne().from(experiment).join(access).on(access.SLUG.eq(experiment.SLUG))
                        .where(experiment.STIMULUS_SET_ID.eq(STIMULUS_SET.ID), access.ACCOUNT_ID.eq(viewer)));
        return db.select(STIMULUS_SET.ID, STIMULUS_SET.NAME, STIMULUS_SET.VERSION, STIMULUS_SET.IMPORTED_AT, categories)
                .from(STIMULUS_SET)
                .where(setId == null ? DSL.noCondition() : STIMULUS_SET.ID.eq(setId))
                .and(visible)
                .orderBy(STIMULUS_SET.ID.desc())
                .fetch(r -> new SetRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5().data()));
    }

    /** Experiment versions built on the set; a set they use cannot be deleted. */
    int experimentsUsing(DSLContext db, long setId) {
        return db.fetchCount(dev.tandem.db.jooq.Tables.EXPERIMENT, dev.tandem.db.jooq.Tables.EXPERIMENT.STIMULUS_SET_ID.eq(setId));
    }

    Long uploader(DSLContext db, long setId) {
        return db.select(STIMULUS_SET.UPLOADED_BY).from(STIMULUS_SET).where(STIMULUS_SET.ID.eq(setId)).fetchOne(STIMULUS_SET.UPLOADED_BY);
    }

    /** Deletes the set and its image list; the content-addressed images stay (other sets and renderings share them). */
    void delete(DSLContext db, long setId) {
        db.deleteFrom(STIMULUS_SET_IMAGE).where(STIMULUS_SET_IMAGE.STIMULUS_SET_ID.eq(setId)).execute();
        db.deleteFrom(STIMULUS_SET).where(STIMULUS_SET.ID.eq(setId)).execute();
    }

    List<CategoryCountRow> categoryCounts(DSLContext db, Long setId) {
        var count = DSL.count();
        return db.select(STIMULUS_SET_IMAGE.STIMULUS_SET_ID, STIMULUS_SET_IMAGE.CATEGORY, count)
                .from(STIMULUS_SET_IMAGE)
                .where(setId == null ? DSL.noCondition() : STIMULUS_SET_IMAGE.STIMULUS_SET_ID.eq(setId))
                .groupBy(STIMULUS_SET_IMAGE.STIMULUS_SET_ID, STIMULUS_SET_IMAGE.CATEGORY)
                .fetch(r -> new CategoryCountRow(r.value1(), r.value2(), r.value3()));
    }

    /** Up to {@code limit} images of a set in manifest order, of one category unless it is null. */
    List<SetImage> images(DSLContext db, long setId, String category, int limit) {
        Condition inSet = STIMULUS_SET_IMAGE.STIMULUS_SET_ID.eq(setId);
        return db.select(STIMULUS_SET_IMAGE.IMAGE_INDEX, STIMULUS_SET_IMAGE.FILE, STIMULUS_SET_IMAGE.CATEGORY,
                        STIMULUS_SET_IMAGE.SOURCE_INDEX, STIMULUS_SET_IMAGE.SOURCE_SHA256)
                .from(STIMULUS_SET_IMAGE)
                .where(category == null ? inSet : inSet.and(STIMULUS_SET_IMAGE.CATEGORY.eq(category)))
                .orderBy(STIMULUS_SET_IMAGE.IMAGE_INDEX)
                .limit(limit)
                .fetch(r -> new SetImage(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }
}
