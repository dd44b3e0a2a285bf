package dev.tandem.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkFolderTest {

    @TempDir
    Path parent;

    private Path folder(String name, Duration age) throws IOException {
        Path folder = Files.createDirectories(parent.resolve(name));
        Files.writeString(folder.resolve("upload.zip"), "bytes");
        Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minus(age)));
        return folder;
    }

    @Test
    void onlyWorkFoldersLeftLongAgoAreRemoved() throws IOException {
        Path crashed = folder(".upload-old", Duration.ofDays(2));
        Path inProgress = folder(".upload-new", Duration.ofMinutes(5));
        Path model = folder("4f2a-a-registered-model", Duration.ofDays(30));

        assertEquals(1, WorkFolder.removeStale(parent, ".upload-", Duration.ofDays(1)));

        assertFalse(Files.exists(crashed));
        assertTrue(Files.exists(inProgress), "another instance may still be unpacking into it");
        assertTrue(Files.exists(model), "only folders with the work prefix are touched");
        assertEquals(0, WorkFolder.removeStale(parent.resolve("missing"), ".upload-", Duration.ofDays(1)));
    }
}
