package dev.tandem.http;

import dev.tandem.jobs.QueuedJob;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON of a queued job's progress, shared by scoring jobs and ClickMe map jobs; each adds its own fields. */
final class JobViews {

    private JobViews() {}

    static Map<String, Object> progress(QueuedJob job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.id());
        json.put("status", job.status().dbName());
        json.put("done", job.done());
        json.put("total", job.total());
        json.put("reused", job.reused());
        // Three decimals: a map job may compute fewer than one map a second.
        json.put("ratePerSecond", Math.round(job.ratePerSecond() * 1000) / 1000.0);
        json.put("model", job.model());
        json.put("experiment", job.experiment());
        json.put("error", job.error());
        json.put("createdAt", String.valueOf(job.createdAt()));
        json.put("startedAt", job.startedAt() == null ? null : job.startedAt().toString());
        json.put("finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
        return json;
    }
}
