package dev.tandem.model;

import static dev.tandem.db.jooq.Tables.MODEL_SCORE;
import static dev.tandem.db.jooq.Tables.SCORE_TASK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.app.TestTandem;
import dev.tandem.common.ConflictException;
import dev.tandem.jobs.JobStatus;
import dev.tandem.jobs.JobWorker;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a scoring job (issue 14): batches committed before the cancel keep their whole
 * predictions, the batch in flight rolls back, and no worker claims the job again.
 */
class JobCancelTest {

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

    private int scoresOf(long jobId) {
        return tandem.dsl().fetchCount(MODEL_SCORE, MODEL_SCORE.JOB_ID.eq(jobId));
    }

    private int doneTasks(long jobId) {
        return tandem.dsl().fetchCount(SCORE_TASK, SCORE_TASK.JOB_ID.eq(jobId), SCORE_TASK.DONE.isTrue());
    }

    @Test
    void aJobCancelledWhileABatchIsPredictedKeepsTheCommittedBatchesWholeAndRollsTheOtherBack() {
        long jobId = tandem.scoring().createJob("fashion-cnn", "masked-demo").job().id();
        AtomicInteger claims = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        JobWorker.Events cancelOnThirdClaim = new JobWorker.Events() {
            @Override
            public void claimed(long job, int tasks) {
                if (claims.incrementAndGet() == 3) {
                    tandem.scoring().cancel(job); // from another connection, while this batch is in flight
                }
            }

            @Override
            public void failed(long job, RuntimeException error) {
                failures.incrementAndGet();
            }
        };
        try (Worker worker = tandem.scoring().worker(BATCH, cancelOnThirdClaim)) {
            worker.drain(jobId);
        }
        ScoreJob job = tandem.scoring().job(jobId);
        assertEquals(JobStatus.CANCELLED, job.status());
        assertEquals(3, claims.get(), "no batch was claimed after the cancel");
        assertEquals(1, failures.get(), "the batch in flight was rolled back");
        assertEquals(2 * BATCH, doneTasks(jobId), "two whole batches");
        assertEquals(2 * BATCH, job.done());
        assertEquals(2 * BATCH, scoresOf(jobId), "a score for each done task, none for the rolled-back batch");

        assertThrows(ConflictException.class, () -> tandem.scoring().cancel(jobId), "a finished job cannot be cancelled");
        try (Worker later = tandem.scoring().worker(BATCH, JobWorker.Events.NONE)) {
            later.drain(jobId);
        }
        assertEquals(2 * BATCH, scoresOf(jobId), "a cancelled job is never resumed");
        assertTrue(tandem.scoring().createJob("fashion-cnn", "masked-demo").created(), "a new job can be started");
    }
}
