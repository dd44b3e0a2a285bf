package dev.tandem.model;

import dev.tandem.common.ConflictException;
import dev.tandem.common.NotFoundException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Registers model folders and finds registered models. A folder is registered once per content
 * hash; a folder that fails {@link ModelFolder#read} or {@link ModelFolder#verify} stores nothing.
 */
public final class ModelService {

    /** The result of a registration: the stored model and whether this call stored it. */
    public record Registered(RegisteredModel model, boolean created) {}

    private final DSLContext dsl;
    private final Engines engines;
    private final ModelRepository repository = new ModelRepository();

    public ModelService(DSLContext dsl, Engines engines) {
        this.dsl = dsl;
        this.engines = engines;
    }

    /**
     * Reads, checks and stores a model folder. The same content registered again returns the
     * stored model (remembering the folder it now came from); different content under a name and
     * version already registered is refused, since results must name the weights that made them.
     */
    public Registered register(Path folder) {
        ModelFolder read = ModelFolder.read(folder);
        Optional<RegisteredModel> known = repository.byContentHash(dsl, read.contentHash());
        if (known.isPresent()) {
            return new Registered(rememberFolder(known.get(), read.path()), false);
        }
        read.verify(engines); // loads the engine: only for content not seen before
        return dsl.transactionResult(tx -> {
            // Serialise registrations of one name, so two at once cannot both pass the checks.
            tx.dsl().execute("SELECT pg_advisory_xact_lock(hashtext('model:' || {0}))",
                    org.jooq.impl.DSL.val(read.manifest().name()));
            Optional<RegisteredModel> same = repository.byContentHash(tx.dsl(), read.contentHash());
            if (same.isPresent()) {
                return new Registered(same.get(), false);
            }
            repository.byNameAndVersion(tx.dsl(), read.manifest().name(), read.manifest().version()).ifPresent(other -> {
                throw new ConflictException("version", "model " + other.name() + " version " + other.version()
                        + " is already registered with different content (" + other.contentSha256().substring(0, 12)
                        + "…, from " + other.folder() + "); give the changed model a new version in model.json");
            });
            return new Registered(repository.insert(tx.dsl(), read), true);
        });
    }

    public List<RegisteredModel> list() {
        return repository.all(dsl);
    }

    /** The latest registered version of a model. */
    public RegisteredModel find(String name) {
        return repository.latest(dsl, name)
                .orElseThrow(() -> new NotFoundException("no model named \"" + name + "\" is registered"));
    }

    /**
     * Deletes a model nothing refers to (issue 14): no scores, jobs or maps; a used one is refused
     * (409), since kept results name it. The folder on disk is left as it is.
     */
    public void deleteUnused(long id) {
        byId(id);
        dsl.transaction(tx -> {
            long uses = repository.uses(tx.dsl(), id);
            if (uses > 0) {
                throw new dev.tandem.common.ConflictException("model", "this model has scores, jobs or maps (" + uses
                        + " rows refer to it); it cannot be deleted");
            }
            repository.delete(tx.dsl(), id);
        });
    }

    public RegisteredModel byId(long id) {
        return repository.byId(dsl, id)
                .orElseThrow(() -> new NotFoundException("no model with id " + id));
    }

    /**
     * Opens a registered model for inference, after checking that its folder still holds exactly
     * the registered content (a retrained model in the same folder must not score under the old name).
     */
    public Classifier open(RegisteredModel model) {
        ModelFolder folder = ModelFolder.read(model.folder());
        if (!folder.contentHash().equals(model.contentSha256())) {
            throw new InvalidModelException("folder", "the folder " + model.folder() + " of model " + model.name()
                    + " " + model.version() + " has changed since it was registered (content hash "
                    + folder.contentHash().substring(0, 12) + "… instead of " + model.contentSha256().substring(0, 12)
                    + "…); register it again with a new version");
        }
        return Classifier.open(folder, engines);
    }

    private RegisteredModel rememberFolder(RegisteredModel model, Path folder) {
        if (model.folder().equals(folder)) {
            return model;
        }
        repository.moveFolder(dsl, model.id(), folder);
        return new RegisteredModel(model.id(), model.name(), model.version(), model.contentSha256(), model.manifest(),
                folder, model.registeredAt());
    }
}
