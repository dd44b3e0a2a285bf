package dev.tandem.monitor;

import dev.tandem.experiment.TrialType;
import java.time.Duration;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** The study overview's two queries: one row per session, and the design cells' counts. */
final class OverviewRepository {

    /** A session's figures; {@code recruitmentJson} is its recorded query parameters. */
    record SessionRow(String id, String status, boolean pilot, String excludedReason, String recruitmentJson,
                      Double durationS, long answered, long total, long maskedAnswered, long correct, long timingFlags,
                      boolean idle) {}

    /**
     * Main trials of one condition assigned to, and answered in, real participants' sessions; a
     * screened-out session's trials are not counted (its slot went to the next participant).
     */
    record CellRow(TrialType trialType, String manipulation, Double level, Integer durationMs, long assigned, long answered) {}

    List<SessionRow> sessions(DSLContext dsl, String slug, boolean includePilots, Duration abandonedAfter) {
        return dsl.resultQuery("""
                WITH sessions AS (
                    SELECT s.* FROM session s JOIN experiment e ON e.id = s.experiment_id
                    WHERE e.slug = {0} AND ({1} OR NOT s.pilot)
                ), answers AS (
                    SELECT r.session_id, count(*) AS answered,
                           count(*) FILTER (WHERE NOT t.practice AND r.response = t.category) AS correct,
                           count(*) FILTER (WHERE NOT t.practice) AS main_answered,
                           count(*) FILTER (WHERE NOT r.timing_ok) AS timing_flags,
                           max(r.received_at) AS last_at
                    FROM response r JOIN trial t ON t.session_id = r.session_id AND t.trial_index = r.trial_index
                    WHERE r.session_id IN (SELECT id FROM sessions) GROUP BY r.session_id
                ), rounds AS (
                    SELECT session_id, count(*) AS rounds, max(received_at) AS last_at
                    FROM (SELECT session_id, received_at FROM clickme_round
                          UNION ALL SELECT session_id, received_at FROM triplet_judgement) outcome
                    WHERE session_id IN (SELECT id FROM sessions) GROUP BY session_id
                ), totals AS (
                    SELECT session_id, count(*) AS total FROM trial
                    WHERE session_id IN (SELECT id FROM sessions) GROUP BY session_id
                )
                SELECT s.id::text AS id, s.status, s.pilot, s.excluded_reason, s.recruitment,
                       extract(epoch FROM s.completed_at - s.created_at) AS duration_s,
                       coalesce(a.answered, 0) + coalesce(c.rounds, 0) AS answered, coalesce(t.total, 0) AS total,
                       coalesce(a.main_answered, 0) AS masked_answered, coalesce(a.correct, 0) AS correct,
                       coalesce(a.timing_flags, 0) AS timing_flags,
                       greatest(s.created_at, s.screen_checked_at, a.last_at, c.last_at)
                           < now() - {2} * interval '1 second' AS idle
                FROM sessions s
                LEFT JOIN answers a ON a.session_id = s.id
                LEFT JOIN rounds c ON c.session_id = s.id
                LEFT JOIN totals t ON t.session_id = s.id
                ORDER BY s.created_at, s.id
                """, DSL.val(slug), DSL.val(includePilots), DSL.val(abandonedAfter.toSeconds()))
                .fetch(r -> new SessionRow(r.get("id", String.class), r.get("status", String.class),
                        r.get("pilot", Boolean.class), r.get("excluded_reason", String.class),
                        r.get("recruitment", JSONB.class).data(), r.get("duration_s", Double.class),
                        r.get("answered", Long.class), r.get("total", Long.class), r.get("masked_answered", Long.class),
                        r.get("correct", Long.class), r.get("timing_flags", Long.class), r.get("idle", Boolean.class)));
    }

    List<CellRow> cells(DSLContext dsl, String slug) {
        return dsl.resultQuery("""
                SELECT t.trial_type, t.manipulation, t.level, t.requested_ms, count(*) AS assigned,
                       count(r.response_id) + count(c.round_id) + count(j.judgement_id) AS answered
                FROM trial t
                JOIN session s ON s.id = t.session_id
                JOIN experiment e ON e.id = s.experiment_id
                LEFT JOIN response r ON r.session_id = t.session_id AND r.trial_index = t.trial_index
                LEFT JOIN clickme_round c ON c.session_id = t.session_id AND c.trial_index = t.trial_index
                LEFT JOIN triplet_judgement j ON j.session_id = t.session_id AND j.trial_index = t.trial_index
                WHERE e.slug = {0} AND NOT s.pilot AND NOT t.practice AND s.status <> 'screened-out'
                GROUP BY 1, 2, 3, 4
                ORDER BY 1, 2, 3, 4
                """, DSL.val(slug))
                .fetch(r -> new CellRow(TrialType.fromDb(r.get("trial_type", String.class)), r.get("manipulation", String.class),
                        r.get("level", Double.class), r.get("requested_ms", Integer.class), r.get("assigned", Long.class),
                        r.get("answered", Long.class)));
    }
}
