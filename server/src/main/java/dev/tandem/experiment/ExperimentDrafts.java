package dev.tandem.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.account.ExperimentAccess;
import dev.tandem.account.Principal;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.common.Progress;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/**
 * Writing experiments from the console: a draft per slug, saved as typed (invalid too, so nobody
 * loses work), and published into a new immutable version through {@link ExperimentService#load},
 * which validates it and renders its design. Whoever first saves or publishes a slug owns it.
 */
public final class ExperimentDrafts {

    /** The schema's slug pattern: a draft is stored under its slug before the rest is valid. */
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    private final DSLContext dsl;
    private final ObjectMapper json;
    private final ExperimentService experiments;
    private final ExperimentAccess access;
    private final DefinitionCheck check;
    private final CatalogRepository repository = new CatalogRepository();

    public ExperimentDrafts(DSLContext dsl, ObjectMapper json, ExperimentService experiments, ExperimentAccess access,
                            DefinitionCheck check) {
        this.dsl = dsl;
        this.json = json;
        this.experiments = experiments;
        this.access = access;
        this.check = check;
    }

    public record Saved(String slug, OffsetDateTime updatedAt, List<FieldError> errors) {}

    /** @param created whether this publication stored a new version (false: the same definition was already stored) */
    public record Published(String slug, int version, boolean created) {}

    /** The experiment JSON Schema, every manipulation listed with its level's meaning and bounds (issue 10). */
    public JsonNode schema() {
        return check.schema();
    }

    /** Every error of a definition, with its field path; empty when it can be published. */
    public List<FieldError> validate(JsonNode document) {
        return check.errors(document);
    }

    /**
     * Saves {@code document} as the draft of {@code slug}, valid or not, and answers its errors.
     * A new slug becomes the caller's; an existing one needs the caller to see it (else 404).
     */
    public Saved save(Principal principal, String slug, JsonNode document) {
        if (!SLUG.matcher(slug).matches()) {
            throw new InvalidInputException("slug", "a slug is 2 to 63 lower-case letters, digits and hyphens, "
                    + "starting with a letter or digit; was \"" + slug + "\"");
        }
        if (document == null || !document.isObject()) {
            throw new InvalidInputException("body", "a definition is a JSON object");
        }
        JsonNode named = document.get("slug");
        if (named != null && !(named.isTextual() && named.asText().equals(slug))) {
            throw new InvalidInputException("slug", "the definition's slug must be \"" + slug
                    + "\", the address it is saved under");
        }
        String text = write(document);
        OffsetDateTime updatedAt = dsl.transactionResult(tx -> {
            takeOwnership(tx.dsl(), principal, slug);
            return repository.saveDraft(tx.dsl(), slug, text, principal.accountId());
        });
        return new Saved(slug, updatedAt, check.errors(document));
    }

    /**
     * Publishes the draft of {@code slug}: a new version if it changed since the last one, else the
     * stored version. The draft stays as the editable copy. An invalid draft is refused (400) naming the field.
     */
    public Published publish(Principal principal, String slug) {
        access.require(principal, slug);
        JsonNode draft = repository.draft(dsl, slug).map(d -> read(d.definitionJson()))
                .orElseThrow(() -> new NotFoundException("\"" + slug + "\" has no draft to publish"));
        return publish(principal, draft);
    }

    /** Loads and publishes a definition in one call (scripts); a new slug becomes the caller's. */
    public Published publish(Principal principal, JsonNode document) {
        JsonNode named = document == null ? null : document.get("slug");
        String slug = named != null && named.isTextual() ? named.asText() : null;
        if (slug != null && repository.exists(dsl, slug)) {
            access.require(principal, slug); // before rendering anything for someone else's experiment
        }
        var loaded = experiments.load(document, Progress.NONE, tx -> {
            takeOwnership(tx, principal, slug);
            // Publishing does not open collection (issue 14): a first version starts closed, so
            // previews and pilots come first; opening is its own step (DataCollection.setOpen).
            if (slug != null && !repository.hasVersion(tx, slug)) {
                repository.closeIfUnset(tx, slug, principal.accountId());
            }
        });
        return new Published(loaded.experiment().slug(), loaded.experiment().version(), loaded.created());
    }

    /**
     * Deletes an experiment nobody has taken part in (issue 14): its versions, draft, collection
     * state and access; the owner or an admin only. One with sessions (pilots too: delete them
     * first) or scoring jobs is refused (409), since kept data refer to it.
     */
    public void deleteUnused(Principal principal, String slug) {
        access.requireOwner(principal, slug);
        dsl.transaction(tx -> {
            repository.lockSlug(tx.dsl(), slug);
            long uses = repository.uses(tx.dsl(), slug);
            if (uses > 0) {
                throw new dev.tandem.common.ConflictException("slug", "\"" + slug + "\" has " + uses
                        + " sessions or jobs; delete its sessions first, or keep it");
            }
            repository.delete(tx.dsl(), slug);
        });
    }

    /**
     * Inside the transaction that stores a slug's first draft or version: the caller claims a new
     * slug, and must already see an existing one. The slug lock makes two first saves take turns.
     */
    private void takeOwnership(DSLContext tx, Principal principal, String slug) {
        repository.lockSlug(tx, slug);
        if (repository.exists(tx, slug)) {
            access.require(principal, slug);
        } else {
            access.claim(tx, principal, slug);
        }
    }

    private String write(JsonNode document) {
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored draft is not JSON", e);
        }
    }
}
