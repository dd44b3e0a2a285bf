package dev.tandem.triplet;

import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.IMAGE_BLOB;
import static dev.tandem.db.jooq.Tables.MODEL;
import static dev.tandem.db.jooq.Tables.MODEL_TRIPLET_CHOICE;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIPLET_JOB;
import static dev.tandem.db.jooq.Tables.TRIPLET_TASK;
import static dev.tandem.db.jooq.Tables.TRIPLET_TRIAL;

import dev.tandem.jobs.JobQueue;
import dev.tandem.jobs.JobStatus;
import dev.tandem.model.StimulusVectors;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Row3;
import org.jooq.SelectOnConditionStep;
import org.jooq.impl.DSL;

/** Triplet jobs, their tasks (the queue triplet workers claim from) and the models' stored choices. */
final class TripletJobRepository {

    static final JobQueue PROGRESS = new JobQueue(TRIPLET_JOB, TRIPLET_JOB.ID, TRIPLET_JOB.STATUS, TRIPLET_JOB.DONE,
            TRIPLET_JOB.TOTAL, TRIPLET_JOB.ERROR, TRIPLET_JOB.STARTED_AT, TRIPLET_JOB.FINISHED_AT, TRIPLET_TASK,
            TRIPLET_TASK.JOB_ID, TRIPLET_TASK.TRIPLET_KEY, TRIPLET_TASK.DONE);

    /** A choice to store for one claimed triplet. */
    record NewChoice(StimulusTriplet triplet, OddOneOut.Choice choice) {}

    private static final int INSERT_CHUNK = 1000;

    Optional<TripletJob> job(DSLContext dsl, long id) {
        return selectJobs(dsl).where(TRIPLET_JOB.ID.eq(id)).fetchOptional(TripletJobRepository::toJob);
    }

    List<TripletJob> jobs(DSLContext dsl) {
        return selectJobs(dsl).orderBy(TRIPLET_JOB.ID).fetch(TripletJobRepository::toJob);
    }

    /** The unfinished job of this model, experiment and similarity, locked until the transaction ends. */
    Optional<Long> openJob(DSLContext dsl, long modelId, String slug, OddOneOut.Similarity similarity) {
        return dsl.select(TRIPLET_JOB.ID).from(TRIPLET_JOB)
                .where(TRIPLET_JOB.MODEL_ID.eq(modelId), TRIPLET_JOB.EXPERIMENT_SLUG.eq(slug),
                        TRIPLET_JOB.SIMILARITY.eq(dbName(similarity)), TRIPLET_JOB.STATUS.in(JobQueue.OPEN))
                .forUpdate()
                .fetchOptional(TRIPLET_JOB.ID);
    }

    /**
     * The distinct triplets of three different images shown in sessions of any version of the
     * experiment, pilots included (a model's answer does not depend on who saw them); catch
     * trials (one image twice) are left out.
     */
    Set<StimulusTriplet> shownTriplets(DSLContext dsl, String slug) {
        Set<StimulusTriplet> triplets = new TreeSet<>(java.util.Comparator.comparing(StimulusTriplet::key));
        dsl.selectDistinct(TRIPLET_TRIAL.STIMULUS_SHA256_0, TRIPLET_TRIAL.STIMULUS_SHA256_1, TRIPLET_TRIAL.STIMULUS_SHA256_2)
                .from(TRIPLET_TRIAL)
                .join(SESSION).on(SESSION.ID.eq(TRIPLET_TRIAL.SESSION_ID))
                .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                .where(EXPERIMENT.SLUG.eq(slug), TRIPLET_TRIAL.ROLE.ne(dbName(TripletAssignment.TrialRole.CATCH)))
                .forEach(row -> triplets.add(StimulusTriplet.of(row.value1(), row.value2(), row.value3())));
        return triplets;
    }

    /** Which of {@code triplets} the model has a stored choice of, with this similarity and source. */
    Set<String> chosen(DSLContext dsl, long modelId, OddOneOut.Similarity similarity, OddOneOut.Source source,
                       Collection<StimulusTriplet> triplets) {
        Set<String> chosen = new HashSet<>();
        List<StimulusTriplet> all = List.copyOf(triplets);
        for (int start = 0; start < all.size(); start += INSERT_CHUNK) {
            List<Row3<String, String, String>> rows = all.subList(start, Math.min(all.size(), start + INSERT_CHUNK))
                    .stream().map(t -> DSL.row(t.a(), t.b(), t.c())).toList();
            dsl.select(MODEL_TRIPLET_CHOICE.STIMULUS_SHA256_A, MODEL_TRIPLET_CHOICE.STIMULUS_SHA256_B,
                            MODEL_TRIPLET_CHOICE.STIMULUS_SHA256_C)
                    .from(MODEL_TRIPLET_CHOICE)
                    .where(MODEL_TRIPLET_CHOICE.MODEL_ID.eq(modelId), MODEL_TRIPLET_CHOICE.SIMILARITY.eq(dbName(similarity)),
                            MODEL_TRIPLET_CHOICE.SOURCE.eq(dbName(source)),
                            DSL.row(MODEL_TRIPLET_CHOICE.STIMULUS_SHA256_A, MODEL_TRIPLET_CHOICE.STIMULUS_SHA256_B,
                                    MODEL_TRIPLET_CHOICE.STIMULUS_SHA256_C).in(rows))
                    .forEach(row -> chosen.add(new StimulusTriplet(row.value1(), row.value2(), row.value3()).key()));
        }
        return chosen;
    }

    /**
     * Stores a job with one task per triplet; those in {@code reused} are done at once, and a job
     * with nothing left to compute is done when it is created.
     */
    long insertJob(DSLContext dsl, long modelId, String slug, OddOneOut.Similarity similarity, OddOneOut.Source source,
                   Collection<StimulusTriplet> triplets, Set<String> reused) {
        boolean nothingLeft = reused.size() == triplets.size();
        long id = dsl.insertInto(TRIPLET_JOB)
                .set(TRIPLET_JOB.MODEL_ID, modelId)
                .set(TRIPLET_JOB.EXPERIMENT_SLUG, slug)
                .set(TRIPLET_JOB.SIMILARITY, dbName(similarity))
                .set(TRIPLET_JOB.SOURCE, dbName(source))
                .set(TRIPLET_JOB.STATUS, (nothingLeft ? JobStatus.DONE : JobStatus.QUEUED).dbName())
                .set(TRIPLET_JOB.TOTAL, triplets.size())
                .set(TRIPLET_JOB.DONE, reused.size())
                .set(TRIPLET_JOB.REUSED, reused.size())
                .set(TRIPLET_JOB.STARTED_AT, nothingLeft ? DSL.currentOffsetDateTime() : null)
                .set(TRIPLET_JOB.FINISHED_AT, nothingLeft ? DSL.currentOffsetDateTime() : null)
                .returning(TRIPLET_JOB.ID)
                .fetchOne(TRIPLET_JOB.ID);
        List<StimulusTriplet> all = List.copyOf(triplets);
        for (int start = 0; start < all.size(); start += INSERT_CHUNK) {
            var insert = dsl.insertInto(TRIPLET_TASK, TRIPLET_TASK.JOB_ID, TRIPLET_TASK.TRIPLET_KEY, TRIPLET_TASK.DONE);
            for (StimulusTriplet triplet : all.subList(start, Math.min(all.size(), start + INSERT_CHUNK))) {
                insert = insert.values(id, triplet.key(), reused.contains(triplet.key()));
            }
            insert.execute();
        }
        return id;
    }

    /**
     * Claims up to {@code limit} unfinished tasks of a job. The rows stay locked until the
     * transaction ends; other workers skip them, and a crash before the commit frees them again.
     */
    List<StimulusTriplet> claim(DSLContext dsl, long jobId, int limit) {
        return dsl.select(TRIPLET_TASK.TRIPLET_KEY)
                .from(TRIPLET_TASK)
                .where(TRIPLET_TASK.JOB_ID.eq(jobId), TRIPLET_TASK.DONE.isFalse())
                .andExists(dsl.selectOne().from(TRIPLET_JOB).where(TRIPLET_JOB.ID.eq(jobId),
                        TRIPLET_JOB.STATUS.in(JobQueue.OPEN)))
                // One order for every job: overlapping jobs store shared rows in the same order.
                .orderBy(TRIPLET_TASK.TRIPLET_KEY)
                .limit(limit)
                .forUpdate().of(TRIPLET_TASK).skipLocked()
                .fetch(row -> StimulusTriplet.parse(row.value1()));
    }

    /**
     * The bytes of these stimuli, each with the category a triplet trial showed it as, in hash
     * order (so overlapping workers store their predictions in one order).
     */
    List<StimulusVectors.Stimulus> stimuli(DSLContext dsl, Collection<String> hashes) {
        Map<String, String> categories = new HashMap<>();
        List<Field<String>[]> positions = List.of(
                fields(TRIPLET_TRIAL.STIMULUS_SHA256_0, TRIPLET_TRIAL.CATEGORY_0),
                fields(TRIPLET_TRIAL.STIMULUS_SHA256_1, TRIPLET_TRIAL.CATEGORY_1),
                fields(TRIPLET_TRIAL.STIMULUS_SHA256_2, TRIPLET_TRIAL.CATEGORY_2));
        for (Field<String>[] position : positions) {
            dsl.selectDistinct(position[0], position[1]).from(TRIPLET_TRIAL).where(position[0].in(hashes))
                    .forEach(row -> categories.putIfAbsent(row.value1(), row.value2()));
        }
        return dsl.select(IMAGE_BLOB.SHA256, IMAGE_BLOB.BYTES).from(IMAGE_BLOB)
                .where(IMAGE_BLOB.SHA256.in(hashes))
                .orderBy(IMAGE_BLOB.SHA256)
                .fetch(row -> new StimulusVectors.Stimulus(row.value1(), categories.get(row.value1()), row.value2()));
    }

    @SafeVarargs
    private static Field<String>[] fields(Field<String>... fields) {
        return fields;
    }

    /** Stores choices; one another worker stored meanwhile (an overlapping job) stays. Returns how many were stored here. */
    int insertChoices(DSLContext dsl, TripletJob job, List<NewChoice> choices) {
        if (choices.isEmpty()) {
            return 0;
        }
        var insert = dsl.insertInto(MODEL_TRIPLET_CHOICE, MODEL_TRIPLET_CHOICE.MODEL_ID, MODEL_TRIPLET_CHOICE.SIMILARITY,
                MODEL_TRIPLET_CHOICE.SOURCE, MODEL_TRIPLET_CHOICE.STIMULUS_SHA256_A, MODEL_TRIPLET_CHOICE.STIMULUS_SHA256_B,
                MODEL_TRIPLET_CHOICE.STIMULUS_SHA256_C, MODEL_TRIPLET_CHOICE.ODD_SHA256,
                MODEL_TRIPLET_CHOICE.PAIR_SIMILARITIES, MODEL_TRIPLET_CHOICE.JOB_ID);
        for (NewChoice choice : choices) {
            StimulusTriplet t = choice.triplet();
            insert = insert.values(job.modelId(), dbName(job.similarity()), dbName(job.source()), t.a(), t.b(), t.c(),
                    choice.choice().oddId(), choice.choice().pairSimilarities().toArray(Double[]::new), job.id());
        }
        return insert.onConflictDoNothing().execute();
    }

    void markDone(DSLContext dsl, long jobId, Collection<StimulusTriplet> triplets) {
        PROGRESS.markDone(dsl, jobId, triplets.stream().map(StimulusTriplet::key).toList());
    }

    /** Counts the batch's tasks; 0 when the job was cancelled meanwhile (the caller then rolls back). */
    int advance(DSLContext dsl, long jobId, int tasks) {
        return PROGRESS.advance(dsl, jobId, tasks);
    }

    boolean cancel(DSLContext dsl, long jobId) {
        return PROGRESS.cancel(dsl, jobId);
    }

    /** The stored value of a similarity or source: its name in lower case. */
    static String dbName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static SelectOnConditionStep<Record> selectJobs(DSLContext dsl) {
        return dsl.select(TRIPLET_JOB.fields()).select(MODEL.NAME).from(TRIPLET_JOB)
                .join(MODEL).on(MODEL.ID.eq(TRIPLET_JOB.MODEL_ID));
    }

    private static TripletJob toJob(Record row) {
        return new TripletJob(row.get(TRIPLET_JOB.ID), row.get(TRIPLET_JOB.MODEL_ID), row.get(MODEL.NAME),
                row.get(TRIPLET_JOB.EXPERIMENT_SLUG),
                OddOneOut.Similarity.valueOf(row.get(TRIPLET_JOB.SIMILARITY).toUpperCase(Locale.ROOT)),
                OddOneOut.Source.valueOf(row.get(TRIPLET_JOB.SOURCE).toUpperCase(Locale.ROOT)),
                JobStatus.fromDb(row.get(TRIPLET_JOB.STATUS)), row.get(TRIPLET_JOB.DONE), row.get(TRIPLET_JOB.TOTAL),
                row.get(TRIPLET_JOB.REUSED), row.get(TRIPLET_JOB.ERROR), row.get(TRIPLET_JOB.CREATED_AT),
                row.get(TRIPLET_JOB.STARTED_AT), row.get(TRIPLET_JOB.FINISHED_AT));
    }
}
