package dev.tandem.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.common.Hashes;
import dev.tandem.common.NotFoundException;
import dev.tandem.common.Progress;
import dev.tandem.stimulus.Condition;
import dev.tandem.stimulus.SetImage;
import dev.tandem.stimulus.StimulusService;
import dev.tandem.stimulus.StimulusSet;
import dev.tandem.stimulus.Upscale;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jooq.DSLContext;

/**
 * Loads experiment definitions as immutable versions and renders their whole design up front,
 * so that every stimulus a participant or a model will see exists before anyone arrives.
 */
public final class ExperimentService {

    /** Renderings stored per transaction while a design is rendered. */
    private static final int RENDER_CHUNK = 50;

    private final DSLContext dsl;
    private final ExperimentRepository repository;
    private final ExperimentValidator validator;
    private final StimulusService stimuli;
    /** ClickMe rounds show the image unmanipulated, at the display size (issue 5). */
    public static final ExperimentDefinition.Manipulation CLICKME_MANIPULATION =
            new ExperimentDefinition.Manipulation("none", null);

    /** Stored versions never change, so caching them by id is always correct. */
    private final Map<Long, StoredExperiment> versions = new ConcurrentHashMap<>();

    public ExperimentService(DSLContext dsl, ObjectMapper json, StimulusService stimuli) {
        this.dsl = dsl;
        this.repository = new ExperimentRepository(json);
        this.validator = new ExperimentValidator(json);
        this.stimuli = stimuli;
    }

    /** The result of a load: the stored version and whether this load created it. */
    public record Loaded(StoredExperiment experiment, boolean created) {}

    /**
     * Validates and stores a definition. Loading an unchanged definition returns the stored
     * version; a changed one becomes the next version. Nothing is stored if anything is invalid.
     */
    public Loaded load(JsonNode document, Progress progress) {
        return load(document, progress, tx -> {});
    }

    /**
     * {@link #load(JsonNode, Progress)}, running {@code onNewVersion} inside the transaction that
     * stores a new version, before it is stored (the console records a new slug's owner there).
     */
    public Loaded load(JsonNode document, Progress progress, Consumer<DSLContext> onNewVersion) {
        ExperimentDefinition definition = validator.parse(document);
        StimulusSet set = stimuli.find(definition.stimulusSet())
                .orElseThrow(() -> ExperimentValidator.unknownStimulusSet(definition.stimulusSet()).toException());
        List<SetImage> images = stimuli.images(set.id());
        validator.checkAgainst(definition, new ExperimentValidator.SetFacts(set.manifest().categories(), images.size()));
        String sha256 = Hashes.sha256Hex(repository.write(definition));
        var existing = repository.findBySha(dsl, definition.slug(), sha256);
        if (existing.isPresent()) {
            return new Loaded(existing.get(), false);
        }
        renderDesign(definition, images, progress);
        StoredExperiment stored = dsl.transactionResult(tx ->
                repository.findBySha(tx.dsl(), definition.slug(), sha256).orElseGet(() -> {
                    onNewVersion.accept(tx.dsl());
                    return repository.insertNextVersion(tx.dsl(), definition, sha256, set.id());
                }));
        return new Loaded(stored, true);
    }

    /** Renders every image in every manipulation of the design (practice included) and the mask pool. */
    private void renderDesign(ExperimentDefinition definition, List<SetImage> images, Progress progress) {
        List<Shown> design = design(definition, images);
        List<Long> masks = Assignment.maskPool(definition);
        long total = design.size() + masks.size();
        long done = 0;
        for (int first = 0; first < design.size(); first += RENDER_CHUNK) {
            var chunk = design.subList(first, Math.min(design.size(), first + RENDER_CHUNK));
            stimulusHashes(definition, chunk);
            done += chunk.size();
            progress.update(done, total);
        }
        for (int first = 0; first < masks.size(); first += RENDER_CHUNK) {
            var chunk = masks.subList(first, Math.min(masks.size(), first + RENDER_CHUNK));
            stimuli.renderMasks(chunk, definition.display().size());
            done += chunk.size();
            progress.update(done, total);
        }
    }

    /** An image of the set shown in a manipulation. */
    public record Shown(SetImage image, ExperimentDefinition.Manipulation manipulation) {}

    /**
     * Every image in every manipulation of the design: the conditions' manipulations, then
     * practice's (each once), image by image.
     */
    public static List<Shown> design(ExperimentDefinition definition, List<SetImage> images) {
        Set<ExperimentDefinition.Manipulation> manipulations = new LinkedHashSet<>();
        if (definition.hasMaskedTrials()) {
            manipulations.addAll(definition.conditions().manipulations());
            if (definition.practice().trials() > 0) {
                manipulations.add(definition.practice().manipulation());
            }
        }
        if (definition.clickme() != null) {
            manipulations.add(CLICKME_MANIPULATION);
        }
        List<Shown> design = new ArrayList<>();
        manipulations.forEach(manipulation -> images.forEach(image -> design.add(new Shown(image, manipulation))));
        return design;
    }

    /**
     * The SHA-256 of each image rendered in its manipulation at the experiment's display size
     * (rendered now if it never was), in the order given.
     */
    public List<String> stimulusHashes(ExperimentDefinition definition, List<Shown> shown) {
        Upscale upscale = Upscale.fromJsonName(definition.display().upscale()).orElseThrow();
        return stimuli.renderStimuli(shown.stream().map(s -> new StimulusService.StimulusRequest(s.image().sourceSha256(),
                new Condition(s.manipulation().name(), s.manipulation().level()), definition.display().size(), upscale))
                .toList());
    }

    public StoredExperiment current(String slug) {
        return repository.latest(dsl, slug)
                .orElseThrow(() -> new NotFoundException("no experiment named \"" + slug + "\""));
    }

    public StoredExperiment version(long id) {
        return versions.computeIfAbsent(id, key -> repository.byId(dsl, key)
                .orElseThrow(() -> new NotFoundException("no experiment version with id " + key)));
    }

    public List<StoredExperiment> all() {
        return repository.all(dsl);
    }

    public List<SetImage> images(StoredExperiment experiment) {
        return stimuli.images(experiment.stimulusSetId());
    }

    /** Takes the next participant's place in the balanced design. */
    public int takeAssignmentSlot(DSLContext tx, long experimentId) {
        // A slot freed by a deleted session is filled first, so deletions leave the cells balanced.
        return repository.takeFreedSlot(tx, experimentId).orElseGet(() -> repository.takeAssignmentSlot(tx, experimentId));
    }

    /** The slot the next participant would take, left untaken (pilot sessions, previews). */
    public int peekAssignmentSlot(DSLContext dsl, long experimentId) {
        return repository.peekAssignmentSlot(dsl, experimentId);
    }
}
