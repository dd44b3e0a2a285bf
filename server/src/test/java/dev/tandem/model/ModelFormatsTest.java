package dev.tandem.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ONNX and TorchScript models load through DJL (ONNX Runtime and PyTorch engines, natives from the
 * Maven jars) and reproduce, to 1e-4, the probabilities and embeddings PyTorch computed for the
 * same PNG bytes: colour and grayscale stimuli, several sizes, square and not.
 */
class ModelFormatsTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void anOnnxModelReproducesPyTorchsOutputsOnEveryFixturePng() {
        assertReproducesReferences(ModelFixtures.ONNX, "tiny-onnx");
    }

    @Test
    void aTorchScriptModelReproducesPyTorchsOutputsOnEveryFixturePng() {
        assertReproducesReferences(ModelFixtures.TORCHSCRIPT, "tiny-torchscript");
    }

    private static void assertReproducesReferences(Path folder, String name) {
        ModelFolder model = ModelFolder.read(folder).verify(TinySavedModels.ENGINES);
        List<ModelFixtures.Reference> references = ModelFixtures.references(name);
        assertTrue(references.stream().anyMatch(r -> r.png().contains("colour")), "colour PNGs are among the fixtures");
        try (Classifier classifier = Classifier.open(model, TinySavedModels.ENGINES)) {
            List<Classifier.Prediction> predictions = classifier.predict(
                    references.stream().map(r -> ModelFixtures.png(r.png())).toList()); // one batch
            for (int i = 0; i < references.size(); i++) {
                ModelFixtures.Reference reference = references.get(i);
                Classifier.Prediction prediction = predictions.get(i);
                int best = 0;
                for (int c = 0; c < ModelFixtures.CATEGORIES.size(); c++) {
                    String category = ModelFixtures.CATEGORIES.get(c);
                    assertEquals(reference.probabilities()[c], prediction.categoryProbabilities().get(category), TOLERANCE,
                            name + " " + reference.png() + " p(" + category + ")");
                    best = reference.probabilities()[c] > reference.probabilities()[best] ? c : best;
                }
                assertEquals(ModelFixtures.CATEGORIES.get(best), prediction.decision(), reference.png());
                assertNotNull(prediction.embedding(), "the declared embedding output comes with each prediction");
                assertEquals(reference.embedding().length, prediction.embedding().length);
                for (int e = 0; e < reference.embedding().length; e++) {
                    assertEquals(reference.embedding()[e], prediction.embedding()[e], TOLERANCE,
                            name + " " + reference.png() + " embedding[" + e + "]");
                }
            }
        }
    }

    @Test
    void theFormatAndTheEmbeddingTensorAreReadFromModelJson() {
        ModelManifest onnx = ModelFolder.read(ModelFixtures.ONNX).manifest();
        ModelManifest torchScript = ModelFolder.read(ModelFixtures.TORCHSCRIPT).manifest();

        assertEquals(ModelManifest.Format.ONNX, onnx.format());
        assertEquals(ModelManifest.Format.TORCHSCRIPT, torchScript.format());
        assertEquals("embedding", onnx.embeddingTensor());
        assertEquals(onnx, ManifestJson.read(onnx.toJson()), "model.json written and read back is the same manifest");
        assertEquals(torchScript, ManifestJson.read(torchScript.toJson()));
    }

    @Test
    void aStimulusResizedByMoreThanTwiceIsReportedWithItsFactor() {
        ModelManifest.Input input = ModelFolder.read(ModelFixtures.ONNX).manifest().input(); // 32 x 32
        try (Classifier classifier = Classifier.open(ModelFolder.read(ModelFixtures.ONNX), TinySavedModels.ENGINES)) {
            List<Classifier.Prediction> predictions = classifier.predict(List.of(
                    ModelFixtures.png("stimulus-set/images/circle-0.png"), // 224 px
                    ModelFixtures.png("pngs/colour-64.png"),                // 64 px: exactly 2x, quiet
                    ModelFixtures.png("pngs/gray-28.png")));                // 28 px

            assertEquals("model input 32 px, stimulus 224 px: 7× downsampling averages fine detail and noise",
                    predictions.get(0).resizeWarning());
            assertNull(predictions.get(1).resizeWarning());
            assertNull(predictions.get(2).resizeWarning());
        }
        assertEquals("model input 32 px, stimulus 8 px: 4× upsampling shows the model blur, not detail people see",
                Preprocessor.resizeWarning(new Preprocessor.SourceSize(8, 8), input));
        assertEquals("model input 32 px, stimulus 500×375 px: 15.6× downsampling averages fine detail and noise",
                Preprocessor.resizeWarning(new Preprocessor.SourceSize(500, 375), input));
    }
}
