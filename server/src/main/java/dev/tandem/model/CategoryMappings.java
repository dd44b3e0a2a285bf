package dev.tandem.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Category mappings a model.json may name instead of listing them ({@code "mapping": "imagenet-16"}),
 * kept as data in {@code src/main/resources/mappings/<name>.json} with their source.
 *
 * <p>{@code imagenet-16}: model-vs-human's 16 entry-level categories of ImageNet-1k (Geirhos et al.
 * 2018, 2021), the output indices of their {@code human_categories.py}, combined by the mean of the
 * probabilities as their {@code ImageNetProbabilitiesTo16ClassesMapping} does. With it any
 * ImageNet-1k classifier scores a 16-class experiment without a hand-written list.
 */
public final class CategoryMappings {

    /** A named mapping: the model's number of outputs it assumes, its reduction and its categories. */
    public record Named(String name, int outputs, ModelManifest.Reduction reduction,
                        List<ModelManifest.Category> categories, String source) {}

    /** Every mapping shipped with Tandem, by name. */
    public static final List<String> NAMES = List.of("imagenet-16");

    private CategoryMappings() {}

    public static Optional<Named> find(String name) {
        if (!NAMES.contains(name)) {
            return Optional.empty();
        }
        try (InputStream in = CategoryMappings.class.getResourceAsStream("/mappings/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("mapping " + name + " is missing from the build");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<ModelManifest.Category> categories = new ArrayList<>();
            for (JsonNode category : root.get("categories")) {
                List<Integer> indices = new ArrayList<>();
                category.get("indices").forEach(index -> indices.add(index.asInt()));
                categories.add(new ModelManifest.Category(category.get("name").asText(), indices));
            }
            return Optional.of(new Named(name, root.get("outputs").asInt(),
                    ModelManifest.Reduction.valueOf(root.get("reduction").asText().toUpperCase(java.util.Locale.ROOT)),
                    categories, root.get("source").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
