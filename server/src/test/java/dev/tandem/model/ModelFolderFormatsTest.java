package dev.tandem.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken ONNX and TorchScript folders are refused with the problem named, before and when loading. */
class ModelFolderFormatsTest {

    @TempDir
    Path temp;

    private Path copy(Path fixture) throws IOException {
        Path folder = temp.resolve(fixture.getFileName());
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
        return folder;
    }

    private static void edit(Path folder, String from, String to) throws IOException {
        Path manifest = folder.resolve("model.json");
        String text = Files.readString(manifest);
        assertTrue(text.contains(from), from);
        Files.writeString(manifest, text.replace(from, to));
    }

    private static InvalidModelException refused(Path folder) {
        return assertThrows(InvalidModelException.class, () -> ModelFolder.read(folder));
    }

    @Test
    void anOnnxFolderWithoutItsModelFileIsRefused() throws IOException {
        Path folder = copy(ModelFixtures.ONNX);
        Files.delete(folder.resolve("model.onnx"));

        InvalidModelException error = refused(folder);
        assertEquals("model.onnx", error.field());
        assertTrue(error.getMessage().contains("has no model.onnx"), error.getMessage());
    }

    @Test
    void bytesThatAreNotAnOnnxGraphAreRefused() throws IOException {
        Path folder = copy(ModelFixtures.ONNX);
        Files.write(folder.resolve("model.onnx"), new byte[] {(byte) 0xff, (byte) 0xff, 0x01, 0x02, 0x03});

        assertEquals("model.onnx", refused(folder).field());
    }

    @Test
    void anOnnxInputOrOutputThatTheGraphLacksIsNamedWithWhatItHas() throws IOException {
        Path folder = copy(ModelFixtures.ONNX);
        edit(folder, "\"tensor\": \"image\"", "\"tensor\": \"pixels\"");
        InvalidModelException input = refused(folder);
        assertEquals("input.tensor", input.field());
        assertTrue(input.getMessage().contains("its input is 'image'"), input.getMessage());

        edit(folder, "\"tensor\": \"pixels\"", "\"tensor\": \"image\"");
        edit(folder, "\"embedding\": \"embedding\"", "\"embedding\": \"penultimate\"");
        InvalidModelException embedding = refused(folder);
        assertEquals("outputs.embedding", embedding.field());
        assertTrue(embedding.getMessage().contains("[logits, embedding]"), embedding.getMessage());
    }

    @Test
    void anOnnxInputShapeOtherThanDeclaredIsRefused() throws IOException {
        Path folder = copy(ModelFixtures.ONNX);
        edit(folder, "\"height\": 32", "\"height\": 64");

        InvalidModelException error = refused(folder);
        assertEquals("input.tensor", error.field());
        assertTrue(error.getMessage().contains("[-1, 3, 32, 32]"), error.getMessage());
    }

    @Test
    void aModelPtThatIsNoTorchScriptArchiveIsRefused() throws IOException {
        Path folder = copy(ModelFixtures.TORCHSCRIPT);
        Files.writeString(folder.resolve("model.pt"), "not a zip");

        InvalidModelException error = refused(folder);
        assertEquals("model.pt", error.field());
        assertTrue(error.getMessage().contains("torch.jit.save"), error.getMessage());
    }

    @Test
    void aTorchScriptOutputTheModuleDoesNotReturnIsRefusedWhenVerified() throws IOException {
        Path folder = copy(ModelFixtures.TORCHSCRIPT);
        edit(folder, "\"embedding\": \"embedding\"", "\"embedding\": \"features\"");
        ModelFolder read = ModelFolder.read(folder); // TorchScript declares no outputs before it runs

        InvalidModelException error = assertThrows(InvalidModelException.class, () -> read.verify(TinySavedModels.ENGINES));
        assertEquals("outputs.embedding", error.field());
        assertTrue(error.getMessage().contains("'features'") && error.getMessage().contains("logits"), error.getMessage());
    }

    @Test
    void anUnknownFormatIsRefusedWithTheThreeKnownOnes() throws IOException {
        Path folder = copy(ModelFixtures.ONNX);
        edit(folder, "\"format\": \"onnx\"", "\"format\": \"keras\"");

        InvalidModelException error = refused(folder);
        assertEquals("format", error.field());
        assertTrue(error.getMessage().contains("tensorflow-saved-model, onnx, torchscript"), error.getMessage());
    }
}
