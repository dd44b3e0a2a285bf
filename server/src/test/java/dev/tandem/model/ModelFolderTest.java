package dev.tandem.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderTest {

    @TempDir
    Path temp;

    private Path folder;

    @BeforeEach
    void buildATinyModel() throws IOException {
        folder = TinySavedModels.constantOutputs(temp.resolve("tiny"), 4, new float[] {0.1f, 0.2f, 0.7f});
        writeManifest(4, "image", "scores", 3, List.of(0, 1, 2));
    }

    private void writeManifest(int side, String input, String output, int outputs, List<Integer> lastIndices)
            throws IOException {
        TinySavedModels.writeManifest(folder, TinySavedModels.manifest("tiny", side, input, output, outputs,
                ModelManifest.Reduction.MEAN, List.of(new ModelManifest.Category("all", lastIndices))));
    }

    private InvalidModelException refused() {
        return assertThrows(InvalidModelException.class, () -> ModelFolder.read(folder));
    }

    @Test
    void aWellFormedFolderIsReadAndRuns() {
        ModelFolder model = ModelFolder.read(folder).verify(TinySavedModels.ENGINES);

        assertEquals("tiny", model.manifest().name());
        assertEquals(64, model.contentHash().length());
    }

    @Test
    void theManifestSurvivesARoundTripThroughJson() {
        ModelManifest manifest = ModelFolder.read(folder).manifest();

        assertEquals(manifest, ManifestJson.read(manifest.toJson()));
    }

    @Test
    void theContentHashChangesWithAnyFileAndOnlyThen() throws IOException {
        String before = ModelFolder.read(folder).contentHash();
        assertEquals(before, ModelFolder.read(folder).contentHash());

        Files.writeString(folder.resolve("README"), "notes");

        assertNotEquals(before, ModelFolder.read(folder).contentHash());
    }

    @Test
    void aFolderWithoutModelJsonIsRefused() throws IOException {
        Files.delete(folder.resolve(ModelFolder.MANIFEST));

        assertEquals("model.json", refused().field());
    }

    @Test
    void modelJsonThatIsNotJsonIsRefused() throws IOException {
        Files.writeString(folder.resolve(ModelFolder.MANIFEST), "{ name: ");

        assertTrue(refused().getMessage().contains("not valid JSON"));
    }

    @Test
    void aMissingFieldIsNamed() throws IOException {
        String json = Files.readString(folder.resolve(ModelFolder.MANIFEST)).replace("\"height\"", "\"heigth\"");
        Files.writeString(folder.resolve(ModelFolder.MANIFEST), json);

        assertEquals("input.height", refused().field());
    }

    @Test
    void anUnknownReductionIsRefusedWithTheAllowedOnes() throws IOException {
        String json = Files.readString(folder.resolve(ModelFolder.MANIFEST))
                .replace("\"reduction\" : \"mean\"", "\"reduction\" : \"max\"");
        Files.writeString(folder.resolve(ModelFolder.MANIFEST), json);

        InvalidModelException refused = refused();
        assertEquals("categories.reduction", refused.field());
        assertTrue(refused.getMessage().contains("mean, sum"), refused.getMessage());
    }

    @Test
    void anOutputIndexBeyondTheOutputIsRefused() throws IOException {
        String json = Files.readString(folder.resolve(ModelFolder.MANIFEST)).replace("[ 0, 1, 2 ]", "[ 0, 3 ]");
        Files.writeString(folder.resolve(ModelFolder.MANIFEST), json);

        assertTrue(refused().getMessage().contains("index 3 is outside the output's 0..2"));
    }

    @Test
    void aFolderWithoutASavedModelIsRefused() throws IOException {
        Files.delete(folder.resolve("saved_model.pb"));

        assertEquals("saved_model.pb", refused().field());
    }

    @Test
    void aFileThatIsNotASavedModelIsRefused() throws IOException {
        Files.writeString(folder.resolve("saved_model.pb"), "this is not a protocol buffer");

        assertTrue(refused().getMessage().contains("not a TensorFlow SavedModel"), refused().getMessage());
    }

    @Test
    void anInputTensorTheSignatureLacksIsRefusedNamingTheOnesItHas() throws IOException {
        writeManifest(4, "pixels", "scores", 3, List.of(0));

        InvalidModelException refused = refused();
        assertEquals("input.tensor", refused.field());
        assertTrue(refused.getMessage().contains("[image]"), refused.getMessage());
    }

    @Test
    void anEmbeddingOutputTheSignatureLacksIsRefusedNamingTheOnesItHas() throws IOException {
        ModelManifest m = ModelFolder.read(folder).manifest();
        TinySavedModels.writeManifest(folder, new ModelManifest(m.name(), m.version(), m.format(), m.signature(),
                m.input(), m.output(), "penultimate", m.reduction(), m.namedMapping(), m.categories(), m.training()));

        InvalidModelException refused = refused();
        assertEquals("outputs.embedding", refused.field());
        assertTrue(refused.getMessage().contains("no output 'penultimate'") && refused.getMessage().contains("[scores]"),
                refused.getMessage());
    }

    @Test
    void anInputSizeTheModelDoesNotTakeIsRefused() throws IOException {
        writeManifest(28, "image", "scores", 3, List.of(0));

        InvalidModelException refused = refused();
        assertEquals("input.tensor", refused.field());
        assertTrue(refused.getMessage().contains("[-1, 4, 4, 1]"), refused.getMessage());
    }

    @Test
    void anOutputSizeTheModelDoesNotProduceIsRefused() throws IOException {
        writeManifest(4, "image", "scores", 10, List.of(0));

        assertEquals("output.tensor", refused().field());
    }

    @Test
    void aSignatureTheModelLacksIsRefused() throws IOException {
        String json = Files.readString(folder.resolve(ModelFolder.MANIFEST))
                .replace("\"serving_default\"", "\"classify\"");
        Files.writeString(folder.resolve(ModelFolder.MANIFEST), json);

        InvalidModelException refused = refused();
        assertEquals("signature", refused.field());
        assertTrue(refused.getMessage().contains("serving_default"), refused.getMessage());
    }

    @Test
    void aModelThatTensorFlowCannotLoadIsRefusedOnVerification() throws IOException {
        Path variables = folder.resolve("variables");
        Files.createDirectories(variables);
        Files.writeString(variables.resolve("variables.index"), "garbage");
        Files.writeString(variables.resolve("variables.data-00000-of-00001"), "garbage");
        ModelFolder model = ModelFolder.read(folder);

        InvalidModelException refused = assertThrows(InvalidModelException.class,
                () -> model.verify(TinySavedModels.ENGINES));
        assertEquals("saved_model.pb", refused.field());
    }
}
