package dev.tandem.http;

import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.response.ResponseBatch;
import dev.tandem.response.ResponseService;
import dev.tandem.triplet.JudgementBatch;
import dev.tandem.triplet.JudgementService;
import dev.tandem.session.ScreenCheck;
import dev.tandem.session.SessionDeletion;
import dev.tandem.session.SessionService;
import dev.tandem.stimulus.StimulusService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** What a participant's browser calls: the page, its session, its responses, and the stimuli. */
public final class ParticipantRoutes implements Routes {

    private static final Pattern STIMULUS_FILE = Pattern.compile("([0-9a-f]{64})\\.png");

    private final SessionService sessions;
    private final ResponseService responses;
    private final JudgementService judgements;
    private final StimulusService stimuli;
    private final JsonBodies bodies;
    private final SessionDeletion deletion;

    public ParticipantRoutes(SessionService sessions, ResponseService responses, JudgementService judgements,
                             StimulusService stimuli, JsonBodies bodies,
                             SessionDeletion deletion) {
        this.sessions = sessions;
        this.deletion = deletion;
        this.responses = responses;
        this.judgements = judgements;
        this.stimuli = stimuli;
        this.bodies = bodies;
    }

    /** A session start: the recruiter's query parameters and the browser's start id (retries reuse it). */
    private record NewSession(Map<String, String> params, String startId) {}

    /** {@code POST /api/withdrawals}: the one-time code from the completion page. */
    private record Withdrawal(String code) {}

    @Override
    public void register(Javalin app, Guard guard) {
        String page = Pages.load("index.html");
        app.get("/run/{slug}", ctx -> Pages.serve(ctx, page));
        app.post("/api/experiments/{slug}/sessions", this::startSession);
        app.get("/api/sessions/{id}", ctx -> ctx.json(sessions.state(sessionId(ctx), Guard.bearer(ctx))));
        app.post("/api/sessions/{id}/screen-check", ctx -> ctx.json(
                sessions.screenCheck(sessionId(ctx), Guard.bearer(ctx), bodies.read(ctx, ScreenCheck.class))));
        app.post("/api/sessions/{id}/responses", ctx -> ctx.json(Map.of("confirmed",
                responses.store(sessionId(ctx), Guard.bearer(ctx), bodies.read(ctx, ResponseBatch.class)))));
        app.post("/api/sessions/{id}/triplets", ctx -> ctx.json(Map.of("confirmed",
                judgements.store(sessionId(ctx), Guard.bearer(ctx), bodies.read(ctx, JudgementBatch.class)))));
        app.post("/api/sessions/{id}/complete", ctx -> ctx.json(sessions.complete(sessionId(ctx), Guard.bearer(ctx))));
        app.post("/api/sessions/{id}/screen-out", ctx -> ctx.json(sessions.screenOut(sessionId(ctx), Guard.bearer(ctx))));
        app.get("/withdraw", ctx -> Pages.serve(ctx, page));
        app.post("/api/withdrawals", ctx -> ctx.json(deletion.withdraw(bodies.read(ctx, Withdrawal.class).code())));
        app.get("/stimuli/{file}", this::stimulus);
    }

    private void startSession(Context ctx) {
        NewSession body = ctx.body().isBlank() ? new NewSession(Map.of(), null) : bodies.read(ctx, NewSession.class);
        var started = sessions.start(ctx.pathParam("slug"), body.startId(),
                body.params() == null ? Map.of() : body.params());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sessionId", started.sessionId());
        result.put("token", started.token());
        ctx.status(201).json(result);
    }

    /** Rendered stimuli never change under their address, so caches may keep them for a year. */
    private void stimulus(Context ctx) {
        var match = STIMULUS_FILE.matcher(ctx.pathParam("file"));
        if (!match.matches()) {
            throw new NotFoundException("stimuli are addressed as /stimuli/<sha256>.png");
        }
        var image = stimuli.image(match.group(1))
                .orElseThrow(() -> new NotFoundException("no stimulus " + match.group(1)));
        ctx.header("Cache-Control", "public, max-age=31536000, immutable")
                .header("ETag", "\"" + match.group(1) + "\"")
                .contentType(image.mediaType())
                .result(image.bytes());
    }

    static UUID sessionId(Context ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("id", "session id must be a UUID");
        }
    }
}
