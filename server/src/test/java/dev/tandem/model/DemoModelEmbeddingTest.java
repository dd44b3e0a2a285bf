package dev.tandem.model;

import static dev.tandem.db.jooq.Tables.IMAGE_BLOB;
import static dev.tandem.db.jooq.Tables.MODEL_EMBEDDING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.RepositoryFiles;
import dev.tandem.app.TestTandem;
import dev.tandem.jobs.JobStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed demo CNN's second output, its 128-unit penultimate layer, and how it gets stored. */
class DemoModelEmbeddingTest {

    private static final int EMBEDDING_SIZE = 128;

    @TempDir
    Path temp;

    @Test
    void theCommittedDemoModelDeclaresAndReturnsA128ValueNonNegativeEmbedding() throws IOException {
        ModelFolder folder = ModelFolder.read(ScoringJobTest.DEMO_MODEL).verify(TinySavedModels.ENGINES);
        assertEquals("embedding", folder.manifest().embeddingTensor());

        List<byte[]> pngs = new ArrayList<>();
        try (Stream<Path> images = Files.list(RepositoryFiles.stimuli().resolve("fashion-mnist/images"))) {
            for (Path png : images.sorted().limit(30).toList()) { // ankle boots, then bags
                pngs.add(Files.readAllBytes(png));
            }
        }
        try (Classifier classifier = Classifier.open(folder, TinySavedModels.ENGINES)) {
            List<Classifier.Prediction> predictions = classifier.predict(pngs);
            for (Classifier.Prediction prediction : predictions) {
                float[] embedding = prediction.embedding();
                assertEquals(EMBEDDING_SIZE, embedding.length);
                for (float value : embedding) {
                    assertTrue(value >= 0, "a ReLU output is never negative: " + value);
                }
                assertTrue(sum(embedding) > 0, "an image activates some units");
            }
            assertFalse(Arrays.equals(predictions.get(0).embedding(), predictions.get(29).embedding()),
                    "an ankle boot and a bag have different embeddings");
        }
    }

    @Test
    void scoringStoresTheEmbeddingOfEveryStimulusAsTheClassifierComputesIt() {
        try (TestTandem tandem = TestTandem.withBuiltIns()) {
            long modelId = tandem.models().find("fashion-cnn").id();
            ScoreJob job = tandem.scoring().createJob("fashion-cnn", "masked-demo").job();
            try (Worker worker = tandem.scoring().worker(64, Worker.Events.NONE)) {
                worker.drain(job.id());
            }
            assertEquals(JobStatus.DONE, tandem.scoring().job(job.id()).status());

            assertEquals(ScoringJobTest.DEMO_STIMULI, tandem.dsl().fetchCount(MODEL_EMBEDDING,
                    MODEL_EMBEDDING.MODEL_ID.eq(modelId), MODEL_EMBEDDING.TENSOR.eq("embedding")));
            List<String> hashes = tandem.dsl().select(MODEL_EMBEDDING.STIMULUS_SHA256).from(MODEL_EMBEDDING)
                    .orderBy(MODEL_EMBEDDING.STIMULUS_SHA256).limit(24).fetch(MODEL_EMBEDDING.STIMULUS_SHA256);
            List<byte[]> pngs = new ArrayList<>();
            for (String hash : hashes) {
                pngs.add(tandem.dsl().select(IMAGE_BLOB.BYTES).from(IMAGE_BLOB).where(IMAGE_BLOB.SHA256.eq(hash))
                        .fetchOne().value1());
            }
            try (Classifier direct = Classifier.open(ModelFolder.read(ScoringJobTest.DEMO_MODEL), TinySavedModels.ENGINES)) {
                List<Classifier.Prediction> predictions = direct.predict(pngs);
                for (int i = 0; i < hashes.size(); i++) {
                    Embedding stored = tandem.scoring().embedding("fashion-cnn", hashes.get(i)).orElseThrow();
                    assertEquals("embedding", stored.tensor());
                    assertEquals(EMBEDDING_SIZE, stored.values().length);
                    float[] expected = predictions.get(i).embedding();
                    for (int e = 0; e < EMBEDDING_SIZE; e++) {
                        assertEquals(expected[e], stored.values()[e], 1e-5, hashes.get(i) + " unit " + e);
                    }
                }
            }
        }
    }

    @Test
    void reexportingTheCommittedModelWritesTheSameWeightsManifestAndProbabilities() throws IOException {
        Path out = temp.resolve("fashion-cnn");
        DemoModelTrainer trainer = new DemoModelTrainer(TinySavedModels.NATIVES,
                new PrintStream(new ByteArrayOutputStream(), true));

        DemoModelTrainer.Reexport measured = trainer.reexport(ScoringJobTest.DEMO_MODEL, out, DemoModelTrainer.DEFAULT_DATA);

        Path committed = ScoringJobTest.DEMO_MODEL;
        assertEquals(Files.readString(committed.resolve(ModelFolder.MANIFEST)), Files.readString(out.resolve(ModelFolder.MANIFEST)));
        for (String file : List.of("variables/variables.data-00000-of-00001", "variables/variables.index")) {
            assertArrayEquals(Files.readAllBytes(committed.resolve(file)), Files.readAllBytes(out.resolve(file)), file);
        }
        assertEquals("embedding", ModelFolder.read(out).verify(TinySavedModels.ENGINES).manifest().embeddingTensor());

        assumeTrue(Files.isDirectory(DemoModelTrainer.DEFAULT_DATA), "Debian's dataset-fashion-mnist is not installed");
        assertEquals(10_000, measured.comparedImages());
        assertEquals(0.0, measured.maxProbabilityDifference());
        assertEquals(ModelFolder.read(committed).manifest().training().testAccuracy(), measured.testAccuracy());
        assertEquals(EMBEDDING_SIZE, measured.embeddingSize());
        assertTrue(measured.minEmbeddingValue() >= 0, "min " + measured.minEmbeddingValue());
    }

    private static double sum(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        return sum;
    }
}
