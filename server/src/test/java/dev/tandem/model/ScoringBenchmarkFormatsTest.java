package dev.tandem.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code model benchmark} compares like with like for ONNX and TorchScript: its bare engine (ONNX
 * Runtime's own session, the TorchScript module's forward) computes exactly what Tandem's path
 * computes on the same floats, and the command prints its three rates for any format. (No timed
 * assertion: the figures are printed, not checked.)
 */
class ScoringBenchmarkFormatsTest {

    @Test
    void theBareOnnxSessionComputesWhatTandemsPathComputes() {
        assertBareEngineAgrees(ModelFixtures.ONNX);
    }

    @Test
    void theBareTorchScriptModuleComputesWhatTandemsPathComputes() {
        assertBareEngineAgrees(ModelFixtures.TORCHSCRIPT);
    }

    private static void assertBareEngineAgrees(Path folder) {
        ModelFolder model = ModelFolder.read(folder);
        Preprocessor preprocessor = new Preprocessor(model.manifest().input());
        List<byte[]> pngs = List.of(ModelFixtures.png("pngs/colour-32.png"), ModelFixtures.png("pngs/gray-28.png"));
        float[] values = new float[2 * preprocessor.valuesPerImage()];
        for (int i = 0; i < pngs.size(); i++) {
            preprocessor.toInput(pngs.get(i), values, i * preprocessor.valuesPerImage());
        }
        try (Classifier classifier = Classifier.open(model, TinySavedModels.ENGINES);
             ScoringBenchmark.BareEngine bare = new ScoringBenchmark(TinySavedModels.ENGINES, System.out)
                     .bareEngine(model, preprocessor)) {
            float[] logits = bare.run(values);
            Classifier.softmax(logits, model.manifest().output().size());
            assertArrayEquals(classifier.outputs(values).probabilities(), logits, 1e-6f);
        }
    }

    @Test
    void theBenchmarkPrintsBareTandemAndEndToEndRatesForEachFormat() {
        for (Path folder : List.of(ModelFixtures.ONNX, ModelFixtures.TORCHSCRIPT)) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            List<byte[]> pngs = List.of(ModelFixtures.png("pngs/colour-32.png"), ModelFixtures.png("pngs/colour-48x40.png"),
                    ModelFixtures.png("pngs/colour-64.png"), ModelFixtures.png("pngs/gray-28.png"));
            ScoringBenchmark.Figures figures = new ScoringBenchmark(TinySavedModels.ENGINES,
                    new PrintStream(printed, true, StandardCharsets.UTF_8)).run(ModelFolder.read(folder), pngs, 2, 1);

            String text = printed.toString(StandardCharsets.UTF_8);
            assertTrue(figures.bare() > 0 && figures.tandemInference() > 0 && figures.tandemEndToEnd() > 0, text);
            assertTrue(text.contains(folder.getFileName().toString().equals("tiny-onnx")
                    ? "bare ONNX Runtime session" : "bare PyTorch module forward"), text);
            assertTrue(text.contains("an experiment of 1,280 distinct stimuli"), text);
        }
    }
}
