package dev.tandem.monitor;

import dev.tandem.account.Principal;
import dev.tandem.experiment.ExperimentCatalog;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The live view of an experiment's data collection (all versions): how many sessions started,
 * passed the screen check, completed or were abandoned, how many trials were answered and how
 * many of those kept their planned timing, the participants' refresh rates, and the latest
 * sessions. Computed in two queries, whatever the number of sessions; nothing personal is shown
 * beyond the session id.
 */
public final class SessionMonitor {

    /**
     * A session is abandoned when it is not completed and nothing came from it (start, screen
     * check, response, ClickMe query or round) for this long. A participant who comes back later
     * resumes as usual; the session then counts as active again.
     */
    public static final Duration ABANDONED_AFTER = Duration.ofMinutes(30);

    /** How many of the latest sessions the monitor lists. */
    static final int RECENT = 20;

    private final DSLContext dsl;
    private final ExperimentCatalog catalog;
    private final MonitorRepository repository = new MonitorRepository();

    public SessionMonitor(DSLContext dsl, ExperimentCatalog catalog) {
        this.dsl = dsl;
        this.catalog = catalog;
    }

    /**
     * Session counts form a funnel: {@code started} counts every session, {@code screenChecked}
     * those that passed the screen check (completed ones included), {@code completed} those that
     * got their completion code, {@code abandoned} those idle past {@link #ABANDONED_AFTER}.
     */
    public record SessionCounts(long started, long screenChecked, long completed, long abandoned) {}

    /**
     * {@code answered} counts stored responses and ClickMe rounds; {@code timingOk} the masked
     * responses whose frames matched the plan, and {@code timingOkShare} their share of the masked
     * responses (null before the first).
     */
    public record Trials(long answered, long timingOk, Double timingOkShare) {}

    /** Sessions whose measured refresh rate rounds to {@code hz}. */
    public record RefreshBin(long hz, long sessions) {}

    /**
     * @param status started, screen-checked, completed or abandoned
     * @param total  trials in the session's list (practice and ClickMe rounds included)
     */
    public record RecentSession(String session, String status, OffsetDateTime createdAt, OffsetDateTime lastActivityAt,
                                Double refreshHz, long answered, long total, Double timingOkShare, String recruitmentId) {}

    public record Monitor(SessionCounts sessions, Trials trials, List<RefreshBin> refreshHz, List<RecentSession> recent) {}

    public Monitor monitor(Principal principal, String slug) {
        catalog.require(principal, slug);
        var summary = repository.summary(dsl, slug, ABANDONED_AFTER);
        return new Monitor(
                new SessionCounts(summary.started(), summary.screenChecked(), summary.completed(), summary.abandoned()),
                new Trials(summary.answered(), summary.timingOk(), share(summary.timingOk(), summary.maskedAnswered())),
                summary.refreshHz(),
                repository.recent(dsl, slug, ABANDONED_AFTER, RECENT));
    }

    static Double share(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
