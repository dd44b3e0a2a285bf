package dev.tandem.clickme;

import static dev.tandem.db.jooq.Tables.IMAGE_BLOB;
import static dev.tandem.db.jooq.Tables.MAP_JOB;
import static dev.tandem.db.jooq.Tables.MAP_TASK;
import static dev.tandem.db.jooq.Tables.MODEL;
import static dev.tandem.db.jooq.Tables.MODEL_MAP;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.jobs.JobQueue;
import dev.tandem.jobs.JobStatus;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.jooq.impl.DSL;

/** Map jobs, their tasks (the queue map workers claim from) and the stored model maps. */
final class MapJobRepository {

    static final JobQueue PROGRESS = new JobQueue(MAP_JOB, MAP_JOB.ID, MAP_JOB.STATUS, MAP_JOB.DONE, MAP_JOB.TOTAL,
            MAP_JOB.ERROR, MAP_JOB.STARTED_AT, MAP_JOB.FINISHED_AT, MAP_TASK, MAP_TASK.JOB_ID, MAP_TASK.STIMULUS_SHA256, MAP_TASK.DONE);

    /** A claimed task: the stimulus bytes, or an image whose map was stored meanwhile. */
    record ClaimedTask(String stimulusSha256, String category, byte[] png, boolean alreadyStored) {}

    private static final List<String> OPEN = JobQueue.OPEN;

    private final ObjectMapper json;

    MapJobRepository(ObjectMapper json) {
        this.json = json;
    }

    Optional<MapJob> job(DSLContext dsl, long id) {
        return selectJobs(dsl).where(MAP_JOB.ID.eq(id)).fetchOptional(this::toJob);
    }

    List<MapJob> jobs(DSLContext dsl) {
        return selectJobs(dsl).orderBy(MAP_JOB.ID).fetch(this::toJob);
    }

    /** The unfinished job of these maps, locked until the transaction ends. */
    Optional<Long> openJob(DSLContext dsl, long modelId, String slug, MapMethod method) {
        return dsl.select(MAP_JOB.ID).from(MAP_JOB)
                .where(MAP_JOB.MODEL_ID.eq(modelId), MAP_JOB.EXPERIMENT_SLUG.eq(slug), MAP_JOB.METHOD.eq(method.name()),
                        MAP_JOB.PARAMETERS.eq(parameters(method)), MAP_JOB.STATUS.in(OPEN))
                .forUpdate()
                .fetchOptional(MAP_JOB.ID);
    }

    /** Which of {@code stimuli} have a stored map of this model, method and parameters. */
    Set<String> stored(DSLContext dsl, long modelId, MapMethod method, Collection<String> stimuli) {
        return new HashSet<>(dsl.select(MODEL_MAP.STIMULUS_SHA256).from(MODEL_MAP)
                .where(storedMap(modelId, method), MODEL_MAP.STIMULUS_SHA256.in(stimuli))
                .fetch(MODEL_MAP.STIMULUS_SHA256));
    }

    long insertJob(DSLContext dsl, long modelId, String slug, MapMethod method, List<RoundDataRepository.PlayedImage> images, Set<String> reused) {
        boolean nothingLeft = reused.size() == images.size();
        long id = dsl.insertInto(MAP_JOB)
                .set(MAP_JOB.MODEL_ID, modelId)
                .set(MAP_JOB.EXPERIMENT_SLUG, slug)
                .set(MAP_JOB.METHOD, method.name())
                .set(MAP_JOB.PARAMETERS, parameters(method))
                .set(MAP_JOB.STATUS, (nothingLeft ? JobStatus.DONE : JobStatus.QUEUED).dbName())
                .set(MAP_JOB.TOTAL, images.size())
                .set(MAP_JOB.DONE, reused.size())
                .set(MAP_JOB.REUSED, reused.size())
                .set(MAP_JOB.STARTED_AT, nothingLeft ? DSL.currentOffsetDateTime() : null)
                .set(MAP_JOB.FINISHED_AT, nothingLeft ? DSL.currentOffsetDateTime() : null)
                .returning(MAP_JOB.ID)
                .fetchOne(MAP_JOB.ID);
        if (!images.isEmpty()) {
            var insert = dsl.insertInto(MAP_TASK, MAP_TASK.JOB_ID, MAP_TASK.STIMULUS_SHA256, MAP_TASK.CATEGORY, MAP_TASK.DONE);
            for (RoundDataRepository.PlayedImage image : images) {
                insert = insert.values(id, image.stimulusSha256(), image.category(), reused.contains(image.stimulusSha256()));
            }
            insert.execute();
        }
        return id;
    }

    /** Claims up to {@code limit} unfinished tasks; locked until the transaction ends (SKIP LOCKED for others). */
    List<ClaimedTask> claim(DSLContext dsl, long jobId, long modelId, MapMethod method, int limit) {
        return dsl.select(MAP_TASK.STIMULUS_SHA256, MAP_TASK.CATEGORY, IMAGE_BLOB.BYTES,
                        DSL.field(MODEL_MAP.MODEL_ID.isNotNull()))
                .from(MAP_TASK)
                .join(IMAGE_BLOB).on(IMAGE_BLOB.SHA256.eq(MAP_TASK.STIMULUS_SHA256))
                .leftJoin(MODEL_MAP).on(storedMap(modelId, method), MODEL_MAP.STIMULUS_SHA256.eq(MAP_TASK.STIMULUS_SHA256))
                .where(MAP_TASK.JOB_ID.eq(jobId), MAP_TASK.DONE.isFalse())
                .andExists(dsl.selectOne().from(MAP_JOB).where(MAP_JOB.ID.eq(jobId),
                        MAP_JOB.STATUS.in(JobQueue.OPEN)))
                .orderBy(MAP_TASK.STIMULUS_SHA256)
                .limit(limit)
                .forUpdate().of(MAP_TASK).skipLocked()
                .fetch(r -> new ClaimedTask(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** Stores a map unless another worker stored the same one meanwhile; 1 when stored here. */
    int insertMap(DSLContext dsl, long modelId, long jobId, MapMethod method, String stimulusSha256, String category,
                   ImportanceMap map) {
        Float[] values = new Float[map.values().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) map.values()[i];
        }
        return dsl.insertInto(MODEL_MAP)
                .set(MODEL_MAP.MODEL_ID, modelId)
                .set(MODEL_MAP.STIMULUS_SHA256, stimulusSha256)
                .set(MODEL_MAP.METHOD, method.name())
                .set(MODEL_MAP.PARAMETERS, parameters(method))
                .set(MODEL_MAP.CATEGORY, category)
                .set(MODEL_MAP.WIDTH, map.width())
                .set(MODEL_MAP.HEIGHT, map.height())
                .set(MODEL_MAP.IMPORTANCE, values)
                .set(MODEL_MAP.JOB_ID, jobId)
                .onConflictDoNothing()
                .execute();
    }

    /** The stored maps of this model, method and parameters, by stimulus. */
    Map<String, ImportanceMap> maps(DSLContext dsl, long modelId, MapMethod method, Collection<String> stimuli) {
        Map<String, ImportanceMap> maps = new HashMap<>();
        dsl.select(MODEL_MAP.STIMULUS_SHA256, MODEL_MAP.WIDTH, MODEL_MAP.HEIGHT, MODEL_MAP.IMPORTANCE).from(MODEL_MAP)
                .where(storedMap(modelId, method), MODEL_MAP.STIMULUS_SHA256.in(stimuli))
                .forEach(r -> {
                    double[] values = new double[r.value4().length];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = r.value4()[i];
                    }
                    maps.put(r.value1(), new ImportanceMap(r.value2(), r.value3(), values));
                });
        return maps;
    }

    void markDone(DSLContext dsl, long jobId, Collection<String> stimuli) {
        PROGRESS.markDone(dsl, jobId, stimuli);
    }

    /** Counts the batch's tasks; 0 when the job was cancelled meanwhile (the caller then rolls back). */
    int advance(DSLContext dsl, long jobId, int tasks) {
        return PROGRESS.advance(dsl, jobId, tasks);
    }

    boolean cancel(DSLContext dsl, long jobId) {
        return PROGRESS.cancel(dsl, jobId);
    }

    private org.jooq.Condition storedMap(long modelId, MapMethod method) {
        return MODEL_MAP.MODEL_ID.eq(modelId).and(MODEL_MAP.METHOD.eq(method.name()))
                .and(MODEL_MAP.PARAMETERS.eq(parameters(method)));
    }

    JSONB parameters(MapMethod method) {
        try {
            return JSONB.valueOf(json.writeValueAsString(method.parameters()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SelectOnConditionStep<Record> selectJobs(DSLContext dsl) {
        return dsl.select(MAP_JOB.fields()).select(MODEL.NAME).from(MAP_JOB).join(MODEL).on(MODEL.ID.eq(MAP_JOB.MODEL_ID));
    }

    private MapJob toJob(Record row) {
        Map<String, Object> parameters;
        try {
            parameters = json.readValue(row.get(MAP_JOB.PARAMETERS).data(), new TypeReference<>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new MapJob(row.get(MAP_JOB.ID), row.get(MAP_JOB.MODEL_ID), row.get(MODEL.NAME),
                row.get(MAP_JOB.EXPERIMENT_SLUG), row.get(MAP_JOB.METHOD), parameters,
                JobStatus.fromDb(row.get(MAP_JOB.STATUS)), row.get(MAP_JOB.DONE),
                row.get(MAP_JOB.TOTAL), row.get(MAP_JOB.REUSED), row.get(MAP_JOB.ERROR), row.get(MAP_JOB.CREATED_AT),
                row.get(MAP_JOB.STARTED_AT), row.get(MAP_JOB.FINISHED_AT));
    }
}
