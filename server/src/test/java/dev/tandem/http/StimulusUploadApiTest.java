package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.RepositoryFiles;
import dev.tandem.app.TestTandem;
import dev.tandem.upload.Zips;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stimulus sets uploaded as zips through the console API, listed and previewed; bad uploads refused whole. */
class StimulusUploadApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final String ZIP = "application/zip";

    private static TestTandem tandem;
    private static String base;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        base = tandem.startHttp();
        api = new ApiClient(base);
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Three grey cats and two colour dogs in one top-level folder, with the clutter a Mac adds. */
    private static Map<String, byte[]> petFolders(String top) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(top + "/dogs/dog-b.png", Zips.colourPng(16, 16, 0x996633));
        entries.put(top + "/dogs/dog-a.png", Zips.colourPng(16, 16, 0x663399));
        entries.put(top + "/cats/cat-3.png", Zips.png(16, 30));
        entries.put(top + "/cats/cat-1.png", Zips.png(16, 10));
        entries.put(top + "/cats/cat-2.png", Zips.png(16, 20));
        entries.put(top + "/.DS_Store", text("finder"));
        entries.put("__MACOSX/" + top + "/cats/._cat-1.png", text("resource fork"));
        return entries;
    }

    /** The built-in Fashion-MNIST folder (manifest and images) zipped, with {@code from} replaced by {@code to} in its manifest. */
    private static byte[] fashionMnistZip(String from, String to) {
        Path folder = RepositoryFiles.stimuli().resolve("fashion-mnist");
        Map<String, byte[]> entries = new LinkedHashMap<>(Zips.folder(folder.resolve("images"), "fashion-mnist/images/"));
        try {
            String manifest = Files.readString(folder.resolve("manifest.json"));
            assertTrue(manifest.contains(from), from);
            entries.put("fashion-mnist/manifest.json", text(manifest.replace(from, to)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Zips.of(entries);
    }

    private static int rows(String table) {
        return tandem.dsl().fetchCount(DSL.table(table));
    }

    private static List<String> files(JsonNode images) {
        return IntStream.range(0, images.size()).mapToObj(i -> images.get(i).get("file").asText()).toList();
    }

    /** A refused upload stores nothing and leaves nothing on disk, inside or beside the data folder. */
    private static void assertRefusedWhole(ApiClient.Reply reply, int status, String field, String named,
                                           int setsBefore, int blobsBefore) throws IOException {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(field, reply.json().get("field").asText(), reply.body());
        assertTrue(reply.json().get("error").asText().contains(named), reply.body());
        assertEquals(setsBefore, rows("stimulus_set"));
        assertEquals(blobsBefore, rows("image_blob"));
        Path uploads = tandem.dataDirectory().resolve("uploads");
        if (Files.exists(uploads)) {
            try (Stream<Path> left = Files.list(uploads)) {
                assertEquals(List.of(), left.toList(), "work folders are removed");
            }
        }
        for (Path folder : List.of(uploads, tandem.dataDirectory(), tandem.dataDirectory().getParent())) {
            assertFalse(Files.exists(folder.resolve("evil.png")), folder + "/evil.png");
            assertFalse(Files.exists(folder.resolve("b.png")), folder + "/b.png");
        }
        assertFalse(Files.exists(Path.of("/abs.png")));
    }

    @Test
    void aZipOfClassFoldersImportsWithItsCategoriesAndCounts() throws Exception {
        var created = api.postBytes("/api/stimulus-sets?name=pets&version=1", ADMIN, ZIP, Zips.of(petFolders("pets")));

        assertEquals(201, created.status(), created.body());
        JsonNode set = created.json();
        assertEquals("pets", set.get("name").asText());
        assertEquals("1", set.get("version").asText());
        assertEquals(5, set.get("images").asInt());
        assertEquals("[{\"name\":\"cats\",\"images\":3},{\"name\":\"dogs\",\"images\":2}]", set.get("categories").toString());
        assertFalse(set.get("importedAt").asText().isEmpty());
        JsonNode listed = api.get("/api/stimulus-sets", ADMIN).json();
        assertTrue(listed.findValues("id").contains(set.get("id")));
        JsonNode fashion = listed.get(listed.size() - 1);
        assertEquals("fashion-mnist", fashion.get("name").asText(), "the oldest set comes last");
        assertEquals(300, fashion.get("images").asInt());
        assertEquals("{\"name\":\"T-shirt/top\",\"images\":30}", fashion.get("categories").get(0).toString(),
                "categories in the manifest's label order");
    }

    @Test
    void thePreviewListsASetsImagesByCategoryWithUrlsThatServeThem() throws Exception {
        long id = api.postBytes("/api/stimulus-sets?name=pets-preview&version=1", ADMIN, ZIP, Zips.of(petFolders("p")))
                .json().get("id").asLong();

        JsonNode dogs = api.get("/api/stimulus-sets/" + id + "/images?category=dogs", ADMIN).json();

        assertEquals(List.of("dogs/dog-a.png", "dogs/dog-b.png"), files(dogs), "files in name order");
        assertEquals(3, dogs.get(0).get("index").asInt(), "cats come first, so the first dog is image 3");
        assertEquals("dogs", dogs.get(0).get("category").asText());
        String url = dogs.get(0).get("url").asText();
        assertEquals("/stimuli/" + dogs.get(0).get("sha256").asText() + ".png", url);
        HttpResponse<byte[]> image = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, image.statusCode());
        assertArrayEquals(petFolders("p").get("p/dogs/dog-a.png"), image.body(), "the source image, as uploaded");
        assertEquals(List.of("cats/cat-1.png", "cats/cat-2.png", "cats/cat-3.png", "dogs/dog-a.png", "dogs/dog-b.png"),
                files(api.get("/api/stimulus-sets/" + id + "/images", ADMIN).json()));
        assertEquals(2, api.get("/api/stimulus-sets/" + id + "/images?limit=2", ADMIN).json().size());
    }

    @Test
    void thePreviewShowsFortyEightImagesUnlessAskedAndNamesBadParameters() {
        long fashion = tandem.dsl().fetchOne("SELECT id FROM stimulus_set WHERE name = 'fashion-mnist'").get(0, Long.class);
        String images = "/api/stimulus-sets/" + fashion + "/images";
        assertEquals(48, api.get(images, ADMIN).json().size());
        assertEquals(300, api.get(images + "?limit=500", ADMIN).json().size());
        assertEquals(30, api.get(images + "?category=Bag&limit=500", ADMIN).json().size());
        for (String limit : List.of("0", "501", "ten")) {
            var refused = api.get(images + "?limit=" + limit, ADMIN);
            assertEquals(400, refused.status(), limit);
            assertEquals("limit", refused.json().get("field").asText());
        }
        var category = api.get(images + "?category=Cat", ADMIN);
        assertEquals(400, category.status());
        assertEquals("category", category.json().get("field").asText());
        assertEquals(404, api.get("/api/stimulus-sets/999999/images", ADMIN).status());
        assertEquals("id", api.get("/api/stimulus-sets/x/images", ADMIN).json().get("field").asText());
    }

    @Test
    void uploadingTheSameZipAgainChangesNothing() {
        byte[] zip = Zips.of(petFolders("again"));
        var first = api.postBytes("/api/stimulus-sets?name=pets-again&version=1", ADMIN, ZIP, zip);
        assertEquals(201, first.status(), first.body());
        int sets = rows("stimulus_set");
        int setImages = rows("stimulus_set_image");

        var second = api.postBytes("/api/stimulus-sets?name=pets-again&version=1", ADMIN, ZIP, zip);

        assertEquals(200, second.status(), second.body());
        assertEquals(first.json().get("id"), second.json().get("id"));
        assertEquals(sets, rows("stimulus_set"));
        assertEquals(setImages, rows("stimulus_set_image"));
        Map<String, byte[]> changed = petFolders("again");
        changed.put("again/cats/cat-4.png", Zips.png(16, 40));
        var conflicting = api.postBytes("/api/stimulus-sets?name=pets-again&version=1", ADMIN, ZIP, Zips.of(changed));
        assertEquals(409, conflicting.status(), "other contents under a stored name and version");
        assertEquals("version", conflicting.json().get("field").asText());
    }

    @Test
    void aZipWithAManifestImportsTheSetItDescribes() {
        var created = api.postBytes("/api/stimulus-sets", ADMIN, ZIP,
                fashionMnistZip("\"name\": \"fashion-mnist\"", "\"name\": \"fashion-mnist-copy\""));

        assertEquals(201, created.status(), created.body());
        assertEquals("fashion-mnist-copy", created.json().get("name").asText());
        assertEquals(300, created.json().get("images").asInt());
        assertEquals(10, created.json().get("categories").size());
        assertEquals(30, created.json().get("categories").get(9).get("images").asInt());

        var builtIn = api.postBytes("/api/stimulus-sets?name=fashion-mnist&version=1", ADMIN, ZIP,
                fashionMnistZip("\"version\": \"1\"", "\"version\": \"1\""));
        assertEquals(200, builtIn.status(), "the identical set is stored already: " + builtIn.body());
        var disagreeing = api.postBytes("/api/stimulus-sets?name=other", ADMIN, ZIP,
                fashionMnistZip("\"version\": \"1\"", "\"version\": \"1\""));
        assertEquals(400, disagreeing.status());
        assertEquals("name", disagreeing.json().get("field").asText());
    }

    @Test
    void classFoldersNeedANameAndAVersion() {
        byte[] zip = Zips.of(petFolders("unnamed"));
        var noName = api.postBytes("/api/stimulus-sets?version=1", ADMIN, ZIP, zip);
        assertEquals(400, noName.status());
        assertEquals("name", noName.json().get("field").asText());
        assertEquals("version", api.postBytes("/api/stimulus-sets?name=unnamed", ADMIN, ZIP, zip).json().get("field").asText());
        var badName = api.postBytes("/api/stimulus-sets?name=Not%20Allowed&version=1", ADMIN, ZIP, zip);
        assertEquals(422, badName.status());
        assertEquals("name", badName.json().get("field").asText());
    }

    @Test
    void entriesThatWouldEscapeTheFolderAreRefusedNamingTheEntry() throws IOException {
        int sets = rows("stimulus_set");
        int blobs = rows("image_blob");
        for (String evil : List.of("../evil.png", "/abs.png", "a\\..\\b.png", "cats/../../evil.png")) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("cats/cat-1.png", Zips.png(16, 10));
            entries.put("dogs/dog-1.png", Zips.png(16, 90));
            entries.put(evil, Zips.png(16, 50));

            var refused = api.postBytes("/api/stimulus-sets?name=escape&version=1", ADMIN, ZIP, Zips.of(entries));

            assertRefusedWhole(refused, 400, "file", "\"" + evil + "\"", sets, blobs);
        }
        var link = api.postBytes("/api/stimulus-sets?name=escape&version=1", ADMIN, ZIP,
                Zips.withSymlink("cats/passwd.png", "/etc/passwd"));
        assertRefusedWhole(link, 400, "file", "\"cats/passwd.png\" is a symbolic link", sets, blobs);
    }

    @Test
    void aCorruptPngAndATextFileNamedPngAreRefusedNamingTheFile() throws IOException {
        int sets = rows("stimulus_set");
        int blobs = rows("image_blob");
        byte[] png = Zips.png(16, 10);
        Map<String, byte[]> bad = Map.of(
                "cats/truncated.png", java.util.Arrays.copyOf(png, png.length / 2),
                "cats/notes.png", text("this is not an image"),
                "cats/readme.txt", text("a class folder holds images only"));
        for (var file : bad.entrySet()) {
            Map<String, byte[]> entries = new LinkedHashMap<>(petFolders("broken"));
            entries.put("broken/" + file.getKey(), file.getValue());

            var refused = api.postBytes("/api/stimulus-sets?name=broken&version=1", ADMIN, ZIP, Zips.of(entries));

            assertEquals(422, refused.status(), refused.body());
            assertTrue(refused.json().get("error").asText().startsWith(file.getKey() + ": "), refused.body());
            assertRefusedWhole(refused, 422, refused.json().get("field").asText(), file.getKey(), sets, blobs);
        }
    }

    @Test
    void aBodyThatIsNoZipOrNotLabelledAsOneIsRefused() {
        var notZip = api.postBytes("/api/stimulus-sets?name=x&version=1", ADMIN, ZIP, text("plain text"));
        assertEquals(400, notZip.status());
        assertEquals("body", notZip.json().get("field").asText());
        var json = api.post("/api/stimulus-sets?name=x&version=1", ADMIN, "{}");
        assertEquals(400, json.status());
        assertEquals("Content-Type", json.json().get("field").asText());
    }

    @Test
    void anonymousCallsAreRefused() {
        assertEquals(401, api.postBytes("/api/stimulus-sets?name=pets-anon&version=1", null, ZIP,
                Zips.of(petFolders("anon"))).status());
        assertEquals(401, api.get("/api/stimulus-sets", null).status());
        assertEquals(401, api.get("/api/stimulus-sets/1/images", null).status());
        assertEquals(0, tandem.dsl().fetchCount(DSL.table("stimulus_set"), DSL.field("name").eq("pets-anon")));
    }
}
