package dev.tandem.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * model-vs-human's 16-class ImageNet mapping as Tandem ships it (resources/mappings/imagenet-16.json,
 * from their human_categories.py) and a model.json that names it.
 */
class CategoryMappingsTest {

    private static final String MANIFEST = """
            {"name": "resnet", "version": "1", "format": "onnx",
             "input": {"tensor": "image", "height": 224, "width": 224, "channels": 3, "layout": "NCHW", "resize": "bilinear",
                       "normalization": {"divideBy": 255, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}},
             "output": {"tensor": "logits", "size": %d, "activation": "logits"},
             "categories": {"mapping": "%s"}}
            """;

    private static ModelManifest.Category category(CategoryMappings.Named mapping, String name) {
        return mapping.categories().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void imagenet16HasModelVsHumansSixteenCategoriesAndTheirIndices() {
        CategoryMappings.Named mapping = CategoryMappings.find("imagenet-16").orElseThrow();

        assertEquals(List.of("airplane", "bear", "bicycle", "bird", "boat", "bottle", "car", "cat", "chair", "clock",
                "dog", "elephant", "keyboard", "knife", "oven", "truck"),
                mapping.categories().stream().map(ModelManifest.Category::name).toList(), "their sorted order");
        assertEquals(ModelManifest.Reduction.MEAN, mapping.reduction());
        assertEquals(1000, mapping.outputs());
        // Spot checks against human_categories.py (HumanCategories.<category>_indices).
        assertEquals(List.of(404), category(mapping, "airplane").indices());
        assertEquals(List.of(294, 295, 296, 297), category(mapping, "bear").indices());
        assertEquals(List.of(281, 282, 283, 284, 285, 286), category(mapping, "cat").indices());
        assertEquals(List.of(555, 569, 656, 675, 717, 734, 864, 867), category(mapping, "truck").indices());
        assertEquals(List.of(499), category(mapping, "knife").indices());
        assertEquals(List.of(766), category(mapping, "oven").indices());
        assertEquals(49, category(mapping, "bird").indices().size());
        assertEquals(109, category(mapping, "dog").indices().size());
        Set<Integer> all = new HashSet<>();
        mapping.categories().forEach(c -> c.indices().forEach(index -> {
            assertTrue(index >= 0 && index < 1000, "index " + index);
            assertTrue(all.add(index), "index " + index + " belongs to one category only");
        }));
        assertEquals(207, all.size());
        assertTrue(mapping.source().contains("bethgelab/model-vs-human"));
    }

    @Test
    void anImagenetClassifierNamingTheMappingGetsTheMeanProbabilityOfEachCategorysIndices() {
        ModelManifest manifest = ManifestJson.read(MANIFEST.formatted(1000, "imagenet-16"));
        float[] probabilities = new float[1000];
        Arrays.fill(probabilities, 0.0005f);
        probabilities[294] = 0.4f; // brown bear
        probabilities[295] = 0.2f; // American black bear
        probabilities[404] = 0.3f; // airliner

        Classifier.Prediction prediction = Classifier.reduce(manifest, probabilities, 0);

        assertEquals(16, prediction.categoryProbabilities().size());
        assertEquals((0.4 + 0.2 + 0.0005 + 0.0005) / 4, prediction.categoryProbabilities().get("bear"), 1e-6);
        assertEquals(0.3, prediction.categoryProbabilities().get("airplane"), 1e-6);
        assertEquals(0.0005, prediction.categoryProbabilities().get("dog"), 1e-6);
        assertEquals("airplane", prediction.decision(), "airplane .3 beats bear .15: a mean, not a sum (.6)");
    }

    @Test
    void aNamedMappingIsWrittenBackByName() {
        ModelManifest manifest = ManifestJson.read(MANIFEST.formatted(1000, "imagenet-16"));

        assertTrue(manifest.toJson().contains("\"mapping\" : \"imagenet-16\""), manifest.toJson());
        assertEquals(manifest, ManifestJson.read(manifest.toJson()));
    }

    @Test
    void anUnknownMappingOrAWrongOutputSizeIsRefusedNamingTheField() {
        InvalidModelException unknown = assertThrows(InvalidModelException.class,
                () -> ManifestJson.read(MANIFEST.formatted(1000, "imagenet-17")));
        assertEquals("categories.mapping", unknown.field());
        assertTrue(unknown.getMessage().contains("imagenet-16"), unknown.getMessage());

        InvalidModelException size = assertThrows(InvalidModelException.class,
                () -> ManifestJson.read(MANIFEST.formatted(10, "imagenet-16")));
        assertEquals("output.size", size.field());
        assertTrue(size.getMessage().contains("1000"), size.getMessage());
    }
}
