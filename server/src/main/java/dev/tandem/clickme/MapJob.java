package dev.tandem.clickme;

import dev.tandem.model.ScoreJob;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One model's maps of one method and parameter set for the images of a ClickMe experiment, as
 * stored. Statuses are those of scoring jobs.
 *
 * @param done tasks done, {@code reused} included
 * @param reused images whose map was stored already when the job was created
 */
public record MapJob(long id, long modelId, String model, String experiment, String method,
                     Map<String, Object> parameters, ScoreJob.Status status, int done, int total, int reused,
                     String error, OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt) {

    public boolean finished() {
        return status == ScoreJob.Status.DONE || status == ScoreJob.Status.FAILED;
    }

    /** Maps computed per second since the first claim (reused ones excluded); 0 before. */
    public double ratePerSecond() {
        if (startedAt == null) {
            return 0;
        }
        OffsetDateTime end = finishedAt != null ? finishedAt : OffsetDateTime.now();
        double seconds = Duration.between(startedAt, end).toNanos() / 1e9;
        return seconds > 0 ? (done - reused) / seconds : 0;
    }
}
