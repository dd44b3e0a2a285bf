package dev.tandem.http;

import io.javalin.Javalin;

/**
 * The experimenter console's page for {@code /console} and every path below it (the console
 * routes in the browser). The page itself is public; everything it shows comes from the
 * guarded API. Participants' pages never load its code.
 */
public final class ConsoleRoutes implements Routes {

    @Override
    public void register(Javalin app, Guard guard) {
        String page = Pages.load("console.html");
        app.get("/", ctx -> ctx.redirect("/console"));
        app.get("/console", ctx -> Pages.serve(ctx, page));
        app.get("/console/<path>", ctx -> Pages.serve(ctx, page));
    }
}
