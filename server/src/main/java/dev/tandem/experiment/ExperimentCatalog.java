package dev.tandem.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.account.ExperimentAccess;
import dev.tandem.account.Principal;
import dev.tandem.common.NotFoundException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The console's view of experiments: the list a principal may see, one experiment with its
 * versions, draft and who may see it, and its recruitment links. Experiments a principal may not
 * see answer 404, as if missing.
 */
public final class ExperimentCatalog {

    private final DSLContext dsl;
    private final ObjectMapper json;
    private final ExperimentAccess access;
    private final DefinitionCheck check;
    private final Optional<String> publicUrl;
    private final CatalogRepository repository = new CatalogRepository();

    /** @param publicUrl where participants reach this server (TANDEM_PUBLIC_URL); absent: as the caller reached it */
    public ExperimentCatalog(DSLContext dsl, ObjectMapper json, ExperimentAccess access, DefinitionCheck check,
                             Optional<String> publicUrl) {
        this.dsl = dsl;
        this.json = json;
        this.access = access;
        this.check = check;
        this.publicUrl = publicUrl;
    }

    public record Sessions(long started, long completed) {}

    /** One experiment in the list; {@code latestVersion} is null for a draft never published. */
    public record Summary(String slug, String title, Integer latestVersion, String stimulusSet, List<TrialType> trialTypes,
                          boolean collecting, boolean hasDraft, String owner, Sessions sessions, String status) {}

    public record Version(int version, OffsetDateTime createdAt, JsonNode definition) {}

    /** The editable copy, as saved (possibly invalid), with its errors now. */
    public record Draft(JsonNode definition, OffsetDateTime updatedAt, List<FieldError> errors) {}

    public record Detail(String slug, String title, boolean collecting, String owner, List<ExperimentAccess.Grant> access,
                         List<Version> versions, Draft draft, String status) {}

    /** The experiments {@code principal} may see (admins: all), drafts never published included, by slug. */
    public List<Summary> list(Principal principal) {
        List<Summary> summaries = new ArrayList<>();
        for (var row : repository.list(dsl, access.visibleSlugs(principal))) {
            JsonNode shown = read(row.publishedJson() != null ? row.publishedJson() : row.draftJson());
            summaries.add(new Summary(row.slug(), text(shown, "title"), row.latestVersion(), text(shown, "stimulusSet"),
                    trialTypes(shown), row.collecting() && row.latestVersion() != null,
                    row.draftJson() != null && draftChanged(row.draftJson(), row.publishedJson()), row.owner(),
                    new Sessions(row.started(), row.completed()), status(row)));
        }
        return summaries;
    }

    public Detail detail(Principal principal, String slug) {
        require(principal, slug);
        List<Version> versions = repository.versions(dsl, slug).stream()
                .map(v -> new Version(v.version(), v.createdAt(), read(v.definitionJson()))).toList();
        Draft draft = repository.draft(dsl, slug).map(d -> {
            JsonNode definition = read(d.definitionJson());
            return new Draft(definition, d.updatedAt(), check.errors(definition));
        }).orElse(null);
        JsonNode shown = versions.isEmpty() ? draft.definition() : versions.get(versions.size() - 1).definition();
        List<ExperimentAccess.Grant> grants = access.grants(slug);
        String owner = grants.stream().filter(g -> g.access().equals("owner")).map(ExperimentAccess.Grant::username)
                .findFirst().orElse(null);
        var row = repository.list(dsl, java.util.Set.of(slug)).get(0);
        return new Detail(slug, text(shown, "title"), row.collecting() && row.latestVersion() != null, owner, grants,
                versions, draft, status(row));
    }

    /**
     * What is true of an experiment (issue 14): draft (never published), published-closed
     * (published, nobody has taken part), collecting, or closed (collection ended or paused).
     */
    private static String status(CatalogRepository.ListRow row) {
        if (row.latestVersion() == null) {
            return "draft";
        }
        if (row.collecting()) {
            return "collecting";
        }
        return row.started() == 0 ? "published-closed" : "closed";
    }

    /** Whether the draft says something the latest version does not (an unreadable draft does). */
    private boolean draftChanged(String draftJson, String publishedJson) {
        if (publishedJson == null) {
            return true;
        }
        try {
            return !json.readValue(draftJson, ExperimentDefinition.class)
                    .equals(json.readValue(publishedJson, ExperimentDefinition.class));
        } catch (java.io.IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * The participant links of an experiment, on the configured public URL or else on {@code requestBase},
     * the scheme and host the caller reached this server at.
     */
    public RecruitmentLinks links(Principal principal, String slug, String requestBase) {
        require(principal, slug);
        return RecruitmentLinks.of(publicUrl.orElse(requestBase), slug);
    }

    /** Gives {@code username} access (owner or admin only) and answers who may see it now. */
    public List<ExperimentAccess.Grant> share(Principal principal, String slug, String username) {
        require(principal, slug);
        access.share(principal, slug, username);
        return access.grants(slug);
    }

    /** Revokes {@code username}'s shared access; answers who may see it now. */
    public List<ExperimentAccess.Grant> revoke(Principal principal, String slug, String username) {
        require(principal, slug);
        access.revoke(principal, slug, username);
        return access.grants(slug);
    }

    /** Throws 404 unless the experiment exists (a version or a draft) and {@code principal} may see it. */
    public void require(Principal principal, String slug) {
        access.require(principal, slug);
        if (!repository.exists(dsl, slug)) {
            throw new NotFoundException("no experiment \"" + slug + "\"");
        }
    }

    /**
     * The trial types a definition shows participants: masked, clickme, or both; none while a
     * draft names no known trial type.
     */
    static List<TrialType> trialTypes(JsonNode definition) {
        return TrialType.find(text(definition, "trialType"))
                .map(type -> type.shown(definition.path("clickme").isObject()))
                .orElse(List.of());
    }

    private static String text(JsonNode definition, String field) {
        JsonNode value = definition.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored definition is not JSON", e);
        }
    }
}
