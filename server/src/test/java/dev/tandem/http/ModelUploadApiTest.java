package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.RepositoryFiles;
import dev.tandem.app.TestTandem;
import dev.tandem.common.Hashes;
import dev.tandem.upload.Zips;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Models registered by uploading a zip of their folder; refused models leave no folder and no row. */
class ModelUploadApiTest {

    private static final Path DEMO_MODEL = RepositoryFiles.stimuli().resolve("fashion-mnist/models/fashion-cnn");
    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final String ZIP = "application/zip";

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

    /** The demo model's folder as zipping it gives, with {@code from} replaced by {@code to} in its model.json. */
    private static Map<String, byte[]> demoModel(String from, String to) throws IOException {
        Map<String, byte[]> entries = Zips.folder(DEMO_MODEL, "fashion-cnn/");
        String manifest = Files.readString(DEMO_MODEL.resolve("model.json"));
        assertTrue(manifest.contains(from), from);
        entries.put("fashion-cnn/model.json", manifest.replace(from, to).getBytes(StandardCharsets.UTF_8));
        return entries;
    }

    private static Path models() {
        return tandem.dataDirectory().resolve("models");
    }

    private static List<String> modelFolders() throws IOException {
        if (!Files.exists(models())) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(models())) {
            return folders.map(folder -> folder.getFileName().toString()).sorted().toList();
        }
    }

    private static int rows() {
        return tandem.dsl().fetchCount(DSL.table("model"));
    }

    @Test
    void aZippedModelFolderRegistersThroughUpload() throws IOException {
        byte[] zip = Zips.of(demoModel("\"version\" : \"1\"", "\"version\" : \"2-uploaded\""));

        var created = api.postBytes("/api/models", ADMIN, ZIP, zip);

        assertEquals(201, created.status(), created.body());
        JsonNode model = created.json();
        assertEquals("fashion-cnn", model.get("name").asText());
        assertEquals("2-uploaded", model.get("version").asText());
        assertEquals(10, model.get("categories").size());
        Path folder = models().resolve(Hashes.sha256Hex(zip));
        assertEquals(folder.toRealPath().toString(), Path.of(model.get("folder").asText()).toRealPath().toString(),
                "unpacked into DATA_DIR/models/<SHA-256 of the zip>, its top-level folder stripped");
        assertTrue(Files.isRegularFile(folder.resolve("saved_model.pb")));
        assertTrue(api.get("/api/models", ADMIN).json().findValues("id").contains(model.get("id")));

        var again = api.postBytes("/api/models", ADMIN, ZIP, zip);
        assertEquals(200, again.status(), again.body());
        assertEquals(model.get("id"), again.json().get("id"));
    }

    @Test
    void theDemoModelZippedAsItIsIsTheModelAlreadyRegistered() throws IOException {
        JsonNode builtIn = null;
        for (JsonNode model : api.get("/api/models", ADMIN).json()) {
            if (model.get("version").asText().equals("1")) {
                builtIn = model;
            }
        }
        byte[] zip = Zips.of(Zips.folder(DEMO_MODEL, "fashion-cnn/"));

        var registered = api.postBytes("/api/models", ADMIN, ZIP, zip);

        assertEquals(200, registered.status(), registered.body());
        assertEquals(builtIn.get("contentSha256"), registered.json().get("contentSha256"));
        assertEquals(builtIn.get("id"), registered.json().get("id"));
    }

    @Test
    void aZipWithoutModelJsonIsRefusedAndLeavesNothing() throws IOException {
        int before = rows();
        List<String> folders = modelFolders();
        Map<String, byte[]> entries = Zips.folder(DEMO_MODEL, "fashion-cnn/");
        entries.remove("fashion-cnn/model.json");

        var refused = api.postBytes("/api/models", ADMIN, ZIP, Zips.of(entries));

        assertEquals(400, refused.status(), refused.body());
        assertEquals("model.json", refused.json().get("field").asText());
        assertTrue(refused.json().get("error").asText().contains("no model.json"), refused.body());
        assertEquals(before, rows());
        assertEquals(folders, modelFolders());
    }

    @Test
    void aModelJsonThatContradictsTheSavedModelIsRefusedAndItsFolderRemoved() throws IOException {
        int before = rows();
        List<String> folders = modelFolders();

        var refused = api.postBytes("/api/models", ADMIN, ZIP,
                Zips.of(demoModel("\"size\" : 10", "\"size\" : 11")));

        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.json().get("error").asText().contains("output"), refused.body());
        assertEquals(before, rows());
        assertEquals(folders, modelFolders(), "the unpacked folder is deleted");
    }

    @Test
    void anEscapingEntryInAModelZipIsRefusedNamingIt() throws IOException {
        List<String> folders = modelFolders();
        Map<String, byte[]> entries = new LinkedHashMap<>(Zips.folder(DEMO_MODEL, ""));
        entries.put("../../evil.pb", new byte[] {1, 2, 3});

        var refused = api.postBytes("/api/models", ADMIN, ZIP, Zips.of(entries));

        assertEquals(400, refused.status(), refused.body());
        assertEquals("file", refused.json().get("field").asText());
        assertTrue(refused.json().get("error").asText().contains("\"../../evil.pb\""), refused.body());
        assertEquals(folders, modelFolders());
        assertTrue(Files.notExists(tandem.dataDirectory().resolve("evil.pb")));
        assertTrue(Files.notExists(tandem.dataDirectory().getParent().resolve("evil.pb")));
    }

    @Test
    void anonymousUploadsAreRefused() throws IOException {
        int before = rows();
        assertEquals(401, api.postBytes("/api/models", null, ZIP, Zips.of(Zips.folder(DEMO_MODEL, "m/"))).status());
        assertEquals(before, rows());
    }

    @Test
    void aFolderOnTheServerCanStillBeRegisteredAsJson() {
        var registered = api.post("/api/models", ADMIN, "{\"folder\": \"" + DEMO_MODEL.toString().replace("\\", "\\\\") + "\"}");
        assertEquals(200, registered.status(), registered.body());
        assertEquals("fashion-cnn", registered.json().get("name").asText());
    }
}
