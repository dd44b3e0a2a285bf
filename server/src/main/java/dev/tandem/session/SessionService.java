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
import dev.tandem.experiment.Assignment;
import dev.tandem.experiment.DataCollection;
import dev.tandem.experiment.ExperimentDefinition;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.Frames;
import dev.tandem.experiment.SafeMarkdown;
import dev.tandem.experiment.StoredExperiment;
import dev.tandem.stimulus.SetImage;
import dev.tandem.stimulus.StimulusService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
    private final StimulusService stimuli;
    private final DataCollection collection;
    private final SessionRepository repository = new SessionRepository();
    private final SecureRandom random = new SecureRandom();

    public SessionService(DSLContext dsl, ObjectMapper json, ExperimentService experiments, StimulusService stimuli,
                          DataCollection collection) {
        this.dsl = dsl;
        this.json = json;
        this.experiments = experiments;
        this.stimuli = stimuli;
        this.collection = collection;
    }

    public record Started(UUID sessionId, String token) {}

    /**
     * Starts a session of the experiment's current version with the recruiter's query parameters;
     * refused (409) while the experiment's data collection is closed.
     */
    public Started start(String slug, Map<String, String> params) {
        return start(slug, params, false);
    }

    /**
     * Starts a pilot session: an experimenter's own run (issue 14), also while collection is
     * closed. It takes the next participant's slot without using it up, so the design's balance
     * is untouched, and it is left out of metrics, exports and the overview's counts.
     */
    public Started startPilot(String slug) {
        return start(slug, Map.of(), true);
    }

    private Started start(String slug, Map<String, String> params, boolean pilot) {
        checkParams(params);
        StoredExperiment experiment = experiments.current(slug);
        if (!pilot) {
            collection.requireOpen(slug);
        }
        ExperimentDefinition definition = experiment.definition();
        List<SetImage> images = experiments.images(experiment);
        long sessionSeed = random.nextLong();
        UUID id = UUID.randomUUID();
        String token = Tokens.newToken();
        // The slot is taken on its own (a short row lock), so concurrent starts do not queue behind
        // each other's lookups; a start that then fails leaves one unused slot in the design.
        int slot = pilot ? experiments.peekAssignmentSlot(dsl, experiment.id())
                : experiments.takeAssignmentSlot(dsl, experiment.id());
        var plan = Assignment.plan(definition, images.size(), slot, sessionSeed);
        var maskedTrials = plan.stream().filter(t -> !t.isClickme()).toList();
        List<String> masks = stimuli.renderMasks(maskedTrials.stream().map(Assignment.PlannedTrial::maskSeed).toList(),
                definition.display().size());
        Map<Integer, String> maskByIndex = new LinkedHashMap<>();
        for (int i = 0; i < maskedTrials.size(); i++) {
            maskByIndex.put(maskedTrials.get(i).index(), masks.get(i));
        }
        List<String> shown = experiments.stimulusHashes(definition, plan.stream()
                .map(p -> new ExperimentService.Shown(images.get(p.imageIndex()), manipulation(p))).toList());
        List<SessionRepository.NewTrial> trials = new ArrayList<>();
        for (var planned : plan) {
            SetImage image = images.get(planned.imageIndex());
            var manipulation = manipulation(planned);
            // A ClickMe round has no duration and no mask; its mask seed is the noise seed.
            trials.add(new SessionRepository.NewTrial(planned.trialType(), planned.index(), planned.block(),
                    planned.practice(), image.imageIndex(), image.file(), image.category(), manipulation.name(),
                    manipulation.level(), planned.isClickme() ? null : planned.cell().durationMs(),
                    shown.get(planned.index()), planned.maskSeed(), maskByIndex.get(planned.index())));
        }
        dsl.transaction(tx -> {
            if (!pilot) {
                collection.requireOpen(tx.dsl(), slug); // again: it may have closed while the trials were planned
            }
            repository.insertSession(tx.dsl(), id, Hashes.sha256Hex(token), experiment.id(), slot, write(params));
            repository.insertTrials(tx.dsl(), id, trials);
            if (pilot) {
                repository.markPilot(tx.dsl(), id);
            }
        });
        return new Started(id, token);
    }

    static ExperimentDefinition.Manipulation manipulation(Assignment.PlannedTrial planned) {
        return planned.isClickme() ? ExperimentService.CLICKME_MANIPULATION : planned.cell().manipulation();
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
        requireRunning(session);
        if (hz < definition.minRefreshHz()) {
            int failures = repository.recordScreenFailure(dsl, sessionId);
            throw new RefusedException("refreshHz", String.format(
                    "refresh rate %.1f Hz is below this experiment's minimum of %.0f Hz", hz, definition.minRefreshHz())
                    + (failures >= definition.screenCheckAttempts() ? "" : "; " + (definition.screenCheckAttempts() - failures)
                            + " more tries before you may leave with the screen-out ending"));
        }
        if ("completed".equals(session.status())) {
            throw new ConflictException("status", "this session is already completed");
        }
        var timing = definition.timing();
        dsl.transaction(tx -> {
            repository.recordScreen(tx.dsl(), sessionId, write(check), hz);
            var durations = new TreeSet<Integer>();
            if (definition.hasMaskedTrials()) {
                durations.addAll(definition.conditions().durationsMs());
                durations.add(definition.practiceDurationMs());
            }
            for (int ms : durations) {
                repository.planFrames(tx.dsl(), sessionId, ms, Frames.presentationFrames(ms, hz),
                        Frames.frames(timing.fixationMs(), hz), Frames.frames(timing.blankMs(), hz),
                        Frames.frames(timing.maskMs(), hz));
            }
        });
        return assemble(new AuthorizedSession(sessionId, session.experiment(), "screen-checked"));
    }

    /**
     * Ends a session whose screen check failed the experiment's {@code screenCheckAttempts} times
     * with the screen-out code and redirect (issue 14), so nobody is stuck on "Try again". Asking
     * again answers the same ending; asking before enough failures is refused (409).
     */
    public SessionState.Completion screenOut(UUID sessionId, String token) {
        AuthorizedSession session = authorize(sessionId, token);
        ExperimentDefinition definition = session.experiment().definition();
        if (!SessionStatus.SCREENED_OUT.wire().equals(session.status())) {
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
    private static void requireRunning(AuthorizedSession session) {
        if (SessionStatus.SCREENED_OUT.wire().equals(session.status())
                || SessionStatus.WITHDRAWN.wire().equals(session.status())) {
            throw new ConflictException("status", "this session has ended (" + session.status() + ")");
        }
    }

    /**
     * Releases the completion code, only when every trial of the session has a stored response,
     * with a new one-time withdrawal code. Reaching the experiment's targetParticipants closes
     * collection.
     */
    public SessionState.Completion complete(UUID sessionId, String token) {
        AuthorizedSession session = authorize(sessionId, token);
        requireRunning(session);
        int missing = repository.unansweredCount(dsl, sessionId);
        if (missing > 0) {
            throw new ConflictException("responses", missing + " trial(s) have no stored response yet");
        }
        repository.markCompleted(dsl, sessionId);
        ExperimentDefinition definition = session.experiment().definition();
        if (definition.targetParticipants() != null && !repository.isPilot(dsl, sessionId)
                && repository.completedParticipants(dsl, definition.slug()) >= definition.targetParticipants()) {
            collection.closeOnTarget(definition.slug());
        }
        String withdrawCode = Tokens.newToken();
        repository.setWithdrawCode(dsl, sessionId, Hashes.sha256Hex(withdrawCode));
        var ending = completion(definition, read(repository.findById(dsl, sessionId).recruitmentJson()));
        return new SessionState.Completion(ending.code(), ending.redirectUrl(), withdrawCode);
    }

    private SessionState assemble(AuthorizedSession session) {
        ExperimentDefinition definition = session.experiment().definition();
        List<SessionRepository.StoredTrial> trials = repository.trials(dsl, session.id());
        List<Integer> answered = repository.answered(dsl, session.id());
        List<SessionState.TrialView> views = new ArrayList<>();
        Map<Integer, int[]> blocks = new LinkedHashMap<>();
        for (var t : trials) {
            boolean clickme = ExperimentDefinition.CLICKME.equals(t.type());
            views.add(new SessionState.TrialView(t.index(), t.type(), t.block(), t.practice(),
                    "/stimuli/" + t.stimulusSha256() + ".png",
                    t.maskSha256() == null ? null : "/stimuli/" + t.maskSha256() + ".png",
                    t.requestedMs(), t.plannedFrames(), t.fixationFrames(), t.blankFrames(),
                    t.maskFrames(), t.practice() ? t.category() : null, clickme ? t.maskSeed() : null));
            blocks.computeIfAbsent(t.block(), b -> new int[] {t.practice() ? 1 : 0, 0, clickme ? 1 : 0})[1]++;
        }
        List<SessionState.BlockView> blockViews = new ArrayList<>();
        blocks.forEach((index, facts) -> blockViews.add(new SessionState.BlockView(index,
                facts[2] == 1 ? ExperimentDefinition.CLICKME : ExperimentDefinition.MASKED, facts[0] == 1, facts[1])));
        var row = repository.findById(dsl, session.id());
        String status = row.status();
        return new SessionState(session.id(), status, view(session.experiment()),
                row.screenJson() == null ? null : read(row.screenJson()), views, blockViews, answered,
                "completed".equals(status) ? completion(definition, read(row.recruitmentJson())) : null,
                SessionStatus.SCREENED_OUT.wire().equals(status) ? screenOutEnding(definition, read(row.recruitmentJson()))
                        : null);
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
                d.minRefreshHz(), d.requestFullscreen(), d.practice().feedback(), clickmeView(d),
                d.screenCheckAttempts(), d.language(), d.texts());
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
