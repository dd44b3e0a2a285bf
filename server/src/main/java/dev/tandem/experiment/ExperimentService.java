package dev.tandem.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.common.Hashes;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.common.Progress;
import dev.tandem.stimulus.Condition;
import dev.tandem.stimulus.Fit;
import dev.tandem.stimulus.Framing;
import dev.tandem.stimulus.RenderingVersion;
import dev.tandem.stimulus.SetImage;
import dev.tandem.stimulus.StimulusService;
import dev.tandem.stimulus.StimulusSet;
import dev.tandem.stimulus.Upscale;
import java.util.List;
import java.util.Map;
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

    /** Default render sizes by set, fit and display size (a set's images never change). */
    private final Map<String, Integer> renderSizes = new ConcurrentHashMap<>();

    /** Stored versions never change, so caching them by id is always correct. */
    private final PartnerModels partners;
    private final Map<Long, StoredExperiment> versions = new ConcurrentHashMap<>();

    public ExperimentService(DSLContext dsl, ObjectMapper json, StimulusService stimuli, PartnerModels partners) {
        this.dsl = dsl;
        this.partners = partners;
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
        validator.checkAgainst(definition, ExperimentValidator.SetFacts.of(set.manifest().categories(), images));
        checkPartner(definition);
        String sha256 = Hashes.sha256Hex(repository.write(definition));
        var existing = repository.findBySha(dsl, definition.slug(), sha256);
        if (existing.isPresent()) {
            return new Loaded(existing.get(), false);
        }
        renderDesign(definition, set.id(), images, progress);
        StoredExperiment stored = dsl.transactionResult(tx ->
                repository.findBySha(tx.dsl(), definition.slug(), sha256).orElseGet(() -> {
                    onNewVersion.accept(tx.dsl());
                    return repository.insertNextVersion(tx.dsl(), definition, sha256, set.id());
                }));
        return new Loaded(stored, true);
    }

    /** A ClickMe experiment's partner model must exist before participants play with it. */
    private void checkPartner(ExperimentDefinition definition) {
        partnerError(definition, partners).ifPresent(error -> {
            throw new InvalidInputException(error.field(), error.message());
        });
    }

    /** The error of a ClickMe definition whose partner model cannot be opened; empty otherwise. */
    static java.util.Optional<FieldError> partnerError(ExperimentDefinition definition, PartnerModels partners) {
        if (definition.clickme() == null || definition.clickme().partner() == null) {
            return java.util.Optional.empty();
        }
        String model = definition.clickme().partner().model();
        if (partners.available(definition.stimulusSet(), model)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new FieldError("clickme.partner.model", "no partner model \"" + model
                + "\" for stimulus set \"" + definition.stimulusSet() + "\" (a folder models/" + model
                + " with a model.json in the stimulus set's folder)"));
    }

    /** Renders every image in every manipulation of the design (practice included) and the mask pool. */
    private void renderDesign(ExperimentDefinition definition, long setId, List<SetImage> images, Progress progress) {
        RenderingVersion renderer = RenderingVersion.CONDITION_2; // what a new version is stored with
        int maskSize = framing(definition, setId, renderer).renderSize();
        List<Shown> design = design(definition, images);
        List<Long> masks = Assignment.maskPool(definition);
        long total = design.size() + masks.size();
        long done = 0;
        for (int first = 0; first < design.size(); first += RENDER_CHUNK) {
            var chunk = design.subList(first, Math.min(design.size(), first + RENDER_CHUNK));
            stimulusHashes(definition, setId, renderer, chunk);
            done += chunk.size();
            progress.update(done, total);
        }
        for (int first = 0; first < masks.size(); first += RENDER_CHUNK) {
            var chunk = masks.subList(first, Math.min(masks.size(), first + RENDER_CHUNK));
            stimuli.renderMasks(chunk, maskSize);
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
        return dev.tandem.kind.TrialKinds.all().design(definition, images);
    }

    /**
     * The SHA-256 of each image rendered in its manipulation as the stored version renders it
     * (rendered now if it never was), in the order given.
     */
    public List<String> stimulusHashes(StoredExperiment experiment, List<Shown> shown) {
        return stimulusHashes(experiment.definition(), experiment.stimulusSetId(), experiment.renderer(), shown);
    }

    /**
     * {@link #stimulusHashes(StoredExperiment, List)} for the stored version with exactly this
     * definition.
     */
    public List<String> stimulusHashes(ExperimentDefinition definition, List<Shown> shown) {
        StoredExperiment experiment = repository.findBySha(dsl, definition.slug(),
                        Hashes.sha256Hex(repository.write(definition)))
                .orElseThrow(() -> new NotFoundException("no stored version of " + definition.slug()
                        + " has this definition"));
        return stimulusHashes(experiment, shown);
    }

    private List<String> stimulusHashes(ExperimentDefinition definition, long setId, RenderingVersion renderer,
                                        List<Shown> shown) {
        Framing framing = framing(definition, setId, renderer);
        return stimuli.renderStimuli(shown.stream().map(s -> new StimulusService.StimulusRequest(s.image().sourceSha256(),
                new Condition(s.manipulation().name(), s.manipulation().level()), framing, renderer)).toList());
    }

    /**
     * How the version's sources become stimuli: its fit and render size (issue 10). Versions
     * stored before render at the display size ({@code condition/1}); experiments with ClickMe
     * rounds render at the display size too, because reveals are in display pixels.
     */
    public Framing framing(StoredExperiment experiment) {
        return framing(experiment.definition(), experiment.stimulusSetId(), experiment.renderer());
    }

    private Framing framing(ExperimentDefinition definition, long setId, RenderingVersion renderer) {
        var display = definition.display();
        Upscale upscale = Upscale.fromJsonName(display.upscale()).orElseThrow();
        Fit fit = Fit.fromJsonName(display.fitOrDefault()).orElseThrow();
        int renderSize;
        if (renderer == RenderingVersion.CONDITION_1 || definition.clickme() != null) {
            renderSize = display.size();
        } else if (display.renderSize() != null) {
            renderSize = display.renderSize();
        } else {
            renderSize = renderSizes.computeIfAbsent(setId + ";" + fit + ";" + display.size(),
                    key -> stimuli.defaultRenderSize(setId, fit, display.size()));
        }
        return new Framing(fit, display.padGreyOrDefault(), renderSize, upscale);
    }

    /** The side of the version's masks: its render size (the display size before issue 10). */
    public int maskSize(StoredExperiment experiment) {
        return framing(experiment).renderSize();
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

    /** The slot the next session would take (it may be taken by another start meanwhile). */
    public int nextAssignmentSlot(long experimentId) {
        return repository.nextAssignmentSlot(dsl, experimentId);
    }

    /**
     * Takes {@code slot} inside the transaction that stores its session, if it is still the next
     * one: a start that fails or is rolled back leaves the design's order untouched (issue 12).
     */
    public boolean takeAssignmentSlot(DSLContext tx, long experimentId, int slot) {
        return repository.takeAssignmentSlot(tx, experimentId, slot);
    }
}
