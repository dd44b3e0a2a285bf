package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.app.TestTandem;
import dev.tandem.model.ModelFixtures;
import dev.tandem.upload.Zips;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's model upload (a zip of the folder) takes ONNX and TorchScript folders and refuses broken ones by name. */
class ModelFormatsUploadApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;

    private static TestTandem tandem;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    @Test
    void zipsOfAnOnnxAndATorchScriptFolderAreRegistered() throws Exception {
        var onnx = api.postBytes("/api/models", ADMIN, "application/zip", Zips.of(Zips.folder(ModelFixtures.ONNX, "tiny-onnx/")));
        assertEquals(201, onnx.status(), onnx.body());
        assertEquals("tiny-onnx", onnx.json().get("name").asText());

        var torchScript = api.postBytes("/api/models", ADMIN, "application/zip",
                Zips.of(Zips.folder(ModelFixtures.TORCHSCRIPT, "tiny-torchscript/")));
        assertEquals(201, torchScript.status(), torchScript.body());
        assertEquals(ModelFixtures.CATEGORIES.size(), torchScript.json().get("categories").size());
    }

    @Test
    void aTorchScriptZipWithoutItsModelFileIsRefusedNamingTheFile() throws Exception {
        Map<String, byte[]> entries = Zips.folder(ModelFixtures.TORCHSCRIPT, "broken/");
        entries.remove("broken/model.pt");

        var refused = api.postBytes("/api/models", ADMIN, "application/zip", Zips.of(entries));

        assertEquals(400, refused.status(), refused.body());
        assertEquals("model.pt", refused.json().get("field").asText());
        assertTrue(refused.json().get("error").asText().contains("has no model.pt"), refused.body());
    }
}
