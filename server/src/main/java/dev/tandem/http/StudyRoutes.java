package dev.tandem.http;

import dev.tandem.common.InvalidInputException;
import dev.tandem.monitor.StudyOverview;
import dev.tandem.session.SessionDeletion;
import dev.tandem.session.SessionService;
import dev.tandem.session.TrialPreview;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * Running a study (issue 14): pilot sessions, deleting sessions, a recruitment id's data or the
 * pilots, and the deletion audit. Deleting needs the experiment's owner or an admin.
 */
public final class StudyRoutes implements Routes {

    private final SessionService sessions;
    private final SessionDeletion deletion;
    private final StudyOverview overview;
    private final TrialPreview previews;
    private final JsonBodies bodies;

    public StudyRoutes(SessionService sessions, SessionDeletion deletion, StudyOverview overview, TrialPreview previews,
                       JsonBodies bodies) {
        this.sessions = sessions;
        this.overview = overview;
        this.previews = previews;
        this.deletion = deletion;
        this.bodies = bodies;
    }

    /** The body of a deletion: why (kept in the audit entry). */
    private record Reason(String reason) {}

    /** {@code POST /api/sessions/{id}/exclusion}: exclude from analysis (with a reason) or include again. */
    private record Exclusion(Boolean excluded, String reason) {}

    /** A started pilot session and the participant page that runs it. */
    private record Pilot(java.util.UUID sessionId, String token, String url) {}

    @Override
    public void register(Javalin app, Guard guard) {
        app.get("/api/experiments/{slug}/overview", guard.experiment(ctx -> ctx.header("Cache-Control", "no-store")
                .json(overview.overview(Guard.principal(ctx), ctx.pathParam("slug"),
                        "true".equals(ctx.queryParam("pilot"))))));
        app.post("/api/experiments/{slug}/pilot", guard.experiment(this::startPilot));
        app.get("/api/experiments/{slug}/preview", guard.experiment(this::preview));
        app.post("/api/sessions/{id}/exclusion", guard.signedIn(this::exclude));
        app.delete("/api/experiments/{slug}/pilot-sessions", guard.experiment(ctx ->
                ctx.json(deletion.deletePilots(Guard.principal(ctx), ctx.pathParam("slug")))));
        app.delete("/api/experiments/{slug}/participants/{recruitmentId}", guard.experiment(ctx ->
                ctx.json(deletion.deleteRecruitmentId(Guard.principal(ctx), ctx.pathParam("slug"),
                        ctx.pathParam("recruitmentId"), reason(ctx)))));
        app.get("/api/experiments/{slug}/deletions", guard.experiment(ctx ->
                ctx.json(deletion.audit(Guard.principal(ctx), ctx.pathParam("slug")))));
        // No {slug} in the path: the service finds the session's experiment and requires its owner.
        app.delete("/api/sessions/{id}", guard.signedIn(ctx ->
                ctx.json(deletion.deleteSession(Guard.principal(ctx), ParticipantRoutes.sessionId(ctx), reason(ctx)))));
    }

    /** The session's credentials travel in the page's fragment, which browsers never send to a server. */
    private void startPilot(Context ctx) {
        String slug = ctx.pathParam("slug");
        var started = sessions.startPilot(slug);
        ctx.status(201).json(new Pilot(started.sessionId(), started.token(),
                "/run/" + slug + "#pilot=" + started.sessionId() + ":" + started.token()));
    }

    /** {@code ?trial=N&refreshHz=R}: trial N (default 0) with frames planned at R Hz (default 60). */
    private void preview(Context ctx) {
        String trial = ctx.queryParam("trial");
        String hz = ctx.queryParam("refreshHz");
        double refreshHz;
        try {
            refreshHz = hz == null ? 60 : Double.parseDouble(hz);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("refreshHz", "refreshHz must be a number, was \"" + hz + "\"");
        }
        ctx.json(previews.preview(ctx.pathParam("slug"),
                trial == null ? 0 : (int) Params.wholeNumber(trial, "trial", 0, 100_000), refreshHz));
    }

    private void exclude(Context ctx) {
        Exclusion body = bodies.read(ctx, Exclusion.class);
        deletion.setExcluded(Guard.principal(ctx), ParticipantRoutes.sessionId(ctx), body.excluded(), body.reason());
        ctx.status(204);
    }

    /** The body's reason; a missing body is no reason, which the service refuses after its access check. */
    private String reason(Context ctx) {
        return ctx.body().isBlank() ? null : bodies.read(ctx, Reason.class).reason();
    }
}
