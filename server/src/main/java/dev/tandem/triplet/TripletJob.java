package dev.tandem.triplet;

import dev.tandem.jobs.JobStatus;
import dev.tandem.jobs.QueuedJob;
import java.time.OffsetDateTime;

/**
 * A model answering the distinct triplets people were shown in an experiment (every version,
 * pilots included), as stored.
 *
 * @param source where the model's vectors come from: its embedding output, or (labelled) its probabilities
 * @param done triplets done, {@code reused} included
 * @param reused triplets the model had answered already (same similarity and source) when the job was created
 */
public record TripletJob(long id, long modelId, String model, String experiment, OddOneOut.Similarity similarity,
                         OddOneOut.Source source, JobStatus status, int done, int total, int reused, String error,
                         OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt)
        implements QueuedJob {
}
