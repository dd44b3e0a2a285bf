package dev.tandem.model;

import static dev.tandem.db.jooq.Tables.MODEL;

import dev.tandem.db.jooq.tables.records.ModelRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/** Registered model folders. */
final class ModelRepository {

    Optional<RegisteredModel> byContentHash(DSLContext dsl, String contentSha256) {
        return dsl.selectFrom(MODEL).where(MODEL.CONTENT_SHA256.eq(contentSha256)).fetchOptional(ModelRepository::toModel);
    }

    Optional<RegisteredModel> byNameAndVersion(DSLContext dsl, String name, String version) {
        return dsl.selectFrom(MODEL).where(MODEL.NAME.eq(name), MODEL.VERSION.eq(version))
                .fetchOptional(ModelRepository::toModel);
    }

    /** The most recently registered version of {@code name}. */
    Optional<RegisteredModel> latest(DSLContext dsl, String name) {
        return dsl.selectFrom(MODEL).where(MODEL.NAME.eq(name))
                .orderBy(MODEL.REGISTERED_AT.desc(), MODEL.ID.desc()).limit(1)
                .fetchOptional(ModelRepository::toModel);
    }

    Optional<RegisteredModel> byId(DSLContext dsl, long id) {
        return dsl.selectFrom(MODEL).where(MODEL.ID.eq(id)).fetchOptional(ModelRepository::toModel);
    }

    List<RegisteredModel> all(DSLContext dsl) {
        return dsl.selectFrom(MODEL).orderBy(MODEL.NAME, MODEL.REGISTERED_AT, MODEL.ID).fetch(ModelRepository::toModel);
    }

    RegisteredModel insert(DSLContext dsl, ModelFolder folder) {
        return toModel(dsl.insertInto(MODEL)
                .set(MODEL.NAME, folder.manifest().name())
                .set(MODEL.VERSION, folder.manifest().version())
                .set(MODEL.CONTENT_SHA256, folder.contentHash())
                .set(MODEL.MANIFEST, JSONB.valueOf(folder.manifest().toJson()))
                .set(MODEL.FOLDER, folder.path().toString())
                .returning()
                .fetchOne());
    }

    /** What still refers to a model: its scores, scoring jobs, map jobs and maps. */
    long uses(DSLContext dsl, long id) {
        return dsl.fetchCount(dev.tandem.db.jooq.Tables.MODEL_SCORE, dev.tandem.db.jooq.Tables.MODEL_SCORE.MODEL_ID.eq(id))
                + dsl.fetchCount(dev.tandem.db.jooq.Tables.SCORE_JOB, dev.tandem.db.jooq.Tables.SCORE_JOB.MODEL_ID.eq(id))
                + dsl.fetchCount(dev.tandem.db.jooq.Tables.MAP_JOB, dev.tandem.db.jooq.Tables.MAP_JOB.MODEL_ID.eq(id))
                + dsl.fetchCount(dev.tandem.db.jooq.Tables.MODEL_MAP, dev.tandem.db.jooq.Tables.MODEL_MAP.MODEL_ID.eq(id))
                + dsl.fetchCount(dev.tandem.db.jooq.Tables.TRIPLET_JOB, dev.tandem.db.jooq.Tables.TRIPLET_JOB.MODEL_ID.eq(id));
    }

    void delete(DSLContext dsl, long id) {
        dsl.deleteFrom(MODEL).where(MODEL.ID.eq(id)).execute();
    }

    void moveFolder(DSLContext dsl, long id, Path folder) {
        dsl.update(MODEL).set(MODEL.FOLDER, folder.toString()).where(MODEL.ID.eq(id)).execute();
    }

    private static RegisteredModel toModel(ModelRecord row) {
        return new RegisteredModel(row.getId(), row.getName(), row.getVersion(), row.getContentSha256(),
                ManifestJson.read(row.getManifest().data()), Path.of(row.getFolder()), row.getRegisteredAt());
    }
}
