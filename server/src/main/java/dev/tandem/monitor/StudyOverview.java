package dev.tandem.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.account.Principal;
import dev.tandem.analysis.WilsonInterval;
import dev.tandem.experiment.DataCollection;
import dev.tandem.experiment.ExperimentCatalog;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.TrialType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * The study overview (issue 14): who took part and how it went, per experiment (all versions).
 * Pilot sessions are left out unless asked for; sessions excluded from analysis are counted and
 * listed with their reason. A participant's recruitment ids are shown to the lab that recruited
 * them; they are deleted with the session.
 */
public final class StudyOverview {

    /** The query parameters recruiters use for a participant's id (Prolific, MTurk, SONA, generic). */
    private static final List<String> IDENTITY_PARAMS = List.of("PROLIFIC_PID", "workerId", "participant", "id",
            "survey_code");

    private final DSLContext dsl;
    private final ObjectMapper json;
    private final ExperimentCatalog catalog;
    private final ExperimentService experiments;
    private final DataCollection collection;
    private final OverviewRepository repository = new OverviewRepository();

    public StudyOverview(DSLContext dsl, ObjectMapper json, ExperimentCatalog catalog, ExperimentService experiments,
                         DataCollection collection) {
        this.dsl = dsl;
        this.json = json;
        this.catalog = catalog;
        this.experiments = experiments;
        this.collection = collection;
    }

    /**
     * Sessions by how they ended. {@code started} counts every (non-pilot) session; completed,
     * screenedOut, withdrawn and abandoned (idle past {@link SessionMonitor#ABANDONED_AFTER}) are
     * parts of it, the rest is in progress; {@code excluded} counts sessions kept but left out of analysis.
     */
    public record Counts(long started, long inProgress, long completed, long abandoned, long screenedOut, long excluded,
                         long withdrawn, long pilots) {}

    /** A proportion with its 95% Wilson interval (null when nothing was counted). */
    public record Share(long count, long of, Double value, Double lower, Double upper) {
        static Share of(long count, long of) {
            if (of == 0) {
                return new Share(count, of, null, null, null);
            }
            var ci = WilsonInterval.of(count, of);
            return new Share(count, of, (double) count / of, ci.lower(), ci.upper());
        }
    }

    /** Main trials of one condition: assigned to real participants' sessions, and answered. */
    public record Cell(TrialType trialType, String manipulation, Double level, Integer durationMs, long assigned,
                       long answered) {}

    /**
     * How evenly the cells are filled: the fewest and most trials assigned to a cell. The balanced
     * design (experiment.Assignment) keeps the spread at most the trials of one participant in a cell.
     */
    public record Balance(long minAssigned, long maxAssigned, long spread) {}

    /** One participant's row; accuracy over answered main masked trials (null before the first). */
    public record Participant(String session, Map<String, String> recruitmentIds, String status, boolean pilot,
                              String excludedReason, Double durationS, long answered, long total, Double accuracy,
                              long timingFlags) {}

    public record Overview(String slug, Integer targetParticipants, boolean collecting, boolean includesPilots,
                           Counts counts, Share completionRate, Double medianDurationS, List<Cell> cells,
                           Balance balance, Share timingOk, List<Participant> participants) {}

    public Overview overview(Principal principal, String slug, boolean includePilots) {
        catalog.require(principal, slug);
        var definition = experiments.current(slug).definition();
        var rows = repository.sessions(dsl, slug, includePilots, SessionMonitor.ABANDONED_AFTER);
        List<Participant> participants = new ArrayList<>();
        long completed = 0, abandoned = 0, screenedOut = 0, excluded = 0, withdrawn = 0, pilots = 0, inProgress = 0;
        long masked = 0, flags = 0;
        List<Double> durations = new ArrayList<>();
        for (var row : rows) {
            String status = shownStatus(row);
            switch (status) {
                case "completed" -> completed++;
                case "abandoned" -> abandoned++;
                case "screened-out" -> screenedOut++;
                case "withdrawn" -> withdrawn++;
                default -> inProgress++;
            }
            excluded += row.excludedReason() == null ? 0 : 1;
            pilots += row.pilot() ? 1 : 0;
            if ("completed".equals(status) && row.durationS() != null && !row.pilot()) {
                durations.add(row.durationS());
            }
            masked += row.maskedAnswered();
            flags += row.timingFlags();
            participants.add(new Participant(row.id(), recruitmentIds(row.recruitmentJson()), status, row.pilot(),
                    row.excludedReason(), row.durationS(), row.answered(), row.total(),
                    row.maskedAnswered() == 0 ? null : (double) row.correct() / row.maskedAnswered(), row.timingFlags()));
        }
        long started = rows.size();
        List<Cell> cells = repository.cells(dsl, slug).stream()
                .map(c -> new Cell(c.trialType(), c.manipulation(), c.level(), c.durationMs(), c.assigned(), c.answered()))
                .toList();
        long min = cells.stream().mapToLong(Cell::assigned).min().orElse(0);
        long max = cells.stream().mapToLong(Cell::assigned).max().orElse(0);
        // Screen-outs and withdrawals leave without data: the rate is over those who could finish.
        long couldFinish = started - screenedOut - withdrawn - inProgress;
        return new Overview(slug, definition.targetParticipants(), collection.isOpen(slug), includePilots,
                new Counts(started, inProgress, completed, abandoned, screenedOut, excluded, withdrawn, pilots),
                Share.of(completed, couldFinish), median(durations), cells, new Balance(min, max, max - min),
                Share.of(masked - flags, masked), participants);
    }

    private static String shownStatus(OverviewRepository.SessionRow row) {
        boolean unfinished = "started".equals(row.status()) || "screen-checked".equals(row.status());
        return unfinished && row.idle() ? "abandoned" : row.status();
    }

    private Map<String, String> recruitmentIds(String recruitmentJson) {
        Map<String, Object> params;
        try {
            params = json.readValue(recruitmentJson, new TypeReference<>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> ids = new LinkedHashMap<>();
        for (String name : IDENTITY_PARAMS) {
            if (params.get(name) != null) {
                ids.put(name, String.valueOf(params.get(name)));
            }
        }
        return ids;
    }

    private static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
