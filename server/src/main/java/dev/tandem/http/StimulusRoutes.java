package dev.tandem.http;

import dev.tandem.stimulus.SetImage;
import dev.tandem.stimulus.StimulusCatalog;
import dev.tandem.upload.StimulusSetUpload;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** The console's stimulus sets: list them, upload one as a zip, preview a set's images by category. */
public final class StimulusRoutes implements Routes {

    static final int DEFAULT_PREVIEW_IMAGES = 48;
    static final int MAX_PREVIEW_IMAGES = 500;

    private final StimulusCatalog catalog;
    private final StimulusSetUpload uploads;

    public StimulusRoutes(StimulusCatalog catalog, StimulusSetUpload uploads) {
        this.catalog = catalog;
        this.uploads = uploads;
    }

    @Override
    public void register(Javalin app, Guard guard) {
        app.get("/api/stimulus-sets", guard.signedIn(ctx -> ctx.json(catalog.summaries(Guard.principal(ctx)).stream()
                .map(StimulusRoutes::set).toList())));
        app.post("/api/stimulus-sets", guard.signedIn(this::upload));
        app.get("/api/stimulus-sets/{id}/images", guard.signedIn(this::images));
        app.delete("/api/stimulus-sets/{id}", guard.signedIn(ctx -> {
            catalog.deleteUnused(Params.id(ctx.pathParam("id")), Guard.principal(ctx));
            ctx.status(204);
        }));
    }

    private void upload(Context ctx) {
        var imported = uploads.importZip(ZipBodies.zip(ctx), Params.text(ctx.queryParam("name"), "name"),
                Params.text(ctx.queryParam("version"), "version"),
                Guard.principal(ctx));
        ctx.status(imported.created() ? 201 : 200).json(set(catalog.summary(imported.set().id())));
    }

    private void images(Context ctx) {
        long id = Params.id(ctx.pathParam("id"));
        String limit = ctx.queryParam("limit");
        int count = limit == null ? DEFAULT_PREVIEW_IMAGES : (int) Params.wholeNumber(limit, "limit", 1, MAX_PREVIEW_IMAGES);
        String category = Params.text(ctx.queryParam("category"), "category");
        var rendering = new StimulusCatalog.PreviewRendering(ctx.queryParam("fit"), number(ctx, "padGrey"),
                whole(ctx, "renderSize", 2, 1024), whole(ctx, "displaySize", 16, 1024), ctx.queryParam("manipulation"),
                number(ctx, "level"));
        ctx.json(catalog.previews(id, category == null || category.isEmpty() ? null : category, count, rendering,
                        Guard.principal(ctx))
                .stream().map(StimulusRoutes::image).toList());
    }

    private static Integer whole(Context ctx, String field, int min, int max) {
        String text = ctx.queryParam(field);
        return text == null || text.isEmpty() ? null : (int) Params.wholeNumber(text, field, min, max);
    }

    private static Double number(Context ctx, String field) {
        String text = ctx.queryParam(field);
        // The level's own bounds depend on the manipulation and are checked by the catalog.
        return text == null || text.isEmpty() ? null : Params.number(text, field, -1_000_000, 1_000_000);
    }

    private static Map<String, Object> set(StimulusCatalog.Summary set) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", set.id());
        json.put("name", set.name());
        json.put("version", set.version());
        json.put("images", set.images());
        json.put("categories", set.categories().stream().map(StimulusRoutes::category).toList());
        json.put("importedAt", set.importedAt().toString());
        return json;
    }

    private static Map<String, Object> category(StimulusCatalog.CategoryCount category) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", category.name());
        json.put("images", category.images());
        return json;
    }

    private static Map<String, Object> image(StimulusCatalog.Preview preview) {
        SetImage image = preview.image();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("index", image.imageIndex());
        json.put("file", image.file());
        json.put("category", image.category());
        json.put("sha256", image.sourceSha256());
        json.put("url", "/stimuli/" + image.sourceSha256() + ".png");
        // what participants see (issue 10): fitted, at render size, manipulated
        json.put("shownUrl", "/stimuli/" + preview.shownSha256() + ".png");
        return json;
    }
}
