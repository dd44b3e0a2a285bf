package dev.tandem.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.common.AccessDeniedException;
import dev.tandem.common.ConflictException;
import dev.tandem.common.Hashes;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.RefusedException;
import dev.tandem.common.Tokens;
import dev.tandem.experiment.DataCollection;
import dev.tandem.experiment.ExperimentDefinition;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.SafeMarkdown;
import dev.tandem.experiment.StoredExperiment;
import dev.tandem.kind.SessionTrial;
import dev.tandem.kind.TrialKind;
import dev.tandem.kind.TrialKinds;
import dev.tandem.stimulus.StimulusService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/**
 * Participant sessions: the trial list fixed and stored when a session starts, the screen check
 * that turns requested milliseconds into frames, and the completion code released only once
 * every response is stored.
 */
public final class SessionService {

    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_PARAMS = 32;
    private static final int MAX_PARAM_LENGTH = 256;

    private final DSLContext dsl;
    private final ObjectMapper json;
    private final ExperimentService experiments;
    private final DataCollection collection;
    private final SessionRepository repository = new SessionRepository();
    private final SessionStarts starts;

    public SessionService(DSLContext dsl, ObjectMapper json, ExperimentService experiments, StimulusService stimuli,
                          DataCollection collection) {
        this.dsl = dsl;
        this.json = json;
        this.experiments = experiments;
        this.collection = collection;
        this.starts = new SessionStarts(dsl, experiments, stimuli, collection, repository);
    }

    public record Started(UUID sessionId, String token) {}

    /** As {@link #start(String, String, Map)} without a start id: atomic, but a retry is a new session. */
    public Started start(String slug, Map<String, String> params) {
        return start(slug, null, params);
    }

    /**
     * Starts a session of the experiment's current version with the recruiter's query parameters;
     * refused (409) while the experiment's data collection is closed. Atomic and idempotent on the
     * client-made {@code startId} (issue 12; see {@link SessionStarts}).
     */
    public Started start(String slug, String startId, Map<String, String> params) {
        checkParams(params);
        return starts.start(slug, startId, write(params), false);
    }

    /**
     * Starts a pilot session: an experimenter's own run (issue 14), also while collection is
     * closed. It plans the next participant's slot without using it up, so the design's balance
     * is untouched, and it is left out of metrics, exports and the overview's counts.
     */
    public Started startPilot(String slug) {
        return starts.start(slug, null, write(Map.of()), true);
    }

    /** Checks the bearer token against the session; a wrong token learns nothing about the session. */
    public AuthorizedSession authorize(UUID sessionId, String token) {
        if (token == null || token.isBlank()) {
            throw new AccessDeniedException("a session token is required (Authorization: Bearer <token>)");
        }
        var row = repository.find(dsl, sessionId, Hashes.sha256Hex(token))
                .orElseThrow(() -> new AccessDeniedException("the session token does not match this session"));
        return new AuthorizedSession(row.id(), experiments.version(row.experimentId()), row.status());
    }

    public SessionState state(UUID sessionId, String token) {
        return assemble(authorize(sessionId, token));
    }

    /** Records the measured screen and plans every unanswered trial's frames from its refresh rate. */
    public SessionState screenCheck(UUID sessionId, String token, ScreenCheck check) {
        AuthorizedSession session = authorize(sessionId, token);
        ExperimentDefinition definition = session.experiment().definition();
        if (check == null || check.refreshHz() == null) {
            throw new InvalidInputException("refreshHz", "refreshHz is required");
        }
        double hz = check.refreshHz();
        if (!(hz >= 10 && hz <= 1000)) {
            throw new InvalidInputException("refreshHz", "refreshHz must be between 10 and 1000, was " + hz);
        }
        if (check.frameIntervalsMs() != null && check.frameIntervalsMs().size() > 2000) {
            throw new InvalidInputException("frameIntervalsMs", "at most 2000 frame intervals");
        }
        if (check.frameIntervalsMs() != null) {
            for (int i = 0; i < check.frameIntervalsMs().size(); i++) {
                Double interval = check.frameIntervalsMs().get(i);
                if (interval == null || !(interval >= 0 && interval <= 10_000)) {
                    throw new InvalidInputException("frameIntervalsMs[" + i + "]",
                            "frame intervals are numbers of ms from 0 to 10000");
                }
            }
        }
        within(check.windowWidth(), "windowWidth");
        within(check.windowHeight(), "windowHeight");
        within(check.screenWidth(), "screenWidth");
        within(check.screenHeight(), "screenHeight");
        if (check.devicePixelRatio() != null && !(check.devicePixelRatio() > 0 && check.devicePixelRatio() <= 16)) {
            throw new InvalidInputException("devicePixelRatio", "devicePixelRatio must be a number above 0, at most 16");
        }
        requireRunning(session.status());
        if (hz < definition.minRefreshHz()) {
            int failures = repository.recordScreenFailure(dsl, sessionId);
            throw new RefusedException("refreshHz", String.format(
                    "refresh rate %.1f Hz is below this experiment's minimum of %.0f Hz", hz, definition.minRefreshHz())
                    + (failures >= definition.screenCheckAttempts() ? "" : "; " + (definition.screenCheckAttempts() - failures)
                            + " more tries before you may leave with the screen-out ending"));
        }
        dsl.transaction(tx -> {
            // The status is checked and changed under the row's lock: a completion cannot be undone (issue 12).
            SessionStatus status = repository.lockStatus(tx.dsl(), sessionId, true);
            if (status == SessionStatus.COMPLETED || status == SessionStatus.SCREENED_OUT
                    || status == SessionStatus.WITHDRAWN) {
                throw new ConflictException("status", "this session is already " + status);
            }
            repository.recordScreen(tx.dsl(), sessionId, write(check), hz);
            for (TrialKind kind : TrialKinds.all().shown(definition)) {
                kind.planFrames(tx.dsl(), sessionId, definition, hz);
            }
        });
        return assemble(new AuthorizedSession(sessionId, session.experiment(), SessionStatus.SCREEN_CHECKED));
    }

    /**
     * Ends a session whose screen check failed the experiment's {@code screenCheckAttempts} times
     * with the screen-out code and redirect (issue 14), so nobody is stuck on "Try again". Asking
     * again answers the same ending; asking before enough failures is refused (409).
     */
    public SessionState.Completion screenOut(UUID sessionId, String token) {
        AuthorizedSession session = authorize(sessionId, token);
        ExperimentDefinition definition = session.experiment().definition();
        if (session.status() != SessionStatus.SCREENED_OUT) {
            int failures = repository.screenFailures(dsl, sessionId);
            if (failures < definition.screenCheckAttempts()) {
                throw new ConflictException("screenCheck", "the screen-out ending is offered after "
                        + definition.screenCheckAttempts() + " failed screen checks; this session has " + failures);
            }
            boolean screenedOut = dsl.transactionResult(tx -> {
                if (!repository.markScreenedOut(tx.dsl(), sessionId)) {
                    return false;
                }
                repository.freeSlotOf(tx.dsl(), sessionId);
                return true;
            });
            if (!screenedOut) {
                throw new ConflictException("status", "this session has passed its screen check");
            }
        }
        return screenOutEnding(definition, read(repository.findById(dsl, sessionId).recruitmentJson()));
    }

    /** Sessions that ended (screened out, withdrawn) take no more screen checks or completions. */
    private static void requireRunning(SessionStatus status) {
        if (status == SessionStatus.SCREENED_OUT || status == SessionStatus.WITHDRAWN) {
            throw new ConflictException("status", "this session has ended (" + status + ")");
        }
    }

    /**
     * Releases the completion code, only when the screen check was passed and every trial of the
     * session has a stored outcome; decided and recorded under the session row's lock, with a new
     * one-time withdrawal code (issue 14). Reaching the experiment's targetParticipants closes
     * collection.
     */
    public SessionState.Completion complete(UUID sessionId, String token) {
        AuthorizedSession session = authorize(sessionId, token);
        String withdrawCode = Tokens.newToken();
        boolean completedNow = dsl.transactionResult(tx -> {
            SessionStatus status = repository.lockStatus(tx.dsl(), sessionId, true);
            // A retried completion gets a fresh withdrawal code: the answer with the first may have been lost.
            repository.setWithdrawCode(tx.dsl(), sessionId, Hashes.sha256Hex(withdrawCode));
            if (status == SessionStatus.COMPLETED) {
                return false;
            }
            requireRunning(status);
            requireScreenChecked(status);
            int missing = repository.unansweredCount(tx.dsl(), sessionId);
            if (missing > 0) {
                throw new ConflictException("responses", missing + " trial(s) have no stored response yet");
            }
            repository.markCompleted(tx.dsl(), sessionId);
            return true;
        });
        ExperimentDefinition definition = session.experiment().definition();
        if (completedNow && definition.targetParticipants() != null && !repository.isPilot(dsl, sessionId)
                && repository.completedParticipants(dsl, definition.slug()) >= definition.targetParticipants()) {
            collection.closeOnTarget(definition.slug());
        }
        var ending = completion(definition, read(repository.findById(dsl, sessionId).recruitmentJson()));
        return new SessionState.Completion(ending.code(), ending.redirectUrl(), withdrawCode);
    }

    /**
     * Inside the transaction that stores a trial's outcome: locks the session's status (shared)
     * and refuses a main trial of a session that has not passed the screen check (issue 12:
     * a session that never called /screen-check answered every trial and got the completion code).
     */
    public void requireMayStore(DSLContext tx, UUID sessionId, boolean mainTrial, String field) {
        SessionStatus status = repository.lockStatus(tx, sessionId, false);
        if (mainTrial) {
            try {
                requireScreenChecked(status);
            } catch (ConflictException e) {
                throw new ConflictException(field, e.getMessage());
            }
        }
    }

    /** Screen and window sizes, in CSS pixels, when given. */
    private static void within(Integer pixels, String field) {
        if (pixels != null && (pixels < 0 || pixels > 100_000)) {
            throw new InvalidInputException(field, field + " must be a whole number of pixels from 0 to 100000");
        }
    }

    private static void requireScreenChecked(SessionStatus status) {
        switch (status) {
            case STARTED -> throw new ConflictException("status",
                    "this session has not passed the screen check (POST /api/sessions/{id}/screen-check)");
            case SCREENED_OUT -> throw new ConflictException("status",
                    "this session was screened out: its screen does not meet the experiment's requirements");
            case SCREEN_CHECKED, COMPLETED -> { }
        }
    }

    private SessionState assemble(AuthorizedSession session) {
        ExperimentDefinition definition = session.experiment().definition();
        List<SessionTrial.Stored> trials = repository.trials(dsl, session.id());
        List<Integer> answered = repository.answered(dsl, session.id());
        List<SessionState.TrialView> views = new ArrayList<>();
        Map<Integer, SessionState.BlockView> blocks = new LinkedHashMap<>();
        for (var t : trials) {
            views.add(TrialKinds.all().of(t.type()).view(t));
            blocks.merge(t.block(), new SessionState.BlockView(t.block(), t.type(), t.practice(), 1),
                    (a, b) -> new SessionState.BlockView(a.index(), a.type(), a.practice(), a.trialCount() + 1));
        }
        List<SessionState.BlockView> blockViews = new ArrayList<>(blocks.values());
        var row = repository.findById(dsl, session.id());
        SessionStatus status = row.status();
        return new SessionState(session.id(), status, view(session.experiment()),
                row.screenJson() == null ? null : read(row.screenJson()), views, blockViews, answered,
                status == SessionStatus.COMPLETED ? completion(definition, read(row.recruitmentJson())) : null,
                status == SessionStatus.SCREENED_OUT ? screenOutEnding(definition, read(row.recruitmentJson())) : null);
    }

    private SessionState.ExperimentView view(StoredExperiment experiment) {
        ExperimentDefinition d = experiment.definition();
        var t = d.timing();
        return new SessionState.ExperimentView(d.slug(), experiment.version(), d.title(), d.trialType(),
                SafeMarkdown.toHtml(d.consent()), SafeMarkdown.toHtml(d.instructions()),
                SafeMarkdown.toHtml(d.blocks().breakMessage()),
                d.categories().stream().map(c -> new SessionState.Category(c.name(), c.label(), c.key())).toList(),
                new SessionState.Timing(t.fixationMs(), t.blankMs(), t.maskMs(), t.interTrialMs(),
                        t.responseDeadlineMs(), t.feedbackMs()),
                d.minRefreshHz(), d.requestFullscreen(), d.practice().feedback(), clickmeView(d), d.display().size(),
                d.screenCheckAttempts(), d.language(), d.texts(), tripletView(d));
    }

    private static SessionState.TripletView tripletView(ExperimentDefinition d) {
        var t = d.triplet();
        return t == null ? null : new SessionState.TripletView(t.response(), t.presentation().mode(),
                t.presentation().frames());
    }

    private static SessionState.ClickMeView clickmeView(ExperimentDefinition d) {
        var c = d.clickme();
        return c == null ? null : new SessionState.ClickMeView(c.revealSize(), c.paintIntervalMs(), c.revealsPerQuery(),
                c.timeLimitMs(), c.noiseSd(), c.noiseMean(), c.partner().topK(), c.partner().model());
    }

    /** The completion code, and the redirect with {code} and recorded query parameters filled in. */
    static SessionState.Completion completion(ExperimentDefinition definition, Map<String, Object> recruitment) {
        return ending(definition.completion().code(), definition.completion().redirectUrl(), recruitment);
    }

    /** The screen-out code and redirect; both may be null (the page then only says thanks). */
    static SessionState.Completion screenOutEnding(ExperimentDefinition definition, Map<String, Object> recruitment) {
        return ending(definition.completion().screenOutCode(), definition.completion().screenOutRedirectUrl(), recruitment);
    }

    private static SessionState.Completion ending(String code, String template, Map<String, Object> recruitment) {
        if (template == null) {
            return new SessionState.Completion(code, null, null);
        }
        String url = template.replace("{code}", code == null ? "" : URLEncoder.encode(code, StandardCharsets.UTF_8));
        for (var entry : recruitment.entrySet()) {
            url = url.replace("{" + entry.getKey() + "}",
                    URLEncoder.encode(String.valueOf(entry.getValue()), StandardCharsets.UTF_8));
        }
        return new SessionState.Completion(code, url, null);
    }

    private static void checkParams(Map<String, String> params) {
        if (params.size() > MAX_PARAMS) {
            throw new InvalidInputException("params", "at most " + MAX_PARAMS + " query parameters are recorded");
        }
        params.forEach((name, value) -> {
            if (!PARAM_NAME.matcher(name).matches()) {
                throw new InvalidInputException("params." + name, "parameter names are letters, digits, _ . - (at most 64)");
            }
            if (value == null || value.length() > MAX_PARAM_LENGTH) {
                throw new InvalidInputException("params." + name, "parameter values are strings of at most "
                        + MAX_PARAM_LENGTH + " characters");
            }
        });
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, new TypeReference<>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
