package dev.tandem.stimulus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.common.InvalidInputException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * What the console shows of stored stimulus sets: each set with its image count per category,
 * and a preview of a set's images.
 */
public final class StimulusCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stored set: its categories in label order, each with how many images it has. */
    public record Summary(long id, String name, String version, int images, List<CategoryCount> categories,
                          OffsetDateTime importedAt) {}

    public record CategoryCount(String name, int images) {}

    private final DSLContext db;
    private final StimulusCatalogRepository repository = new StimulusCatalogRepository();
    private final StimulusService rendering;

    public StimulusCatalog(DSLContext db) {
        this.db = db;
        this.rendering = new StimulusService(db);
    }

    /** What a preview shows of an image: the stored source and the stimulus made of it. */
    public record Preview(SetImage image, String shownSha256) {}

    /**
     * How a preview renders: the experiment fields of the same names (issue 10). Nulls take the
     * experiment defaults: fit crop, pad grey 0.5, the set's default render size for a
     * {@code displaySize} (default 224) box, manipulation none.
     */
    public record PreviewRendering(String fit, Double padGrey, Integer renderSize, Integer displaySize,
                                   String manipulation, Double level) {}

    /**
     * {@link #images} with each image rendered as participants would see it under
     * {@code rendering} (fit, render size, manipulation); rendered once per recipe and stored
     * like every stimulus, so an experiment with the same settings reuses them.
     *
     * @throws InvalidInputException naming the bad field
     */
    public List<Preview> previews(long setId, String category, int limit, PreviewRendering how,
                                  dev.tandem.account.Principal principal) {
        List<SetImage> images = images(setId, category, limit, principal);
        Fit fit = how.fit() == null ? Fit.CROP : Fit.fromJsonName(how.fit()).orElseThrow(() ->
                new InvalidInputException("fit", "fit must be crop, pad or contain, not \"" + how.fit() + "\""));
        double padGrey = how.padGrey() == null ? 0.5 : how.padGrey();
        if (!(padGrey >= 0 && padGrey <= 1)) {
            throw new InvalidInputException("padGrey", "padGrey must be in [0, 1]");
        }
        int display = how.displaySize() == null ? 224 : how.displaySize();
        int renderSize = how.renderSize() != null ? how.renderSize() : rendering.defaultRenderSize(setId, fit, display);
        Condition condition = new Condition(how.manipulation() == null ? "none" : how.manipulation(), how.level());
        var kind = ManipulationKind.named(condition.manipulation()).orElseThrow(() -> new InvalidInputException(
                "manipulation", "unknown manipulation \"" + condition.manipulation() + "\"; known: "
                        + ManipulationKind.names()));
        String problem = kind.checkLevel(condition.level());
        if (problem != null) {
            throw new InvalidInputException("level", problem);
        }
        Framing framing = new Framing(fit, padGrey, renderSize, Upscale.NEAREST);
        List<String> shown = rendering.renderStimuli(images.stream().map(image -> new StimulusService.StimulusRequest(
                image.sourceSha256(), condition, framing, RenderingVersion.CONDITION_2)).toList());
        List<Preview> previews = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            previews.add(new Preview(images.get(i), shown.get(i)));
        }
        return previews;
    }

    /** Every stored set, the most recently imported first. */
    public List<Summary> summaries() {
        return summarize(null, null, true);
    }

    /**
     * The sets {@code principal} may see, newest first: uploads are private to their uploader
     * unless an experiment using them is shared (issue 14); built-in sets are everyone's.
     */
    public List<Summary> summaries(dev.tandem.account.Principal principal) {
        return summarize(null, principal.accountId(), principal.isAdmin());
    }

    /**
     * Deletes a set no experiment uses (issue 14); its uploader or an admin only. A set an
     * experiment version is built on is refused (409): kept sessions show its images.
     */
    public void deleteUnused(long setId, dev.tandem.account.Principal principal) {
        summary(setId, principal);
        db.transaction(tx -> {
            Long uploader = repository.uploader(tx.dsl(), setId);
            if (!principal.isAdmin() && (uploader == null || !uploader.equals(principal.accountId()))) {
                throw new StimulusSetException(StimulusSetException.Kind.NOT_FOUND, null, "id",
                        "only the uploader of a set or an admin can delete it", null);
            }
            int experiments = repository.experimentsUsing(tx.dsl(), setId);
            if (experiments > 0) {
                throw new dev.tandem.common.ConflictException("id", experiments
                        + " experiment version(s) use this set; it cannot be deleted");
            }
            repository.delete(tx.dsl(), setId);
        });
    }

    /** @throws StimulusSetException NOT_FOUND naming the field {@code id} */
    public Summary summary(long setId) {
        return summary(setId, null, true);
    }

    /** As {@link #summary(long)}, and NOT_FOUND for a set {@code principal} may not see. */
    public Summary summary(long setId, dev.tandem.account.Principal principal) {
        return summary(setId, principal.accountId(), principal.isAdmin());
    }

    private Summary summary(long setId, Long viewer, boolean admin) {
        List<Summary> one = summarize(setId, viewer, admin);
        if (one.isEmpty()) {
            throw new StimulusSetException(StimulusSetException.Kind.NOT_FOUND, null, "id",
                    "no stimulus set with id " + setId, null);
        }
        return one.get(0);
    }

    /**
     * Up to {@code limit} images of the set in manifest order, only those of {@code category}
     * unless it is null.
     *
     * @throws StimulusSetException NOT_FOUND for an unknown set
     * @throws InvalidInputException naming {@code category} when the set has no such category
     */
    public List<SetImage> images(long setId, String category, int limit, dev.tandem.account.Principal principal) {
        Summary set = summary(setId, principal);
        if (category != null && set.categories().stream().noneMatch(c -> c.name().equals(category))) {
            throw new InvalidInputException("category", "stimulus set " + set.name() + " version " + set.version()
                    + " has no category \"" + category + "\"");
        }
        return repository.images(db, setId, category, limit);
    }

    private List<Summary> summarize(Long setId, Long viewer, boolean admin) {
        Map<Long, Map<String, Integer>> counts = new HashMap<>();
        for (var row : repository.categoryCounts(db, setId)) {
            counts.computeIfAbsent(row.setId(), id -> new HashMap<>()).put(row.category(), row.images());
        }
        List<Summary> summaries = new ArrayList<>();
        for (var set : repository.sets(db, setId, viewer, admin)) {
            Map<String, Integer> byCategory = counts.getOrDefault(set.id(), Map.of());
            List<CategoryCount> categories = categoryNames(set.categoriesJson()).stream()
                    .map(name -> new CategoryCount(name, byCategory.getOrDefault(name, 0)))
                    .toList();
            int images = byCategory.values().stream().mapToInt(Integer::intValue).sum();
            summaries.add(new Summary(set.id(), set.name(), set.version(), images, categories, set.importedAt()));
        }
        return summaries;
    }

    private static List<String> categoryNames(String json) {
        try {
            return List.of(JSON.readValue(json, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored manifest's categories are always an array of names", e);
        }
    }
}
