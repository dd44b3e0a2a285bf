package dev.tandem.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.db.Database;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Map;

/** Builds the Javalin app: JSON mapping, limits, static client files, error mapping and every route group. */
public final class HttpApi {

    /** Bodies above this are refused with 413: the largest legitimate one is a batch of 200 responses. */
    public static final long MAX_BODY_BYTES = 2_000_000;

    private HttpApi() {}

    public static Javalin create(ObjectMapper json, Database database, Guard guard, List<Routes> routes) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.http.maxRequestSize = MAX_BODY_BYTES;
            // In-flight requests may finish during shutdown (Jetty's StatisticsHandler waits for them).
            config.jetty.modifyServer(server -> server.setStopTimeout(30_000));
            if (HttpApi.class.getResource("/web/assets") != null) {
                config.staticFiles.add(files -> {
                    files.hostedPath = "/assets";
                    files.directory = "/web/assets";
                    files.location = Location.CLASSPATH;
                    files.headers = Map.of("Cache-Control", "public, max-age=31536000, immutable");
                });
            }
        });
        ErrorMapping.install(app);
        // Path and query parameters PostgreSQL cannot store (NUL) are refused once, by name (issue 12).
        app.beforeMatched(Params::requireStorable);
        app.get("/api/health", ctx -> {
            if (database.answers()) {
                ctx.json(Map.of("status", "ok"));
            } else {
                ErrorMapping.error(ctx, 503, "database does not answer", null);
            }
        });
        routes.forEach(group -> group.register(app, guard));
        return app;
    }
}
