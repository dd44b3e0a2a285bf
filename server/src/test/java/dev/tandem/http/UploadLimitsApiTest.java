package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.app.TestTandem;
import dev.tandem.upload.Zips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Uploads over the size limits (here 1 MiB, as TANDEM_MAX_UPLOAD_MB=1 sets it) are refused with 413 and store nothing. */
class UploadLimitsApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final String ZIP = "application/zip";

    private static TestTandem tandem;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns(1);
        api = new ApiClient(tandem.startHttp());
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    /** 1.5 MiB that no compression shrinks; it need not be a zip, since it is refused before it is read as one. */
    private static byte[] oversized() {
        byte[] bytes = new byte[3 << 19];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    private static void assertNothingStored(int setsBefore, int modelsBefore) throws IOException {
        assertEquals(setsBefore, tandem.dsl().fetchCount(DSL.table("stimulus_set")));
        assertEquals(modelsBefore, tandem.dsl().fetchCount(DSL.table("model")));
        for (Path folder : List.of(tandem.dataDirectory().resolve("uploads"), tandem.dataDirectory().resolve("models"))) {
            if (Files.exists(folder)) {
                try (Stream<Path> left = Files.list(folder)) {
                    assertEquals(List.of(), left.toList(), folder.toString());
                }
            }
        }
    }

    private static int rows(String table) {
        return tandem.dsl().fetchCount(DSL.table(table));
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedWith413() throws IOException {
        int sets = rows("stimulus_set");
        int models = rows("model");
        for (String path : List.of("/api/stimulus-sets?name=big&version=1", "/api/models")) {
            var refused = api.postBytes(path, ADMIN, ZIP, oversized());

            assertEquals(413, refused.status(), path + ": " + refused.body());
            assertEquals("body", refused.json().get("field").asText());
            assertTrue(refused.json().get("error").asText().contains("TANDEM_MAX_UPLOAD_MB"), refused.body());
        }
        assertNothingStored(sets, models);
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsRefusedWhileItStreams() throws IOException {
        int sets = rows("stimulus_set");
        int models = rows("model");
        for (String path : List.of("/api/stimulus-sets?name=big&version=1", "/api/models")) {
            var refused = api.postChunked(path, ADMIN, ZIP, oversized());

            assertEquals(413, refused.status(), path + ": " + refused.body());
            assertEquals("body", refused.json().get("field").asText());
        }
        assertNothingStored(sets, models);
    }

    @Test
    void aZipBombIsRefusedNamingItsEntry() throws IOException {
        int sets = rows("stimulus_set");
        int models = rows("model");
        byte[] bomb = Zips.bomb("cats/bomb.png", 64L << 20);
        assertTrue(bomb.length < 1 << 20, "64 MiB of zeros zip to " + bomb.length + " bytes, under the limit");
        for (String path : List.of("/api/stimulus-sets?name=bomb&version=1", "/api/models")) {
            var refused = api.postBytes(path, ADMIN, ZIP, bomb);

            assertEquals(413, refused.status(), path + ": " + refused.body());
            assertEquals("file", refused.json().get("field").asText());
            assertTrue(refused.json().get("error").asText().contains("\"cats/bomb.png\""), refused.body());
        }
        assertNothingStored(sets, models);
    }
}
