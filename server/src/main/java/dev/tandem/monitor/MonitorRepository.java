package dev.tandem.monitor;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The monitor's two queries. Both start from the same per-session figures: answered trials,
 * timing-ok responses and the time of the last thing the session sent. Sessions are those of
 * every version of the slug.
 */
final class MonitorRepository {

    /** The figures of the whole experiment; {@code refreshHz} holds one bin per rounded rate, ascending. */
    record Summary(long started, long screenChecked, long completed, long abandoned, long answered,
                   long maskedAnswered, long timingOk, List<SessionMonitor.RefreshBin> refreshHz) {}

    /**
     * Per-session figures of the sessions in {@code sessions} (a CTE over session rows). The last
     * activity is the latest of start, screen check, completion, response, ClickMe query and round,
     * triplet judgement.
     */
    private static final String PER_SESSION = """
            , per_session AS (
                SELECT s.id, s.status, s.created_at, s.screen_checked_at, s.refresh_hz,
                       coalesce(s.recruitment->>'PROLIFIC_PID', s.recruitment->>'workerId', s.recruitment->>'participant',
                                s.recruitment->>'id', s.recruitment->>'survey_code') AS recruitment_id,
                       coalesce(r.answered, 0) + coalesce(c.rounds, 0) AS answered,
                       coalesce(r.answered, 0) AS masked_answered,
                       coalesce(r.timing_ok, 0) AS timing_ok,
                       greatest(s.created_at, s.screen_checked_at, s.completed_at, r.last_at, c.last_at, q.last_at)
                           AS last_activity_at
                FROM sessions s
                LEFT JOIN (SELECT session_id, count(*) AS answered, count(*) FILTER (WHERE timing_ok) AS timing_ok,
                                  max(received_at) AS last_at
                           FROM response WHERE session_id IN (SELECT id FROM sessions) GROUP BY session_id) r
                       ON r.session_id = s.id
                LEFT JOIN (SELECT session_id, count(*) AS rounds, max(received_at) AS last_at
                           FROM (SELECT session_id, received_at FROM clickme_round
                                 UNION ALL SELECT session_id, received_at FROM triplet_judgement) outcome
                           WHERE session_id IN (SELECT id FROM sessions) GROUP BY session_id) c
                       ON c.session_id = s.id
                LEFT JOIN (SELECT session_id, max(received_at) AS last_at
                           FROM clickme_query WHERE session_id IN (SELECT id FROM sessions) GROUP BY session_id) q
                       ON q.session_id = s.id
            )
            """;

    /** {1}: seconds without activity after which an unfinished session counts as abandoned. */
    private static final String ABANDONED = "status IN ('started', 'screen-checked') AND last_activity_at < now() - {1} * interval '1 second'";

    Summary summary(DSLContext dsl, String slug, Duration abandonedAfter) {
        var row = dsl.resultQuery("""
                WITH sessions AS (
                    SELECT s.* FROM session s JOIN experiment e ON e.id = s.experiment_id WHERE e.slug = {0} AND NOT s.pilot
                )
                """ + PER_SESSION + """
                SELECT count(*) AS started,
                       count(*) FILTER (WHERE screen_checked_at IS NOT NULL) AS screen_checked,
                       count(*) FILTER (WHERE status = 'completed') AS completed,
                       count(*) FILTER (WHERE %s) AS abandoned,
                       coalesce(sum(answered), 0) AS answered,
                       coalesce(sum(masked_answered), 0) AS masked_answered,
                       coalesce(sum(timing_ok), 0) AS timing_ok,
                       (SELECT array_agg(hz ORDER BY hz) FROM (SELECT round(refresh_hz)::bigint AS hz FROM per_session
                            WHERE refresh_hz IS NOT NULL GROUP BY 1) h) AS hz,
                       (SELECT array_agg(n ORDER BY hz) FROM (SELECT round(refresh_hz)::bigint AS hz, count(*) AS n
                            FROM per_session WHERE refresh_hz IS NOT NULL GROUP BY 1) h) AS hz_sessions
                FROM per_session
                """.formatted(ABANDONED), DSL.val(slug), DSL.val(abandonedAfter.toSeconds()))
                .fetchSingle();
        Long[] hz = row.get("hz", Long[].class);
        Long[] counts = row.get("hz_sessions", Long[].class);
        List<SessionMonitor.RefreshBin> bins = new ArrayList<>();
        for (int i = 0; hz != null && i < hz.length; i++) {
            bins.add(new SessionMonitor.RefreshBin(hz[i], counts[i]));
        }
        return new Summary(row.get("started", Long.class), row.get("screen_checked", Long.class),
                row.get("completed", Long.class), row.get("abandoned", Long.class), row.get("answered", Long.class),
                row.get("masked_answered", Long.class), row.get("timing_ok", Long.class), bins);
    }

    /** The {@code limit} latest sessions by start, newest first, with their figures. */
    List<SessionMonitor.RecentSession> recent(DSLContext dsl, String slug, Duration abandonedAfter, int limit) {
        return dsl.resultQuery("""
                WITH sessions AS (
                    SELECT s.* FROM session s JOIN experiment e ON e.id = s.experiment_id WHERE e.slug = {0}
                    AND NOT s.pilot ORDER BY s.created_at DESC, s.id LIMIT {2}
                )
                """ + PER_SESSION + """
                SELECT id, CASE WHEN %s THEN 'abandoned' ELSE status END AS shown_status, created_at, recruitment_id,
                       last_activity_at, refresh_hz, answered, masked_answered, timing_ok,
                       (SELECT count(*) FROM trial t WHERE t.session_id = per_session.id) AS total
                FROM per_session
                ORDER BY created_at DESC, id
                """.formatted(ABANDONED), DSL.val(slug), DSL.val(abandonedAfter.toSeconds()), DSL.val(limit))
                .fetch(r -> new SessionMonitor.RecentSession(r.get("id", UUID.class).toString(),
                        r.get("shown_status", String.class), r.get("created_at", OffsetDateTime.class),
                        r.get("last_activity_at", OffsetDateTime.class), r.get("refresh_hz", Double.class),
                        r.get("answered", Long.class), r.get("total", Long.class),
                        SessionMonitor.share(r.get("timing_ok", Long.class), r.get("masked_answered", Long.class)),
                        r.get("recruitment_id", String.class)));
    }
}
