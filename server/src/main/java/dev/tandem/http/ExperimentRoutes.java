package dev.tandem.http;

import dev.tandem.common.InvalidInputException;
import dev.tandem.experiment.DataCollection;
import dev.tandem.experiment.ExperimentCatalog;
import dev.tandem.experiment.ExperimentDrafts;
import dev.tandem.experiment.FieldError;
import dev.tandem.export.RawResponseExport;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    private final RawResponseExport rawExport;
    private final JsonBodies bodies;

    public ExperimentRoutes(ExperimentDrafts drafts, ExperimentCatalog catalog, DataCollection collection,
                       RawResponseExport rawExport, JsonBodies bodies) {
        this.drafts = drafts;
        this.catalog = catalog;
        this.collection = collection;
        this.rawExport = rawExport;
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
        app.get("/api/experiments/{slug}", guard.signedIn(ctx ->
                ctx.json(catalog.detail(Guard.principal(ctx), ctx.pathParam("slug")))));
        // Not {slug}: the guard answers 404 for a slug the caller cannot see, and a new slug is one
        // nobody can see yet. Saving a draft checks access itself (a new slug becomes the caller's).
        app.put("/api/experiments/{newSlug}/draft", guard.signedIn(this::saveDraft));
        app.post("/api/experiments/{slug}/publish", guard.signedIn(this::publish));
        app.delete("/api/experiments/{slug}", guard.signedIn(ctx -> {
            drafts.deleteUnused(Guard.principal(ctx), ctx.pathParam("slug"));
            ctx.status(204);
        }));
        app.post("/api/experiments/{slug}/collection", guard.signedIn(this::setCollection));
        app.post("/api/experiments/{slug}/access", guard.signedIn(this::share));
        app.delete("/api/experiments/{slug}/access/{username}", guard.signedIn(ctx -> ctx.json(Map.of("access",
                catalog.revoke(Guard.principal(ctx), ctx.pathParam("slug"), ctx.pathParam("username"))))));
        app.get("/api/experiments/{slug}/links", guard.signedIn(ctx ->
                ctx.json(catalog.links(Guard.principal(ctx), ctx.pathParam("slug"), requestBase(ctx)))));
        app.get("/api/experiments/{slug}/responses", guard.signedIn(this::export));
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
            errors = List.of(new FieldError("", e.getMessage()));
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

    private void export(Context ctx) {
        var format = RawResponseExport.Format.parse(ctx.queryParamAsClass("format", String.class).getOrDefault("jsonl"));
        String slug = ctx.pathParam("slug");
        ctx.contentType(format == RawResponseExport.Format.CSV ? "text/csv; charset=utf-8" : "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"" + slug + "-responses."
                        + format.name().toLowerCase() + "\"");
        rawExport.write(slug, format, ctx.outputStream());
    }

    /**
     * Scheme and host the caller reached this server at, as a proxy in front reports them
     * (X-Forwarded-Proto, X-Forwarded-Host) or else as this server saw them.
     */
    static String requestBase(Context ctx) {
        String scheme = first(ctx.header("X-Forwarded-Proto"));
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            scheme = ctx.scheme();
        }
        String host = first(ctx.header("X-Forwarded-Host"));
        if (host == null || !HOST.matcher(host).matches()) {
            host = ctx.host();
        }
        if (host == null || !HOST.matcher(host).matches()) {
            host = "localhost";
        }
        return scheme + "://" + host;
    }

    /** The first value of a header a chain of proxies may have appended to ("https, http"). */
    private static String first(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        return header.split(",", 2)[0].trim().toLowerCase(Locale.ROOT);
    }
}
