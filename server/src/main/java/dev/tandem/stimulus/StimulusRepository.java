package dev.tandem.stimulus;

import static dev.tandem.db.jooq.Tables.IMAGE_BLOB;
import static dev.tandem.db.jooq.Tables.RENDERING;
import static dev.tandem.db.jooq.Tables.STIMULUS_SET;
import static dev.tandem.db.jooq.Tables.STIMULUS_SET_IMAGE;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;

/**
 * The stimulus tables: content-addressed image blobs, sets and their images, renderings. Every
 * method takes the {@link DSLContext} to run in, so the service decides the transaction.
 */
final class StimulusRepository {

    /** A stored set's row, with its manifest as JSON text. */
    record SetRow(long id, String name, String version, String manifestSha256, String manifestJson) {
    }

    Optional<SetRow> set(DSLContext db, String name, String version) {
        return db.select(STIMULUS_SET.ID, STIMULUS_SET.NAME, STIMULUS_SET.VERSION, STIMULUS_SET.MANIFEST_SHA256,
                        STIMULUS_SET.MANIFEST)
                .from(STIMULUS_SET)
                .where(STIMULUS_SET.NAME.eq(name).and(STIMULUS_SET.VERSION.eq(version)))
                .fetchOptional(StimulusRepository::setRow);
    }

    Optional<SetRow> set(DSLContext db, long id) {
        return db.select(STIMULUS_SET.ID, STIMULUS_SET.NAME, STIMULUS_SET.VERSION, STIMULUS_SET.MANIFEST_SHA256,
                        STIMULUS_SET.MANIFEST)
                .from(STIMULUS_SET)
                .where(STIMULUS_SET.ID.eq(id))
                .fetchOptional(StimulusRepository::setRow);
    }

    /** The most recently imported version of the set called {@code name}. */
    Optional<SetRow> latestSet(DSLContext db, String name) {
        return db.select(STIMULUS_SET.ID, STIMULUS_SET.NAME, STIMULUS_SET.VERSION, STIMULUS_SET.MANIFEST_SHA256,
                        STIMULUS_SET.MANIFEST)
                .from(STIMULUS_SET)
                .where(STIMULUS_SET.NAME.eq(name))
                .orderBy(STIMULUS_SET.ID.desc())
                .limit(1)
                .fetchOptional(StimulusRepository::setRow);
    }

    /** Inserts the set row; empty when a set with this name and version is already stored. */
    Optional<Long> insertSet(DSLContext db, String name, String version, String manifestJson, String manifestSha256,
                             Long uploadedBy) {
        return db.insertInto(STIMULUS_SET, STIMULUS_SET.NAME, STIMULUS_SET.VERSION, STIMULUS_SET.MANIFEST,
                        STIMULUS_SET.MANIFEST_SHA256, STIMULUS_SET.UPLOADED_BY)
                .values(name, version, JSONB.valueOf(manifestJson), manifestSha256, uploadedBy)
                .onConflictDoNothing()
                .returning(STIMULUS_SET.ID)
                .fetchOptional(STIMULUS_SET.ID);
    }

    /** Serialises imports of one set name until the transaction ends. */
    void lockName(DSLContext db, String name) {
        db.execute("SELECT pg_advisory_xact_lock(hashtext('stimulus_set:' || ?))", name);
    }

    /** Who uploaded each stored version of {@code name}; empty for a built-in or command-line version. */
    Set<Optional<Long>> uploaders(DSLContext db, String name) {
        return db.selectDistinct(STIMULUS_SET.UPLOADED_BY).from(STIMULUS_SET).where(STIMULUS_SET.NAME.eq(name))
                .fetch(r -> Optional.ofNullable(r.value1())).stream().collect(Collectors.toSet());
    }

    void insertSetImages(DSLContext db, long setId, List<StimulusFolder.SourceImage> images) {
        var insert = db.insertInto(STIMULUS_SET_IMAGE, STIMULUS_SET_IMAGE.STIMULUS_SET_ID,
                STIMULUS_SET_IMAGE.IMAGE_INDEX, STIMULUS_SET_IMAGE.FILE, STIMULUS_SET_IMAGE.CATEGORY,
                STIMULUS_SET_IMAGE.SOURCE_INDEX, STIMULUS_SET_IMAGE.SOURCE_SHA256);
        for (int i = 0; i < images.size(); i++) {
            StimulusFolder.SourceImage image = images.get(i);
            insert = insert.values(setId, i, image.entry().file(), image.entry().category(),
                    image.entry().sourceIndex(), image.sha256());
        }
        insert.execute();
    }

    /** Stores images under their SHA-256, as one JDBC batch; bytes already held are left as they are. */
    void insertImages(DSLContext db, List<StoredImage> images) {
        if (images.isEmpty()) {
            return;
        }
        // one statement with bind values: jOOQ's batch of separate queries would inline the bytes as text
        BatchBindStep batch = db.batch(db.insertInto(IMAGE_BLOB, IMAGE_BLOB.SHA256, IMAGE_BLOB.MEDIA_TYPE,
                        IMAGE_BLOB.WIDTH, IMAGE_BLOB.HEIGHT, IMAGE_BLOB.BYTES)
                .values((String) null, null, null, null, null)
                .onConflictDoNothing());
        for (StoredImage image : images) {
            batch = batch.bind(image.sha256(), image.mediaType(), image.width(), image.height(), image.bytes());
        }
        batch.execute();
    }

    Optional<StoredImage> image(DSLContext db, String sha256) {
        return db.select(IMAGE_BLOB.SHA256, IMAGE_BLOB.MEDIA_TYPE, IMAGE_BLOB.WIDTH, IMAGE_BLOB.HEIGHT,
                        IMAGE_BLOB.BYTES)
                .from(IMAGE_BLOB)
                .where(IMAGE_BLOB.SHA256.eq(sha256))
                .fetchOptional(r -> new StoredImage(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    List<SetImage> setImages(DSLContext db, long setId) {
        return db.select(STIMULUS_SET_IMAGE.IMAGE_INDEX, STIMULUS_SET_IMAGE.FILE, STIMULUS_SET_IMAGE.CATEGORY,
                        STIMULUS_SET_IMAGE.SOURCE_INDEX, STIMULUS_SET_IMAGE.SOURCE_SHA256)
                .from(STIMULUS_SET_IMAGE)
                .where(STIMULUS_SET_IMAGE.STIMULUS_SET_ID.eq(setId))
                .orderBy(STIMULUS_SET_IMAGE.IMAGE_INDEX)
                .fetch(r -> new SetImage(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** Width and height of each source image of a set (from the image table, no decoding). */
    List<int[]> sourceSizes(DSLContext db, long setId) {
        return db.select(IMAGE_BLOB.WIDTH, IMAGE_BLOB.HEIGHT)
                .from(STIMULUS_SET_IMAGE)
                .join(IMAGE_BLOB).on(IMAGE_BLOB.SHA256.eq(STIMULUS_SET_IMAGE.SOURCE_SHA256))
                .where(STIMULUS_SET_IMAGE.STIMULUS_SET_ID.eq(setId))
                .fetch(r -> new int[] {r.value1(), r.value2()});
    }

    /** The SHA-256 of the stored rendering of each recipe key that has one. */
    Map<String, String> renderings(DSLContext db, Collection<String> recipeKeys) {
        return db.select(RENDERING.RECIPE_KEY, RENDERING.SHA256)
                .from(RENDERING)
                .where(RENDERING.RECIPE_KEY.in(recipeKeys))
                .fetchMap(RENDERING.RECIPE_KEY, RENDERING.SHA256);
    }

    /** Records renderings as one JDBC batch; a recipe already recorded (by a concurrent renderer) is left as it is. */
    void insertRenderings(DSLContext db, List<RenderedRecipe> renderings) {
        if (renderings.isEmpty()) {
            return;
        }
        BatchBindStep batch = db.batch(db.insertInto(RENDERING, RENDERING.RECIPE_KEY, RENDERING.KIND,
                        RENDERING.SHA256, RENDERING.SOURCE_SHA256, RENDERING.RECIPE)
                .values((String) null, null, null, null, null)
                .onConflictDoNothing());
        for (RenderedRecipe rendering : renderings) {
            batch = batch.bind(rendering.recipe().key(), rendering.recipe().kind(), rendering.sha256(),
                    rendering.recipe().sourceSha256(), JSONB.valueOf(rendering.recipeJson()));
        }
        batch.execute();
    }

    /** A recipe with the SHA-256 of the bytes rendered from it. */
    record RenderedRecipe(Recipe recipe, String recipeJson, String sha256) {
    }

    private static SetRow setRow(Record r) {
        return new SetRow(r.get(STIMULUS_SET.ID), r.get(STIMULUS_SET.NAME), r.get(STIMULUS_SET.VERSION),
                r.get(STIMULUS_SET.MANIFEST_SHA256), r.get(STIMULUS_SET.MANIFEST).data());
    }
}
