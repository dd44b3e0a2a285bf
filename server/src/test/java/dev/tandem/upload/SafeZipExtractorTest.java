package dev.tandem.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.common.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeZipExtractorTest {

    private static final UploadLimits LIMITS = new UploadLimits(1 << 20, 4 << 20, 100);

    @TempDir
    Path temporary;

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private Path zipFile(byte[] zip) throws IOException {
        return Files.write(temporary.resolve("upload.zip"), zip);
    }

    private ExtractedArchive extract(byte[] zip) throws IOException {
        return SafeZipExtractor.extract(zipFile(zip), temporary.resolve("out"), LIMITS);
    }

    /** Every path below the temporary folder, other than the zip itself. */
    private List<String> writtenFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(temporary)) {
            return paths.filter(p -> !p.equals(temporary) && !p.getFileName().toString().equals("upload.zip"))
                    .map(p -> temporary.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aSingleTopLevelFolderIsUnpackedFromInside() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("my-set/", new byte[0]);
        entries.put("my-set/cats/cat-1.png", text("cat"));
        entries.put("my-set/dogs/dog-1.png", text("dog"));
        ExtractedArchive archive = extract(Zips.of(entries));
        assertEquals(List.of("cats/cat-1.png", "dogs/dog-1.png"), archive.files());
        assertArrayEquals(text("dog"), Files.readAllBytes(archive.root().resolve("dogs/dog-1.png")));
    }

    @Test
    void severalTopLevelEntriesKeepTheirLayout() throws IOException {
        ExtractedArchive archive = extract(Zips.of(Map.of("cats/cat-1.png", text("cat"), "manifest.json", text("{}"))));
        assertEquals(List.of("cats/cat-1.png", "manifest.json"), archive.files());
    }

    @Test
    void operatingSystemClutterIsLeftOut() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("set/cats/cat-1.png", text("cat"));
        entries.put("__MACOSX/set/cats/._cat-1.png", text("resource fork"));
        entries.put("set/.DS_Store", text("finder"));
        entries.put("set/cats/Thumbs.db", text("explorer"));
        ExtractedArchive archive = extract(Zips.of(entries));
        assertEquals(List.of("cats/cat-1.png"), archive.files(), "clutter does not stop the top folder being stripped");
        assertFalse(Files.exists(archive.root().resolve(".DS_Store")));
    }

    @Test
    void anEntryThatEscapesRefusesTheWholeZipBeforeAnythingIsWritten() throws IOException {
        for (String evil : List.of("../evil.png", "/abs.png", "a\\..\\b.png", "cats/../../evil.png")) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("cats/cat-1.png", text("cat"));
            entries.put(evil, text("evil"));
            var refused = assertThrows(UnsafeEntryException.class, () -> extract(Zips.of(entries)));
            assertTrue(refused.getMessage().contains("\"" + evil + "\""), refused.getMessage());
            assertEquals(List.of(), writtenFiles(), "nothing written, not even the good entry");
            Files.delete(temporary.resolve("upload.zip"));
        }
        assertFalse(Files.exists(temporary.getParent().resolve("evil.png")));
    }

    @Test
    void symbolicLinksAreRefused() throws IOException {
        var refused = assertThrows(UnsafeEntryException.class,
                () -> extract(Zips.withSymlink("cats/passwd.png", "/etc/passwd")));
        assertTrue(refused.getMessage().contains("\"cats/passwd.png\" is a symbolic link"), refused.getMessage());
        assertEquals(List.of(), writtenFiles());
    }

    @Test
    void aZipBombIsRefusedNamingTheEntry() throws IOException {
        byte[] bomb = Zips.bomb("cats/bomb.png", 16L << 20);
        assertTrue(bomb.length < 64 * 1024, "16 MiB of zeros deflate to " + bomb.length + " bytes");
        var refused = assertThrows(UploadTooLargeException.class, () -> extract(bomb));
        assertEquals("file", refused.field());
        assertTrue(refused.getMessage().contains("\"cats/bomb.png\""), refused.getMessage());
        assertTrue(refused.getMessage().contains("zip bomb"), refused.getMessage());
    }

    @Test
    void aZipBombWhoseIndexUnderstatesItsSizeIsStoppedByCountingTheBytes() throws IOException {
        byte[] bomb = Zips.bomb("cats/bomb.png", 16L << 20);
        int central = lastIndexOf(bomb, new byte[] {0x50, 0x4b, 0x01, 0x02}); // the central directory entry
        bomb[central + 24] = 100; // uncompressed size: 100 bytes, says the index
        bomb[central + 25] = 0;
        bomb[central + 26] = 0;
        bomb[central + 27] = 0;
        var refused = assertThrows(UploadTooLargeException.class, () -> extract(bomb));
        assertTrue(refused.getMessage().contains("zip bomb"), refused.getMessage());
    }

    private static int lastIndexOf(byte[] bytes, byte[] pattern) {
        for (int i = bytes.length - pattern.length; i >= 0; i--) {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i <= LIMITS.maxEntries(); i++) {
            entries.put("cats/cat-" + i + ".png", text("cat"));
        }
        var refused = assertThrows(UploadTooLargeException.class, () -> extract(Zips.of(entries)));
        assertTrue(refused.getMessage().contains("101 entries"), refused.getMessage());
    }

    @Test
    void anEntryTwiceIsRefused() throws IOException {
        byte[] zip = Zips.of(Map.of("cats/cat-1.png", text("a")));
        // java.util.zip will not write one name twice; "./" spells the same path another way
        byte[] twice = Zips.of(Map.of("cats/cat-1.png", text("a"), "cats/./cat-1.png", text("b")));
        assertEquals(1, extract(zip).files().size());
        Files.delete(temporary.resolve("upload.zip"));
        WorkFolder.deleteTree(temporary.resolve("out"));
        var refused = assertThrows(UnsafeEntryException.class, () -> extract(twice));
        assertTrue(refused.getMessage().contains("appears twice"), refused.getMessage());
    }

    @Test
    void aFileAndAFolderOfTheSameNameAreRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cats", text("a file"));
        entries.put("cats/cat-1.png", text("cat"));
        var refused = assertThrows(UnsafeEntryException.class, () -> extract(Zips.of(entries)));
        assertTrue(refused.getMessage().contains("\"cats/cat-1.png\""), refused.getMessage());
    }

    @Test
    void aBodyThatIsNoZipIsRefused() throws IOException {
        var refused = assertThrows(InvalidInputException.class, () -> extract(text("not a zip at all")));
        assertEquals("body", refused.field());
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        InputStream unreadable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body must not be read");
            }
        };
        var refused = assertThrows(UploadTooLargeException.class, () -> SpooledZip.write(
                new UploadBody(unreadable, LIMITS.maxUploadBytes() + 1), LIMITS.maxUploadBytes(), temporary.resolve("b")));
        assertEquals("body", refused.field());
        assertTrue(refused.getMessage().contains("TANDEM_MAX_UPLOAD_MB"), refused.getMessage());
    }

    @Test
    void aBodyThatStreamsPastTheLimitIsRefusedAndItsPartialFileRemoved() {
        byte[] body = new byte[(int) LIMITS.maxUploadBytes() + 1];
        Path file = temporary.resolve("body.zip");
        assertThrows(UploadTooLargeException.class, () -> SpooledZip.write(
                new UploadBody(new ByteArrayInputStream(body), -1), LIMITS.maxUploadBytes(), file));
        assertFalse(Files.exists(file));
    }

    @Test
    void aSpooledBodyKeepsItsBytesAndTheirHash() throws IOException {
        byte[] body = text("some zip bytes");
        SpooledZip spooled = SpooledZip.write(new UploadBody(new ByteArrayInputStream(body), body.length),
                LIMITS.maxUploadBytes(), temporary.resolve("body.zip"));
        assertArrayEquals(body, Files.readAllBytes(spooled.file()));
        assertEquals(dev.tandem.common.Hashes.sha256Hex(body), spooled.sha256());
        assertEquals(body.length, spooled.bytes());
    }
}
