package dev.tandem.http;

import dev.tandem.session.SessionDeletion;
import dev.tandem.session.SessionService;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * Running a study (issue 14): pilot sessions, deleting sessions, a recruitment id's data or the
 * pilots, and the deletion audit. Deleting needs the experiment's owner or an admin.
 */
public final class StudyRoutes implements Routes {

    private final SessionService sessions;
    private final SessionDeletion deletion;
    private final JsonBodies bodies;

    public StudyRoutes(SessionService sessions, SessionDeletion deletion, JsonBodies bodies) {
        this.sessions = sessions;
        this.deletion = deletion;
        this.bodies = bodies;
    }

    /** The body of a deletion: why (kept in the audit entry). */
    private record Reason(String reason) {}

    /** A started pilot session and the participant page that runs it. */
    private record Pilot(java.util.UUID sessionId, String token, String url) {}

    @Override
    public void register(Javalin app, Guard guard) {
        app.post("/api/experiments/{slug}/pilot", guard.signedIn(this::startPilot));
        app.delete("/api/experiments/{slug}/pilot-sessions", guard.signedIn(ctx ->
                ctx.json(deletion.deletePilots(Guard.principal(ctx), ctx.pathParam("slug")))));
        app.delete("/api/experiments/{slug}/participants/{recruitmentId}", guard.signedIn(ctx ->
                ctx.json(deletion.deleteRecruitmentId(Guard.principal(ctx), ctx.pathParam("slug"),
                        ctx.pathParam("recruitmentId"), reason(ctx)))));
        app.get("/api/experiments/{slug}/deletions", guard.signedIn(ctx ->
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

    private String reason(Context ctx) {
        return bodies.read(ctx, Reason.class).reason();
    }
}
