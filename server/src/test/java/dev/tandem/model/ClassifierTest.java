package dev.tandem.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {

    static final Path DEMO_MODEL = locateDemoModel();

    @TempDir
    Path temp;

    @Test
    void categoryProbabilitiesAreTheMeanOrSumOfTheirOutputIndices() throws IOException {
        float[] outputs = new float[1000];
        double total = 1000 * 1001 / 2.0;
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = (float) ((i + 1) / total);
        }
        Path folder = TinySavedModels.constantOutputs(temp.resolve("thousand"), 4, outputs);
        List<ModelManifest.Category> categories = List.of(
                new ModelManifest.Category("first three", List.of(0, 1, 2)),
                new ModelManifest.Category("last", List.of(999)),
                new ModelManifest.Category("middle ten", List.of(500, 501, 502, 503, 504, 505, 506, 507, 508, 509)));
        byte[] png = Pngs.grayUpscaled(new int[16], 4, 1);

        for (ModelManifest.Reduction reduction : ModelManifest.Reduction.values()) {
            TinySavedModels.writeManifest(folder, TinySavedModels.manifest("thousand", 4, "image", "scores",
                    1000, reduction, categories));
            try (Classifier classifier = Classifier.open(ModelFolder.read(folder), TinySavedModels.ENGINES)) {
                Classifier.Prediction prediction = classifier.predict(List.of(png, png)).get(1);

                boolean mean = reduction == ModelManifest.Reduction.MEAN;
                Map<String, Double> p = prediction.categoryProbabilities();
                assertEquals(List.of("first three", "last", "middle ten"), List.copyOf(p.keySet()));
                assertEquals((1 + 2 + 3) / total / (mean ? 3 : 1), p.get("first three"), 1e-9);
                assertEquals(1000 / total, p.get("last"), 1e-9);
                assertEquals((501 + 510) * 5 / total / (mean ? 10 : 1), p.get("middle ten"), 1e-9);
                // Mean: "last" (1000) beats the middle ten's mean (505.5); by sum they win (5055).
                assertEquals(mean ? "last" : "middle ten", prediction.decision());
                assertEquals(List.of(999, 998, 997, 996, 995), prediction.topOutputs());
            }
        }
    }

    @Test
    void theModelReceivesTheStimulusAfterItsDeclaredPreprocessing() throws IOException {
        Path folder = TinySavedModels.echo(temp.resolve("echo"), new long[] {-1, 2, 2, 1});
        TinySavedModels.writeManifest(folder, new ModelManifest("echo", "1", "serving_default",
                new ModelManifest.Input("pixels", 2, 2, 1, ModelManifest.Layout.NHWC, ModelManifest.Resize.AREA,
                        255.0, List.of(0.5), List.of(0.25)),
                new ModelManifest.Output("flat", 4, ModelManifest.Activation.PROBABILITIES),
                ModelManifest.Reduction.SUM, List.of(new ModelManifest.Category("a", List.of(0, 1, 2, 3))), null));
        byte[] shownAt8x = Pngs.grayUpscaled(new int[] {0, 51, 204, 255}, 2, 4);

        try (Classifier classifier = Classifier.open(ModelFolder.read(folder), TinySavedModels.ENGINES)) {
            float[] fed = classifier.outputs(new Preprocessor(classifier.manifest().input()).toInput(shownAt8x)).probabilities();

            assertArrayEquals(new float[] {-2f, -1.2f, 1.2f, 2f}, fed, 1e-5f);
        }
    }

    @Test
    void logitOutputsAreTurnedIntoProbabilities() throws IOException {
        Path folder = TinySavedModels.constantOutputs(temp.resolve("logits"), 2, new float[] {0f, (float) Math.log(3)});
        TinySavedModels.writeManifest(folder, new ModelManifest("logits", "1", "serving_default",
                new ModelManifest.Input("image", 2, 2, 1, ModelManifest.Layout.NHWC, ModelManifest.Resize.AREA,
                        255.0, List.of(0.0), List.of(1.0)),
                new ModelManifest.Output("scores", 2, ModelManifest.Activation.LOGITS),
                ModelManifest.Reduction.MEAN, List.of(new ModelManifest.Category("no", List.of(0)),
                        new ModelManifest.Category("yes", List.of(1))), null));

        try (Classifier classifier = Classifier.open(ModelFolder.read(folder), TinySavedModels.ENGINES)) {
            Classifier.Prediction prediction = classifier.predict(List.of(Pngs.grayUpscaled(new int[4], 2, 1))).get(0);

            assertEquals(0.25, prediction.categoryProbabilities().get("no"), 1e-6);
            assertEquals(0.75, prediction.categoryProbabilities().get("yes"), 1e-6);
            assertEquals(List.of(1, 0), prediction.topOutputs());
        }
    }

    @Test
    void theDemoModelRecognisesFashionMnistTestImagesShownAtDisplaySize() throws IOException {
        assumeTrue(Files.isDirectory(DemoModelTrainer.DEFAULT_DATA), "Debian's dataset-fashion-mnist is not installed");
        IdxImages test = IdxImages.read(DemoModelTrainer.DEFAULT_DATA, "t10k");
        ModelFolder folder = ModelFolder.read(DEMO_MODEL).verify(TinySavedModels.ENGINES);
        int images = 500;
        List<byte[]> pngs = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            int[] values = new int[28 * 28];
            for (int p = 0; p < values.length; p++) {
                values[p] = test.pixels()[i * values.length + p] & 0xff;
            }
            pngs.add(Pngs.grayUpscaled(values, 28, 8));
        }

        int correct = 0;
        try (Classifier classifier = Classifier.open(folder, TinySavedModels.ENGINES)) {
            for (int start = 0; start < images; start += 100) {
                List<Classifier.Prediction> predictions = classifier.predict(pngs.subList(start, start + 100));
                for (int i = 0; i < predictions.size(); i++) {
                    String truth = DemoModelTrainer.CATEGORIES.get(test.label(start + i));
                    if (predictions.get(i).decision().equals(truth)) {
                        correct++;
                    }
                }
            }
        }

        double recorded = folder.manifest().training().testAccuracy();
        assertTrue(recorded >= 0.90, "recorded test accuracy " + recorded);
        assertTrue(correct / (double) images > 0.87, correct + " of " + images + " correct");
    }

    private static Path locateDemoModel() {
        String given = System.getProperty("tandem.demo.model");
        if (given != null) {
            return Path.of(given);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("stimuli/fashion-mnist/models/fashion-cnn");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("../stimuli/fashion-mnist/models/fashion-cnn");
    }
}
