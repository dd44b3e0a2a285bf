package dev.tandem.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoModelTrainerTest {

    @TempDir
    Path temp;

    @Test
    void aShortTrainingRunExportsAModelFolderThatTandemAccepts() throws IOException {
        assumeTrue(Files.isDirectory(DemoModelTrainer.DEFAULT_DATA), "Debian's dataset-fashion-mnist is not installed");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DemoModelTrainer trainer = new DemoModelTrainer(TinySavedModels.NATIVES, new PrintStream(log, true));
        Path output = temp.resolve("quick-cnn");

        DemoModelTrainer.Outcome outcome = trainer.train(
                new DemoModelTrainer.Settings(DemoModelTrainer.DEFAULT_DATA, output, 7, 1, 64, 3_000));

        assertTrue(outcome.testAccuracy() > 0.6, "accuracy " + outcome.testAccuracy());
        assertEquals(10_000, outcome.testImages());
        ModelFolder folder = ModelFolder.read(output).verify(TinySavedModels.ENGINES);
        assertEquals(DemoModelTrainer.CATEGORIES, folder.manifest().categoryNames());
        assertEquals("embedding", folder.manifest().embeddingTensor(), "the penultimate layer is the second output");
        assertEquals(outcome.testAccuracy(), folder.manifest().training().testAccuracy());
        assertTrue(log.toString().contains("test accuracy"));
    }

    @Test
    void anExistingOutputFolderIsNeverOverwritten() throws IOException {
        Path output = Files.createDirectories(temp.resolve("taken"));
        DemoModelTrainer trainer = new DemoModelTrainer(TinySavedModels.NATIVES, new PrintStream(new ByteArrayOutputStream()));

        assertThrows(IOException.class, () -> trainer.train(DemoModelTrainer.Settings.defaults(output)));
    }
}
