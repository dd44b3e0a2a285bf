package dev.tandem.model;

import static dev.tandem.db.jooq.Tables.MODEL_SCORE;
import static dev.tandem.db.jooq.Tables.SCORE_TASK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.RepositoryFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.app.TestTandem;
import dev.tandem.common.Progress;
import dev.tandem.db.jooq.tables.records.ModelScoreRecord;
import dev.tandem.jobs.JobStatus;
import dev.tandem.jobs.JobWorker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scoring jobs over the demo experiment with the committed demo model, on real PostgreSQL. */
class ScoringJobTest {

    static final Path DEMO_MODEL = RepositoryFiles.stimuli().resolve("fashion-mnist/models/fashion-cnn");
    /** 300 images × 2 manipulations ("none", which practice uses too, and uniform noise). */
    static final int DEMO_STIMULI = 600;
    private static final int BATCH = 16;

    private TestTandem tandem;

    @BeforeEach
    void start() {
        tandem = TestTandem.withBuiltIns();
    }

    @AfterEach
    void stop() {
        tandem.close();
    }

    private ScoreJob newJob() {
        var created = tandem.scoring().createJob("fashion-cnn", "masked-demo");
        assertTrue(created.created());
        return created.job();
    }

    private int doneTasks(long jobId) {
        return tandem.dsl().fetchCount(SCORE_TASK, SCORE_TASK.JOB_ID.eq(jobId), SCORE_TASK.DONE.isTrue());
    }

    private int scores() {
        return tandem.dsl().fetchCount(MODEL_SCORE);
    }

    @Test
    void aJobCoversEveryImageInEveryManipulationOfTheDesignOnce() {
        ScoreJob job = newJob();

        assertEquals(DEMO_STIMULI, job.total());
        assertEquals(JobStatus.QUEUED, job.status());
        assertEquals(DEMO_STIMULI, tandem.dsl().fetchCount(SCORE_TASK, SCORE_TASK.JOB_ID.eq(job.id())));
        var again = tandem.scoring().createJob("fashion-cnn", "masked-demo");
        assertFalse(again.created(), "an unfinished job is returned, not doubled");
        assertEquals(job.id(), again.job().id());
    }

    @Test
    void twoConcurrentWorkersScoreEveryStimulusExactlyOnce() throws Exception {
        ScoreJob job = newJob();
        CountDownLatch bothHoldClaims = new CountDownLatch(2);
        AtomicBoolean overlapped = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        Worker.Events waitForTheOther = new Worker.Events() {
            private final ThreadLocal<Boolean> first = ThreadLocal.withInitial(() -> true);

            @Override
            public void claimed(long jobId, int tasks) {
                if (first.get()) { // hold the first claim until the other worker has claimed past it
                    first.set(false);
                    bothHoldClaims.countDown();
                    try {
                        overlapped.compareAndSet(true, bothHoldClaims.await(60, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void failed(long jobId, RuntimeException error) {
                failures.incrementAndGet();
            }
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Worker one = tandem.scoring().worker(BATCH, waitForTheOther);
             Worker two = tandem.scoring().worker(BATCH, waitForTheOther)) {
            List<Future<?>> running = List.of(threads.submit(() -> one.drain(job.id())),
                    threads.submit(() -> two.drain(job.id())));
            for (Future<?> worker : running) {
                worker.get(5, TimeUnit.MINUTES);
            }

            assertTrue(overlapped.get(), "each worker claimed while the other held a claim (SKIP LOCKED)");
            assertTrue(one.scored() > 0 && two.scored() > 0, one.scored() + " and " + two.scored());
            assertEquals(DEMO_STIMULI, one.scored() + two.scored(), "no stimulus was predicted twice");
        } finally {
            threads.shutdownNow();
        }
        ScoreJob finished = tandem.scoring().job(job.id());
        assertEquals(0, failures.get(), "no batch failed (a duplicate insert would)");
        assertEquals(JobStatus.DONE, finished.status());
        assertEquals(DEMO_STIMULI, finished.done());
        assertEquals(DEMO_STIMULI, doneTasks(job.id()));
        assertEquals(DEMO_STIMULI, scores());
        assertTrue(finished.ratePerSecond() > 0);
    }

    @Test
    void twoWorkersScoringOverlappingJobsOfOneModelStoreEachStimulusOnceAndBothJobsFinish() throws Exception {
        ScoreJob first = newJob();
        ObjectNode changed = (ObjectNode) tandem.json().readTree(
                RepositoryFiles.stimuli().resolve("fashion-mnist/experiments/masked-demo.json").toFile());
        changed.put("title", "The same stimuli, a second version");
        tandem.experiments().load(changed, Progress.NONE);
        ScoreJob second = newJob(); // the new version's job: the same 600 stimuli, none scored yet
        assertEquals(DEMO_STIMULI, second.total());
        assertEquals(0, second.reused());

        CountDownLatch bothHoldClaims = new CountDownLatch(2);
        AtomicBoolean overlapped = new AtomicBoolean(true);
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        Worker.Events holdTheFirstClaim = new Worker.Events() {
            private final ThreadLocal<Boolean> firstClaim = ThreadLocal.withInitial(() -> true);

            @Override
            public void claimed(long jobId, int tasks) {
                if (firstClaim.get()) { // both workers predict the same first batch (claims are in hash order)
                    firstClaim.set(false);
                    bothHoldClaims.countDown();
                    try {
                        overlapped.compareAndSet(true, bothHoldClaims.await(60, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void failed(long jobId, RuntimeException error) {
                failures.add(error);
            }
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Worker one = tandem.scoring().worker(BATCH, holdTheFirstClaim);
             Worker two = tandem.scoring().worker(BATCH, holdTheFirstClaim)) {
            List<Future<?>> running = List.of(threads.submit(() -> one.drain(first.id())),
                    threads.submit(() -> two.drain(second.id())));
            for (Future<?> worker : running) {
                worker.get(5, TimeUnit.MINUTES);
            }
            assertTrue(overlapped.get(), "both workers held the same first batch at once");
            assertEquals(DEMO_STIMULI, one.scored() + two.scored(), "each stimulus was stored by one worker");
            assertTrue(one.scored() < DEMO_STIMULI && two.scored() < DEMO_STIMULI,
                    "the shared first batch was stored by one of them: " + one.scored() + ", " + two.scored());
        } finally {
            threads.shutdownNow();
        }
        assertEquals(List.of(), failures, "no batch failed on the other worker's predictions");
        for (ScoreJob job : List.of(first, second)) {
            ScoreJob finished = tandem.scoring().job(job.id());
            assertEquals(JobStatus.DONE, finished.status());
            assertEquals(DEMO_STIMULI, finished.done());
            assertEquals(DEMO_STIMULI, doneTasks(job.id()));
        }
        assertEquals(DEMO_STIMULI, scores());
    }

    @Test
    void aWorkerRetriesBatchesWhoseConnectionIsLostAndFinishesTheJob() {
        ScoreJob job = newJob();
        DSLContext observer = tandem.dsl();
        AtomicInteger batches = new AtomicInteger();
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        int lost = JobWorker.FAILURES_BEFORE_GIVING_UP + 1; // more than a permanent failure is allowed
        Worker.Events cutTheFirstBatches = new Worker.Events() {
            @Override
            public void claimed(long jobId, int tasks) {
                if (batches.incrementAndGet() <= lost) {
                    observer.fetchOne("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE datname = current_database() AND state = 'idle in transaction'"
                            + " AND pid <> pg_backend_pid()");
                }
            }

            @Override
            public void failed(long jobId, RuntimeException error) {
                failures.add(error);
            }
        };
        try (Worker worker = tandem.scoring().worker(64, cutTheFirstBatches)) {
            worker.drain(job.id());
            assertEquals(DEMO_STIMULI, worker.scored());
        }
        assertEquals(lost, failures.size());
        assertTrue(failures.stream().allMatch(JobWorker::isTransient), failures.toString());
        ScoreJob finished = tandem.scoring().job(job.id());
        assertEquals(JobStatus.DONE, finished.status());
        assertEquals(null, finished.error());
        assertEquals(DEMO_STIMULI, scores());
    }

    @Test
    void aPermanentFailureFailsTheJobWithItsReason() {
        ScoreJob job = newJob();
        tandem.dsl().execute("UPDATE image_blob SET bytes = '\\x00'::bytea WHERE sha256 IN"
                + " (SELECT stimulus_sha256 FROM score_task WHERE job_id = ?)", job.id());
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        try (Worker worker = tandem.scoring().worker(64, new Worker.Events() {
            @Override
            public void failed(long jobId, RuntimeException error) {
                failures.add(error);
            }
        })) {
            worker.drain(job.id());
            assertEquals(0, worker.scored());
        }
        assertEquals(JobWorker.FAILURES_BEFORE_GIVING_UP, failures.size());
        assertFalse(JobWorker.isTransient(failures.get(0)));
        ScoreJob failed = tandem.scoring().job(job.id());
        assertEquals(JobStatus.FAILED, failed.status());
        assertTrue(failed.error().contains(failures.get(failures.size() - 1).getMessage()), failed.error());
        assertEquals(0, scores());
    }

    @Test
    void aWorkerWhoseConnectionDiesMidBatchLeavesTheBatchToTheNextWorker() {
        ScoreJob job = newJob();
        DSLContext observer = tandem.dsl();
        AtomicInteger batches = new AtomicInteger();
        Worker[] doomed = new Worker[1];
        Worker.Events killOnSecondBatch = new Worker.Events() {
            @Override
            public void claimed(long jobId, int tasks) {
                if (batches.incrementAndGet() == 2) {
                    // The worker's transaction is open and its claims locked: cut its connection.
                    int killed = observer.fetchOne("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE datname = current_database() AND state = 'idle in transaction'"
                            + " AND pid <> pg_backend_pid()").get(0, Integer.class);
                    assertEquals(1, killed);
                    doomed[0].stop();
                }
            }
        };
        try (Worker first = tandem.scoring().worker(BATCH, killOnSecondBatch)) {
            doomed[0] = first;
            first.drain(job.id());
            assertEquals(BATCH, first.scored());
        }
        assertEquals(BATCH, tandem.scoring().job(job.id()).done(), "only the committed batch counts");
        assertEquals(BATCH, doneTasks(job.id()));
        assertEquals(BATCH, scores());

        try (Worker second = tandem.scoring().worker(64, Worker.Events.NONE)) {
            second.drain(job.id());
            assertEquals(DEMO_STIMULI - BATCH, second.scored());
        }
        assertEquals(JobStatus.DONE, tandem.scoring().job(job.id()).status());
        assertEquals(DEMO_STIMULI, doneTasks(job.id()));
        assertEquals(DEMO_STIMULI, scores());
    }

    @Test
    void storedScoresAgreeWithTheClassifierOnTheSameBytesAndAreReusedByTheNextJob() {
        ScoreJob job = newJob();
        try (Worker worker = tandem.scoring().worker(64, Worker.Events.NONE)) {
            worker.drain(job.id());
        }
        List<ModelScoreRecord> stored = tandem.dsl().selectFrom(MODEL_SCORE).orderBy(MODEL_SCORE.STIMULUS_SHA256)
                .limit(48).fetch();
        List<byte[]> pngs = new ArrayList<>();
        for (ModelScoreRecord score : stored) {
            pngs.add(tandem.dsl().select(dev.tandem.db.jooq.Tables.IMAGE_BLOB.BYTES).from(dev.tandem.db.jooq.Tables.IMAGE_BLOB)
                    .where(dev.tandem.db.jooq.Tables.IMAGE_BLOB.SHA256.eq(score.getStimulusSha256())).fetchOne().value1());
        }

        try (Classifier direct = Classifier.open(ModelFolder.read(DEMO_MODEL), TinySavedModels.ENGINES)) {
            List<Classifier.Prediction> predictions = direct.predict(pngs);
            for (int i = 0; i < stored.size(); i++) {
                ModelScoreRecord score = stored.get(i);
                Classifier.Prediction expected = predictions.get(i);
                assertEquals(expected.decision(), score.getDecision());
                assertEquals(expected.topOutputs(), List.of(score.getTopOutputs()));
                Map<String, Double> probabilities = tandem.json().convertValue(
                        readTree(score.getCategoryProbabilities().data()), new com.fasterxml.jackson.core.type.TypeReference<>() {});
                assertEquals(expected.categoryProbabilities().keySet(), probabilities.keySet());
                expected.categoryProbabilities().forEach((category, p) ->
                        assertEquals(p, probabilities.get(category), 1e-6, category));
            }
        }
        // Clean stimuli are recognised about as well as the test set; uniform noise is far harder (Geirhos et al. 2018).
        int clean = tandem.dsl().fetchCount(SCORE_TASK, SCORE_TASK.JOB_ID.eq(job.id()), SCORE_TASK.MANIPULATION.eq("none"));
        int cleanCorrect = tandem.dsl().fetchCount(tandem.dsl().select().from(MODEL_SCORE).join(SCORE_TASK)
                .on(SCORE_TASK.STIMULUS_SHA256.eq(MODEL_SCORE.STIMULUS_SHA256), SCORE_TASK.JOB_ID.eq(job.id()))
                .where(SCORE_TASK.MANIPULATION.eq("none"), MODEL_SCORE.DECISION.eq(MODEL_SCORE.CATEGORY)));
        assertEquals(DEMO_STIMULI / 2, clean);
        assertTrue(cleanCorrect > clean * 0.85, cleanCorrect + " of " + clean + " clean stimuli correct");

        var next = tandem.scoring().createJob("fashion-cnn", "masked-demo");
        assertTrue(next.created(), "the first job is done, so a new one is made");
        assertEquals(JobStatus.DONE, next.job().status(), "everything was scored before");
        assertEquals(DEMO_STIMULI, next.job().reused());
        assertEquals(DEMO_STIMULI, scores());
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return tandem.json().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
