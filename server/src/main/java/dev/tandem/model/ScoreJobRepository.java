package dev.tandem.model;

import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.IMAGE_BLOB;
import static dev.tandem.db.jooq.Tables.MODEL;
import static dev.tandem.db.jooq.Tables.MODEL_SCORE;
import static dev.tandem.db.jooq.Tables.SCORE_JOB;
import static dev.tandem.db.jooq.Tables.SCORE_TASK;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.jobs.JobQueue;
import dev.tandem.jobs.JobStatus;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep8;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.jooq.impl.DSL;

/** Scoring jobs, their tasks (the queue workers claim from) and the stored predictions. */
final class ScoreJobRepository {

    static final JobQueue PROGRESS = new JobQueue(SCORE_JOB, SCORE_JOB.ID, SCORE_JOB.STATUS, SCORE_JOB.DONE, SCORE_JOB.TOTAL,
            SCORE_JOB.ERROR, SCORE_JOB.STARTED_AT, SCORE_JOB.FINISHED_AT, SCORE_TASK, SCORE_TASK.JOB_ID, SCORE_TASK.STIMULUS_SHA256, SCORE_TASK.DONE);

    /** A claimed task: the stimulus bytes to score, or a stimulus this model scored already. */
    record ClaimedTask(String stimulusSha256, String category, byte[] png, boolean alreadyScored) {}

    /** A prediction to store for one claimed task. */
    record Score(String stimulusSha256, String category, Classifier.Prediction prediction) {}

    private static final int INSERT_CHUNK = 1000;
    private static final List<String> OPEN = JobQueue.OPEN;

    private final ObjectMapper json;

    ScoreJobRepository(ObjectMapper json) {
        this.json = json;
    }

    Optional<ScoreJob> job(DSLContext dsl, long id) {
        return selectJobs(dsl).where(SCORE_JOB.ID.eq(id)).fetchOptional(ScoreJobRepository::toJob);
    }

    List<ScoreJob> jobs(DSLContext dsl) {
        return selectJobs(dsl).orderBy(SCORE_JOB.ID).fetch(ScoreJobRepository::toJob);
    }

    /** The unfinished job of this model on this experiment version, locked until the transaction ends. */
    Optional<Long> openJob(DSLContext dsl, long modelId, long experimentId) {
        return dsl.select(SCORE_JOB.ID).from(SCORE_JOB)
                .where(SCORE_JOB.MODEL_ID.eq(modelId), SCORE_JOB.EXPERIMENT_ID.eq(experimentId), SCORE_JOB.STATUS.in(OPEN))
                .forUpdate()
                .fetchOptional(SCORE_JOB.ID);
    }

    /** Which of {@code stimuli} this model has a stored prediction for. */
    Set<String> scored(DSLContext dsl, long modelId, Collection<String> stimuli) {
        return new HashSet<>(dsl.select(MODEL_SCORE.STIMULUS_SHA256).from(MODEL_SCORE)
                .where(MODEL_SCORE.MODEL_ID.eq(modelId), MODEL_SCORE.STIMULUS_SHA256.in(stimuli))
                .fetch(MODEL_SCORE.STIMULUS_SHA256));
    }

    /**
     * Stores a job with one task per cell; cells whose stimulus is in {@code reused} are done at
     * once, and a job with nothing left to score is done when it is created.
     */
    long insertJob(DSLContext dsl, long modelId, long experimentId, List<DesignCell> cells, Set<String> reused) {
        boolean nothingLeft = reused.size() == cells.size();
        long id = dsl.insertInto(SCORE_JOB)
                .set(SCORE_JOB.MODEL_ID, modelId)
                .set(SCORE_JOB.EXPERIMENT_ID, experimentId)
                .set(SCORE_JOB.STATUS, (nothingLeft ? JobStatus.DONE : JobStatus.QUEUED).dbName())
                .set(SCORE_JOB.TOTAL, cells.size())
                .set(SCORE_JOB.DONE, reused.size())
                .set(SCORE_JOB.REUSED, reused.size())
                .set(SCORE_JOB.STARTED_AT, nothingLeft ? DSL.currentOffsetDateTime() : null)
                .set(SCORE_JOB.FINISHED_AT, nothingLeft ? DSL.currentOffsetDateTime() : null)
                .returning(SCORE_JOB.ID)
                .fetchOne(SCORE_JOB.ID);
        for (int start = 0; start < cells.size(); start += INSERT_CHUNK) {
            InsertValuesStep8<?, Long, String, Integer, String, String, String, Double, Boolean> insert =
                    dsl.insertInto(SCORE_TASK, SCORE_TASK.JOB_ID, SCORE_TASK.STIMULUS_SHA256, SCORE_TASK.IMAGE_INDEX,
                            SCORE_TASK.IMAGE_FILE, SCORE_TASK.CATEGORY, SCORE_TASK.MANIPULATION, SCORE_TASK.LEVEL,
                            SCORE_TASK.DONE);
            for (DesignCell cell : cells.subList(start, Math.min(cells.size(), start + INSERT_CHUNK))) {
                insert = insert.values(id, cell.stimulusSha256(), cell.imageIndex(), cell.imageFile(), cell.category(),
                        cell.manipulation(), cell.level(), reused.contains(cell.stimulusSha256()));
            }
            insert.execute();
        }
        return id;
    }

    /** The distinct stimuli of the experiment version's stored trials, each with its trial's design cell. */
    List<DesignCell> trialCells(DSLContext dsl, long experimentId) {
        return dsl.selectDistinct(TRIAL.STIMULUS_SHA256, TRIAL.IMAGE_INDEX, TRIAL.IMAGE_FILE, TRIAL.CATEGORY,
                        TRIAL.MANIPULATION, TRIAL.LEVEL)
                .on(TRIAL.STIMULUS_SHA256)
                .from(TRIAL).join(SESSION).on(SESSION.ID.eq(TRIAL.SESSION_ID))
                .where(SESSION.EXPERIMENT_ID.eq(experimentId), TRIAL.STIMULUS_SHA256.isNotNull())
                .orderBy(TRIAL.STIMULUS_SHA256)
                .fetch(row -> new DesignCell(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6()));
    }

    /**
     * Claims up to {@code limit} unfinished tasks of a job. The rows stay locked until the
     * transaction ends; other workers skip them, and a crash before the commit frees them again.
     */
    List<ClaimedTask> claim(DSLContext dsl, long jobId, long modelId, int limit) {
        return dsl.select(SCORE_TASK.STIMULUS_SHA256, SCORE_TASK.CATEGORY, IMAGE_BLOB.BYTES,
                        DSL.field(MODEL_SCORE.MODEL_ID.isNotNull()))
                .from(SCORE_TASK)
                .join(IMAGE_BLOB).on(IMAGE_BLOB.SHA256.eq(SCORE_TASK.STIMULUS_SHA256))
                .leftJoin(MODEL_SCORE).on(MODEL_SCORE.MODEL_ID.eq(modelId),
                        MODEL_SCORE.STIMULUS_SHA256.eq(SCORE_TASK.STIMULUS_SHA256))
                .where(SCORE_TASK.JOB_ID.eq(jobId), SCORE_TASK.DONE.isFalse())
                .andExists(dsl.selectOne().from(SCORE_JOB).where(SCORE_JOB.ID.eq(jobId), SCORE_JOB.STATUS.in(JobQueue.OPEN)))
                // One order for every job: workers of overlapping jobs insert shared stimuli in the
                // same order, so one waits for the other's commit instead of deadlocking.
                .orderBy(SCORE_TASK.STIMULUS_SHA256)
                .limit(limit)
                .forUpdate().of(SCORE_TASK).skipLocked()
                .fetch(row -> new ClaimedTask(row.value1(), row.value2(), row.value3(), row.value4()));
    }

    /**
     * Stores predictions; a stimulus another worker stored meanwhile (for an overlapping job of
     * this model) keeps that prediction. Returns how many were stored here. {@code jobId}: the
     * scoring job, null when another kind of job (triplets) predicted them.
     */
    int insertScores(DSLContext dsl, long modelId, Long jobId, List<Score> scores) {
        if (scores.isEmpty()) {
            return 0;
        }
        var insert = dsl.insertInto(MODEL_SCORE, MODEL_SCORE.MODEL_ID, MODEL_SCORE.STIMULUS_SHA256,
                MODEL_SCORE.CATEGORY_PROBABILITIES, MODEL_SCORE.TOP_OUTPUTS, MODEL_SCORE.DECISION, MODEL_SCORE.CATEGORY,
                MODEL_SCORE.JOB_ID);
        for (Score score : scores) {
            Classifier.Prediction prediction = score.prediction();
            insert = insert.values(modelId, score.stimulusSha256(), probabilities(prediction),
                    prediction.topOutputs().toArray(Integer[]::new), prediction.decision(), score.category(), jobId);
        }
        return insert.onConflictDoNothing().execute();
    }

    /** Adds messages to the job's warnings, each kept once (issue 10: resizes by more than 2×). */
    void addWarnings(DSLContext dsl, long jobId, Collection<String> warnings) {
        if (warnings.isEmpty()) {
            return;
        }
        dsl.execute("UPDATE score_job SET warnings = ARRAY(SELECT DISTINCT w FROM unnest(warnings || {0}::text[]) AS w ORDER BY w)"
                + " WHERE id = {1}", DSL.val(warnings.toArray(String[]::new)), DSL.val(jobId));
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

    private JSONB probabilities(Classifier.Prediction prediction) {
        try {
            return JSONB.valueOf(json.writeValueAsString(prediction.categoryProbabilities()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SelectOnConditionStep<Record> selectJobs(DSLContext dsl) {
        return dsl.select(SCORE_JOB.fields()).select(MODEL.NAME, EXPERIMENT.SLUG, EXPERIMENT.VERSION)
                .from(SCORE_JOB)
                .join(MODEL).on(MODEL.ID.eq(SCORE_JOB.MODEL_ID))
                .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SCORE_JOB.EXPERIMENT_ID));
    }

    private static ScoreJob toJob(Record row) {
        return new ScoreJob(row.get(SCORE_JOB.ID), row.get(SCORE_JOB.MODEL_ID), row.get(MODEL.NAME),
                row.get(SCORE_JOB.EXPERIMENT_ID), row.get(EXPERIMENT.SLUG), row.get(EXPERIMENT.VERSION),
                JobStatus.fromDb(row.get(SCORE_JOB.STATUS)), row.get(SCORE_JOB.DONE), row.get(SCORE_JOB.TOTAL),
                row.get(SCORE_JOB.REUSED), row.get(SCORE_JOB.ERROR), row.get(SCORE_JOB.CREATED_AT),
                row.get(SCORE_JOB.STARTED_AT), row.get(SCORE_JOB.FINISHED_AT), List.of(row.get(SCORE_JOB.WARNINGS)));
    }
}
