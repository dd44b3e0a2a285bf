package dev.tandem.http;

import dev.tandem.monitor.SessionMonitor;
import io.javalin.Javalin;

/** The live monitor of an experiment's data collection, polled by the console. */
public final class MonitorRoutes implements Routes {

    private final SessionMonitor monitor;

    public MonitorRoutes(SessionMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void register(Javalin app, Guard guard) {
        app.get("/api/experiments/{slug}/monitor", guard.experiment(ctx -> ctx.header("Cache-Control", "no-store")
                .json(monitor.monitor(Guard.principal(ctx), ctx.pathParam("slug")))));
    }
}
