package dev.tandem.jobs;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * What every job on the PostgreSQL queue shows of its progress: scoring jobs and ClickMe map jobs
 * alike ({@code model.ScoreJob}, {@code clickme.MapJob}).
 */
public interface QueuedJob {

    long id();

    String model();

    String experiment();

    JobStatus status();

    /** Tasks done, reused ones included. */
    int done();

    int total();

    /** Tasks whose result was stored already when the job was created. */
    int reused();

    String error();

    OffsetDateTime createdAt();

    OffsetDateTime startedAt();

    OffsetDateTime finishedAt();

    default boolean finished() {
        return status() == JobStatus.DONE || status() == JobStatus.FAILED
                || status() == JobStatus.CANCELLED;
    }

    /** Tasks computed per second since the first batch began (reused ones excluded); 0 before. */
    default double ratePerSecond() {
        if (startedAt() == null) {
            return 0;
        }
        OffsetDateTime end = finishedAt() != null ? finishedAt() : OffsetDateTime.now();
        double seconds = Duration.between(startedAt(), end).toNanos() / 1e9;
        return seconds > 0 ? (done() - reused()) / seconds : 0;
    }
}
