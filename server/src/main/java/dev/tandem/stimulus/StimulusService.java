package dev.tandem.stimulus;

import dev.tandem.common.Hashes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import dev.tandem.account.Principal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Stimulus sets and renderings: imports a set folder all-or-nothing, serves images by SHA-256,
 * and renders conditions and masks once per recipe into content-addressed PNGs.
 */
public final class StimulusService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PNG = "image/png";

    private final DSLContext db;
    private final StimulusRepository repository = new StimulusRepository();

    public StimulusService(DSLContext db) {
        this.db = db;
    }

    /**
     * Imports the set in {@code folder} (a {@code manifest.json} and its images). Everything is
     * read and checked first; then, in one transaction, each image is stored by SHA-256 and the
     * set's rows are written. Importing the same contents again returns the stored set and
     * changes nothing.
     *
     * @throws StimulusSetException INVALID naming the file and field at fault (nothing is stored),
     *         or CONFLICT when another set is stored under the same name and version
     */
    public StimulusSet importSet(Path folder) {
        return importSet(folder, null);
    }

    /**
     * Imports as {@link #importSet(Path)}, recording {@code uploader} (null: the command line or
     * the built-ins). A new version under a name that another account uploaded first, or under a
     * built-in name, is refused (CONFLICT) unless the uploader is an admin.
     */
    public StimulusSet importSet(Path folder, Principal uploader) {
        StimulusFolder set = StimulusFolder.read(folder);
        StimulusManifest manifest = set.manifest();
        String manifestJson = new String(manifest.canonicalJson(), StandardCharsets.UTF_8);
        return db.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            Optional<StimulusRepository.SetRow> stored = repository.set(tx, manifest.name(), manifest.version());
            if (stored.isPresent()) {
                return sameOrConflict(stored.get(), set);
            }
            requireNameOwner(tx, manifest.name(), uploader);
            repository.insertImages(tx, set.images().stream()
                    .map(image -> new StoredImage(image.sha256(), image.mediaType(), image.width(), image.height(),
                            image.bytes()))
                    .toList());
            Optional<Long> id = repository.insertSet(tx, manifest.name(), manifest.version(), manifestJson,
                    set.manifestSha256(), uploader == null ? null : uploader.accountId());
            if (id.isEmpty()) { // imported concurrently since we looked
                return sameOrConflict(repository.set(tx, manifest.name(), manifest.version()).orElseThrow(), set);
            }
            repository.insertSetImages(tx, id.get(), set.images());
            return new StimulusSet(id.get(), manifest.name(), manifest.version(), set.manifestSha256(), manifest);
        });
    }

    /** Inside the import's transaction, under a lock on the name so two first uploads take turns. */
    private void requireNameOwner(DSLContext tx, String name, Principal uploader) {
        repository.lockName(tx, name);
        if (uploader == null || uploader.isAdmin()) {
            return;
        }
        var uploaders = repository.uploaders(tx, name);
        if (!uploaders.isEmpty() && !uploaders.equals(Set.of(Optional.of(uploader.accountId())))) {
            throw new StimulusSetException(StimulusSetException.Kind.CONFLICT, null, "name", "the stimulus set name \""
                    + name + "\" belongs to another account's or a built-in set; upload under another name", null);
        }
    }

    /** The most recently imported version of the set called {@code name}. */
    public Optional<StimulusSet> find(String name) {
        return repository.latestSet(db, name).map(StimulusService::toSet);
    }

    public Optional<StimulusSet> find(String name, String version) {
        return repository.set(db, name, version).map(StimulusService::toSet);
    }

    public Optional<StimulusSet> set(long id) {
        return repository.set(db, id).map(StimulusService::toSet);
    }

    /** The set's images in manifest order. */
    public List<SetImage> images(long setId) {
        return repository.setImages(db, setId);
    }

    /**
     * The default render size of a set under a fit (issue 10): the largest fitted source side of
     * its images (shorter side for crop, longer for pad and contain), at most {@code displaySize}.
     */
    public int defaultRenderSize(long setId, Fit fit, int displaySize) {
        int largest = repository.sourceSizes(db, setId).stream()
                .mapToInt(size -> fit.fittedSide(size[0], size[1])).max().orElse(displaySize);
        return Math.max(2, Math.min(displaySize, largest));
    }

    /** Any stored image (source, rendered stimulus or mask) by the SHA-256 of its bytes. */
    public Optional<StoredImage> image(String sha256) {
        return Hashes.isSha256(sha256) ? repository.image(db, sha256) : Optional.empty();
    }

    /**
     * Renders {@code condition} of a stored source image as renderer condition/1 did (grey, at
     * {@code displaySize}; see {@link ConditionRenderer}) and returns the SHA-256 of the PNG. A
     * recipe rendered before is looked up, not rendered again.
     *
     * @throws StimulusSetException INVALID for an unknown manipulation, a bad level or size;
     *         NOT_FOUND when no image has {@code sourceSha256}
     */
    public String renderStimulus(String sourceSha256, Condition condition, int displaySize, Upscale upscale) {
        return renderStimuli(List.of(new StimulusRequest(sourceSha256, condition,
                new Framing(Fit.CROP, 0.5, displaySize, upscale), RenderingVersion.CONDITION_1))).get(0);
    }

    /** Renders {@code condition} of a stored source as {@link StimulusRenderer} does (issue 10); returns its SHA-256. */
    public String renderStimulus(String sourceSha256, Condition condition, Framing framing) {
        return renderStimuli(List.of(new StimulusRequest(sourceSha256, condition, framing,
                RenderingVersion.CONDITION_2))).get(0);
    }

    /**
     * One stimulus to render: a stored source image in a condition, fitted and sized by
     * {@code framing} (renderer condition/1 reads only its render size, as the display size, and
     * its upscaling).
     */
    public record StimulusRequest(String sourceSha256, Condition condition, Framing framing, RenderingVersion renderer) {}

    /**
     * Renders many stimuli with one lookup and at most one transaction (a session start needs
     * one per trial); returns their SHA-256 in the order of {@code requests}.
     */
    public List<String> renderStimuli(List<StimulusRequest> requests) {
        Map<StimulusRequest, Recipe> recipes = new LinkedHashMap<>();
        for (StimulusRequest request : requests) {
            recipes.computeIfAbsent(request, StimulusService::recipe);
        }
        Map<String, StimulusRequest> byKey = new LinkedHashMap<>();
        recipes.forEach((request, recipe) -> byKey.put(recipe.key(), request));
        Map<String, String> shas = storeMissing(new ArrayList<>(recipes.values()), recipe -> {
            StimulusRequest request = byKey.get(recipe.key());
            StoredImage source = repository.image(db, request.sourceSha256()).orElseThrow(() -> new StimulusSetException(
                    StimulusSetException.Kind.NOT_FOUND, null, "sourceSha256",
                    "no image has SHA-256 " + request.sourceSha256(), null));
            java.awt.image.BufferedImage decoded;
            try {
                decoded = ImageDecoder.decode(source.bytes()).image();
            } catch (IOException e) {
                throw new IllegalStateException("stored image " + request.sourceSha256() + " no longer decodes", e);
            }
            long seed = recipe.fields().get("seed") instanceof Long s ? s : 0L;
            Framing framing = request.framing();
            if (request.renderer() == RenderingVersion.CONDITION_1) {
                return Picture.grey(ConditionRenderer.render(ImageDecoder.gray(decoded), request.condition(),
                        framing.renderSize(), framing.upscale(), seed));
            }
            return StimulusRenderer.render(ImageDecoder.picture(decoded), request.condition(), framing, seed);
        });
        return requests.stream().map(request -> shas.get(recipes.get(request).key())).toList();
    }

    private static Recipe recipe(StimulusRequest request) {
        if (!Hashes.isSha256(request.sourceSha256())) {
            throw StimulusSetException.invalid(null, "sourceSha256", "\"" + request.sourceSha256() + "\" is not a SHA-256");
        }
        Framing framing = request.framing();
        checkDisplaySize(framing.renderSize());
        if (framing.upscale() == null) {
            throw StimulusSetException.invalid(null, "upscale", "upscale is required");
        }
        if (request.renderer() == RenderingVersion.CONDITION_1) {
            Manipulation manipulation = ConditionRenderer.manipulation(request.condition());
            return Recipe.legacyStimulus(request.sourceSha256(), request.condition(), framing.renderSize(),
                    framing.upscale(), manipulation.usesSeed());
        }
        if (framing.fit() == null || !(framing.padGrey() >= 0 && framing.padGrey() <= 1)) {
            throw StimulusSetException.invalid(null, "fit", "a fit and a pad grey in [0, 1] are required");
        }
        ManipulationKind kind = StimulusRenderer.manipulation(request.condition());
        return Recipe.stimulus(request.sourceSha256(), request.condition(), framing, kind.usesSeed());
    }

    /** Renders the 1/f-noise mask for {@code seed} (see {@link PinkNoiseMask}); returns its SHA-256. */
    public String renderMask(long seed, int displaySize) {
        return renderMasks(List.of(seed), displaySize).get(0);
    }

    /**
     * Renders many masks with one lookup and one transaction (a session start needs one per
     * trial); returns their SHA-256 in the order of {@code seeds}.
     */
    public List<String> renderMasks(List<Long> seeds, int displaySize) {
        checkDisplaySize(displaySize);
        Map<Long, Recipe> recipes = new LinkedHashMap<>();
        seeds.forEach(seed -> recipes.computeIfAbsent(seed, s -> Recipe.mask(s, displaySize)));
        Map<String, String> shas = storeMissing(new ArrayList<>(recipes.values()), recipe ->
                Picture.grey(PinkNoiseMask.generate((Long) recipe.fields().get("seed"), displaySize)));
        return seeds.stream().map(seed -> shas.get(recipes.get(seed).key())).toList();
    }

    /**
     * Looks the recipes up, renders and encodes only those not yet stored, stores them in one
     * transaction, and returns every recipe's SHA-256 as stored (a concurrent renderer's row wins).
     */
    private Map<String, String> storeMissing(List<Recipe> recipes,
                                             Function<Recipe, Picture> render) {
        List<String> keys = recipes.stream().map(Recipe::key).toList();
        Map<String, String> stored = new LinkedHashMap<>(repository.renderings(db, keys));
        List<StoredImage> images = new ArrayList<>();
        List<StimulusRepository.RenderedRecipe> renderings = new ArrayList<>();
        for (Recipe recipe : recipes) {
            if (stored.containsKey(recipe.key())) {
                continue;
            }
            Picture pixels = render.apply(recipe);
            byte[] png = pixels.png();
            String sha256 = Hashes.sha256Hex(png);
            images.add(new StoredImage(sha256, PNG, pixels.width(), pixels.height(), png));
            renderings.add(new StimulusRepository.RenderedRecipe(recipe, json(recipe.fields()), sha256));
        }
        if (renderings.isEmpty()) {
            return stored;
        }
        return db.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            repository.insertImages(tx, images);
            repository.insertRenderings(tx, renderings);
            stored.putAll(repository.renderings(tx, renderings.stream().map(r -> r.recipe().key()).toList()));
            return stored;
        });
    }

    private StimulusSet sameOrConflict(StimulusRepository.SetRow stored, StimulusFolder set) {
        if (stored.manifestSha256().equals(set.manifestSha256())) {
            return toSet(stored);
        }
        throw new StimulusSetException(StimulusSetException.Kind.CONFLICT, StimulusManifest.FILE_NAME, "version",
                StimulusManifest.FILE_NAME + ": stimulus set " + stored.name() + " version " + stored.version()
                        + " is already stored with different contents; give the changed set a new version", null);
    }

    private static StimulusSet toSet(StimulusRepository.SetRow row) {
        StimulusManifest manifest = StimulusManifest.parse(row.manifestJson().getBytes(StandardCharsets.UTF_8),
                StimulusManifest.FILE_NAME);
        return new StimulusSet(row.id(), row.name(), row.version(), row.manifestSha256(), manifest);
    }

    private static void checkDisplaySize(int displaySize) {
        if (displaySize < 2 || displaySize > ImageDecoder.MAX_SIDE) {
            throw StimulusSetException.invalid(null, "displaySize", "display size " + displaySize
                    + " must be from 2 to " + ImageDecoder.MAX_SIDE + " pixels");
        }
    }

    private static String json(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recipe always serializes", e);
        }
    }
}
