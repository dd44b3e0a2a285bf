package dev.tandem.model;

import dev.tandem.jobs.JobStatus;
import dev.tandem.jobs.QueuedJob;
import java.time.OffsetDateTime;

/**
 * One model scoring one experiment version, as stored.
 *
 * @param done tasks done, {@code reused} included
 * @param reused stimuli this model had already scored when the job was created
 * @param error why the job failed; null unless {@code status} is FAILED
 * @param warnings what the workers found worth telling about the stimuli, each once (issue 10: a
 *     preprocessing resize by more than 2×)
 */
public record ScoreJob(long id, long modelId, String model, long experimentId, String experiment,
                       int experimentVersion, JobStatus status, int done, int total, int reused, String error,
                       OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                       java.util.List<String> warnings)
        implements QueuedJob {

    public ScoreJob {
        warnings = java.util.List.copyOf(warnings);
    }
}
