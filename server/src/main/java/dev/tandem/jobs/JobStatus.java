package dev.tandem.jobs;

import java.util.Locale;

/** Where a job on the PostgreSQL queue stands; scoring jobs and ClickMe map jobs share these. */
public enum JobStatus {
    /** Created; no batch committed yet. */
    QUEUED,
    /** At least one batch committed. */
    RUNNING,
    /** Every task done. */
    DONE,
    /** A worker could not load the model, or its batches kept failing; the job's {@code error} says why. */
    FAILED,
    /** Stopped on request (issue 14): committed batches keep their whole results, one in flight rolls back. */
    CANCELLED;

    /** The value stored in the job table's {@code status} column. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromDb(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
