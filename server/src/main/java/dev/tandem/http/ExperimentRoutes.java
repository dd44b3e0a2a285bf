package dev.tandem.http;

import dev.tandem.common.InvalidInputException;
import dev.tandem.experiment.DataCollection;
import dev.tandem.experiment.ExperimentCatalog;
import dev.tandem.experiment.ExperimentDrafts;
import dev.tandem.experiment.FieldError;
import dev.tandem.export.ComparisonExportService;
import dev.tandem.export.ExportFormat;
import dev.tandem.export.ExportLayout;
import dev.tandem.common.Progress;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The experimenter's API for experiments (docs/console-api.md, "Experiments"): the list, one
 * experiment, validation, drafts and publishing, data collection, sharing, recruitment links and
 * the raw export.
 */
public final class ExperimentRoutes implements Routes {

    /** What a Host or X-Forwarded-Host header may hold to become part of a link. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    private final ExperimentDrafts drafts;
    private final ExperimentCatalog catalog;
    private final DataCollection collection;
    private final ComparisonExportService exports;
    private final JsonBodies bodies;

    public ExperimentRoutes(ExperimentDrafts drafts, ExperimentCatalog catalog, DataCollection collection,
                       ComparisonExportService exports, JsonBodies bodies) {
        this.drafts = drafts;
        this.catalog = catalog;
        this.collection = collection;
        this.exports = exports;
        this.bodies = bodies;
    }

    /** {@code POST .../collection}. */
    private record CollectionChange(Boolean open) {}

    /** {@code POST .../access}. */
    private record Share(String username) {}

    @Override
    public void register(Javalin app, Guard guard) {
        app.get("/api/experiments", guard.signedIn(ctx -> ctx.json(catalog.list(Guard.principal(ctx)))));
        app.post("/api/experiments", guard.signedIn(this::load));
        app.post("/api/experiments/validate", guard.signedIn(this::validate));
        app.get("/api/schema/experiment", guard.signedIn(ctx -> ctx.json(drafts.schema())));
        app.get("/api/experiments/{slug}", guard.experiment(ctx ->
                ctx.json(catalog.detail(Guard.principal(ctx), ctx.pathParam("slug")))));
        // Not guard.experiment: a new slug is one nobody can see yet. Saving a draft (like
        // publishing a body) claims the slug through ExperimentAccess, which answers 404 for
        // another account's experiment and makes a new slug the caller's.
        app.put("/api/experiments/{newSlug}/draft", guard.signedIn(this::saveDraft));
        app.post("/api/experiments/{slug}/publish", guard.experiment(this::publish));
        app.delete("/api/experiments/{slug}", guard.experiment(ctx -> {
            drafts.deleteUnused(Guard.principal(ctx), ctx.pathParam("slug"));
            ctx.status(204);
        }));
        app.post("/api/experiments/{slug}/collection", guard.experiment(this::setCollection));
        app.post("/api/experiments/{slug}/access", guard.experiment(this::share));
        app.delete("/api/experiments/{slug}/access/{username}", guard.experiment(ctx -> ctx.json(Map.of("access",
                catalog.revoke(Guard.principal(ctx), ctx.pathParam("slug"), ctx.pathParam("username"))))));
        app.get("/api/experiments/{slug}/links", guard.experiment(ctx ->
                ctx.json(catalog.links(Guard.principal(ctx), ctx.pathParam("slug"), requestBase(ctx)))));
        app.get("/api/experiments/{slug}/responses", guard.experiment(this::export));
    }

    private void load(Context ctx) {
        var published = drafts.publish(Guard.principal(ctx), bodies.tree(ctx));
        ctx.status(published.created() ? 201 : 200).json(published);
    }

    /** Always 200: the editor validates as the experimenter types, unreadable JSON included. */
    private void validate(Context ctx) {
        List<FieldError> errors;
        try {
            errors = drafts.validate(bodies.tree(ctx));
        } catch (ErrorMapping.BodyException e) {
            errors = List.of(new FieldError("body".equals(e.field()) ? "" : e.field(), e.getMessage()));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("valid", errors.isEmpty());
        result.put("errors", errors);
        ctx.json(result);
    }

    private void saveDraft(Context ctx) {
        ctx.json(drafts.save(Guard.principal(ctx), ctx.pathParam("newSlug"), bodies.tree(ctx)));
    }

    private void publish(Context ctx) {
        var published = drafts.publish(Guard.principal(ctx), ctx.pathParam("slug"));
        ctx.status(published.created() ? 201 : 200).json(published);
    }

    private void setCollection(Context ctx) {
        CollectionChange change = bodies.read(ctx, CollectionChange.class);
        if (change.open() == null) {
            throw new InvalidInputException("open", "open is required: true to take new participants, false to stop");
        }
        ctx.json(Map.of("collecting", collection.setOpen(Guard.principal(ctx), ctx.pathParam("slug"), change.open())));
    }

    private void share(Context ctx) {
        Share share = bodies.read(ctx, Share.class);
        if (share.username() == null || share.username().isBlank()) {
            throw new InvalidInputException("username", "username is required: the account to share with");
        }
        ctx.json(Map.of("access", catalog.share(Guard.principal(ctx), ctx.pathParam("slug"), share.username())));
    }

    /** The responses layout; same filters and formats as the comparison export (issue 11). */
    private void export(Context ctx) {
        var format = ExportFormat.parse(ctx.queryParamAsClass("format", String.class).getOrDefault("jsonl"));
        var filter = ExportParams.experiment(ctx);
        exports.requireSource(filter); // while a 404 can still be sent
        String slug = ctx.pathParam("slug");
        ctx.contentType(format.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + slug + "-responses"
                        + (format == ExportFormat.MVH ? "-mvh." : ".") + format.extension() + "\"");
        exports.export(filter, ExportLayout.RESPONSES, format, ctx.outputStream(), Progress.NONE);
    }

    /**
     * Scheme and host the caller reached this server at, as a proxy in front reports them
     * (X-Forwarded-Proto, X-Forwarded-Host) or else as this server saw them.
     */
    static String requestBase(Context ctx) {
        String scheme = ForwardedHeaders.scheme(ctx);
        String host = ForwardedHeaders.first(ctx.header("X-Forwarded-Host"));
        if (host == null || !HOST.matcher(host).matches()) {
            host = ctx.host();
        }
        if (host == null || !HOST.matcher(host).matches()) {
            host = "localhost";
        }
        return scheme + "://" + host;
    }
}
