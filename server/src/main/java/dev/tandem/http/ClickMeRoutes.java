package dev.tandem.http;

import dev.tandem.clickme.ClickMeService;
import dev.tandem.clickme.PartnerQuery;
import dev.tandem.clickme.RoundBatch;
import io.javalin.Javalin;
import java.util.Map;

/** The ClickMe game's participant endpoints (issue 5); the session token authorizes both. */
public final class ClickMeRoutes implements Routes {

    private final ClickMeService clickme;
    private final JsonBodies bodies;

    public ClickMeRoutes(ClickMeService clickme, JsonBodies bodies) {
        this.clickme = clickme;
        this.bodies = bodies;
    }

    @Override
    public void register(Javalin app, Guard guard) {
        app.post("/api/sessions/{id}/clickme/queries", ctx -> ctx.json(clickme.query(
                ParticipantRoutes.sessionId(ctx), Guard.bearer(ctx), bodies.read(ctx, PartnerQuery.class))));
        app.post("/api/sessions/{id}/clickme/rounds", ctx -> ctx.json(Map.of("confirmed", clickme.storeRounds(
                ParticipantRoutes.sessionId(ctx), Guard.bearer(ctx), bodies.read(ctx, RoundBatch.class)))));
    }
}
