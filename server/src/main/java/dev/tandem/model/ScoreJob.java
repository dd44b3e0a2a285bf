package dev.tandem.model;

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
                       int experimentVersion, Status status, int done, int total, int reused, String error,
                       OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                       java.util.List<String> warnings)
        implements QueuedJob {

    public ScoreJob {
        warnings = java.util.List.copyOf(warnings);
    }

    public enum Status {
        /** Created; no batch committed yet. */
        QUEUED,
        /** At least one batch committed. */
        RUNNING,
        /** Every stimulus scored. */
        DONE,
        /** A worker could not load the model; {@code error} says why. */
        FAILED,
        /** Stopped on request (issue 14): committed batches keep their whole predictions, one in flight rolls back. */
        CANCELLED;

        public String dbName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Status fromDb(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
