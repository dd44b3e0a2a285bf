package dev.tandem.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobWorkerBackoffTest {

    @Test
    void theWaitBeforeARetryDoublesFromTheFirstAndStopsAtTheLongest() {
        assertEquals(JobWorker.FIRST_RETRY, JobWorker.backoff(1));
        assertEquals(JobWorker.FIRST_RETRY.multipliedBy(2), JobWorker.backoff(2));
        assertEquals(JobWorker.FIRST_RETRY.multipliedBy(8), JobWorker.backoff(4));
        assertEquals(JobWorker.LONGEST_RETRY, JobWorker.backoff(8));
        assertEquals(JobWorker.LONGEST_RETRY, JobWorker.backoff(1_000));
        assertEquals(Duration.ofSeconds(30), JobWorker.LONGEST_RETRY);
    }

    @Test
    void everyJobStatusReadsBackFromItsStoredName() {
        for (JobStatus status : JobStatus.values()) {
            assertEquals(status, JobStatus.fromDb(status.dbName()));
        }
        assertEquals("cancelled", JobStatus.CANCELLED.dbName());
    }
}
