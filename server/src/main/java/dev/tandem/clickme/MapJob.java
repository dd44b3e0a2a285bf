package dev.tandem.clickme;

import dev.tandem.jobs.JobStatus;
import dev.tandem.jobs.QueuedJob;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One model's maps of one method and parameter set for the images of a ClickMe experiment, as
 * stored.
 *
 * @param done tasks done, {@code reused} included
 * @param reused images whose map was stored already when the job was created
 */
public record MapJob(long id, long modelId, String model, String experiment, String method,
                     Map<String, Object> parameters, JobStatus status, int done, int total, int reused,
                     String error, OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt)
        implements QueuedJob {
}
