package dev.tandem.jobs;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * What every job queue shares (scoring jobs, ClickMe map jobs): the jobs with work left, tasks
 * marked done, the job's count advanced and finished when it reaches the total, or the job failed. The
 * repositories pass their own generated tables and columns.
 */
public record JobQueue(Table<?> jobs, Field<Long> id, Field<String> status, Field<Integer> done,
                          Field<Integer> total, Field<String> error, Field<OffsetDateTime> startedAt,
                          Field<OffsetDateTime> finishedAt,
                          Table<?> tasks, Field<Long> taskJob, Field<String> taskStimulus, Field<Boolean> taskDone) {

    /** The statuses of a job that still has work: queued or running. */
    public static final List<String> OPEN = List.of(JobStatus.QUEUED.dbName(), JobStatus.RUNNING.dbName());

    /** Jobs with work left, oldest first. */
    public List<Long> openJobs(DSLContext dsl) {
        return dsl.select(id).from(jobs).where(status.in(OPEN)).orderBy(id).fetch(id);
    }

    public void markDone(DSLContext dsl, long jobId, Collection<String> stimuli) {
        dsl.update(tasks).set(taskDone, true)
                .where(taskJob.eq(jobId), taskStimulus.in(stimuli))
                .execute();
    }

    /**
     * Counts {@code count} more tasks done. The row lock this takes serialises the last batches of
     * concurrent workers, so exactly one of them sees the count reach the total and finishes the job.
     * {@code now()} is the transaction's start, so the first batch's claim starts the clock.
     */
    public int advance(DSLContext dsl, long jobId, int count) {
        var advanced = done.plus(count);
        return dsl.update(jobs)
                .set(done, advanced)
                .set(status, DSL.when(advanced.ge(total), JobStatus.DONE.dbName())
                        .otherwise(JobStatus.RUNNING.dbName()))
                .set(startedAt, DSL.coalesce(startedAt, DSL.currentOffsetDateTime()))
                .set(finishedAt, DSL.when(advanced.ge(total), DSL.currentOffsetDateTime()).otherwise(finishedAt))
                .where(id.eq(jobId), status.in(OPEN))
                .execute();
    }

    /**
     * Cancels a queued or running job; false when it had finished. A batch in flight then finds
     * its {@link #advance} refused and rolls back, so no half-done batch is left.
     */
    public boolean cancel(DSLContext dsl, long jobId) {
        return dsl.update(jobs)
                .set(status, JobStatus.CANCELLED.dbName())
                .set(finishedAt, DSL.currentOffsetDateTime())
                .where(id.eq(jobId), status.in(OPEN))
                .execute() == 1;
    }

    public void fail(DSLContext dsl, long jobId, String reason) {
        dsl.update(jobs)
                .set(status, JobStatus.FAILED.dbName())
                .set(error, reason)
                .set(finishedAt, DSL.currentOffsetDateTime())
                .where(id.eq(jobId), status.in(OPEN))
                .execute();
    }
}
