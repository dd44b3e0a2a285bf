package dev.tandem.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveEntryNameTest {

    @Test
    void relativePathsInsideTheUploadAreAccepted() {
        assertEquals(new ArchiveEntryName("cats/cat-1.png", false, false), ArchiveEntryName.parse("cats/cat-1.png"));
        assertEquals(new ArchiveEntryName("cats", true, false), ArchiveEntryName.parse("cats/"));
        assertEquals(new ArchiveEntryName("my set/a b.png", false, false), ArchiveEntryName.parse("my set/a b.png"));
        assertEquals(new ArchiveEntryName("a..b/c...png", false, false), ArchiveEntryName.parse("a..b/c...png"),
                "dots inside a name are not a parent segment");
    }

    @Test
    void dotSegmentsThatSomeZipToolsWriteAreDropped() {
        assertEquals("cats/cat-1.png", ArchiveEntryName.parse("./cats/./cat-1.png").path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.png", "cats/../../evil.png", "cats/..", "..", "../"})
    void parentSegmentsAreRefusedNamingTheEntry(String entry) {
        var refused = assertThrows(UnsafeEntryException.class, () -> ArchiveEntryName.parse(entry));
        assertTrue(refused.getMessage().contains("\"" + entry + "\""), refused.getMessage());
        assertTrue(refused.getMessage().contains("'..'"), refused.getMessage());
        assertEquals("file", refused.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs.png", "/etc/passwd", "//server/share/x.png"})
    void absolutePathsAreRefused(String entry) {
        var refused = assertThrows(UnsafeEntryException.class, () -> ArchiveEntryName.parse(entry));
        assertTrue(refused.getMessage().contains("\"" + entry + "\" is an absolute path"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\..\\b.png", "cats\\cat-1.png", "\\abs.png"})
    void backslashesAreRefused(String entry) {
        var refused = assertThrows(UnsafeEntryException.class, () -> ArchiveEntryName.parse(entry));
        assertTrue(refused.getMessage().contains("\"" + entry + "\" contains a backslash"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"C:/evil.png", "c:evil.png", "D:"})
    void driveLettersAreRefused(String entry) {
        var refused = assertThrows(UnsafeEntryException.class, () -> ArchiveEntryName.parse(entry));
        assertTrue(refused.getMessage().contains("drive letter"), refused.getMessage());
    }

    @Test
    void colonsNamingWindowsStreamsAreRefused() {
        var refused = assertThrows(UnsafeEntryException.class, () -> ArchiveEntryName.parse("cats/a.png:hidden"));
        assertTrue(refused.getMessage().contains("colon"), refused.getMessage());
    }

    @Test
    void nulAndControlCharactersAreRefusedAndShownEscaped() {
        var nul = assertThrows(UnsafeEntryException.class, () -> ArchiveEntryName.parse("evil.png\0.txt"));
        assertTrue(nul.getMessage().contains("\"evil.png\\u0000.txt\" contains a NUL character"), nul.getMessage());
        var newline = assertThrows(UnsafeEntryException.class, () -> ArchiveEntryName.parse("a\nb.png"));
        assertTrue(newline.getMessage().contains("control character"), newline.getMessage());
    }

    @Test
    void emptySegmentsAndEmptyNamesAreRefused() {
        assertThrows(UnsafeEntryException.class, () -> ArchiveEntryName.parse("cats//cat.png"));
        assertThrows(UnsafeEntryException.class, () -> ArchiveEntryName.parse(""));
    }

    @Test
    void overlongNamesAreRefused() {
        assertThrows(UnsafeEntryException.class, () -> ArchiveEntryName.parse("cats/" + "a".repeat(256) + ".png"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"__MACOSX/cats/._cat-1.png", ".DS_Store", "cats/.DS_Store", "cats/Thumbs.db",
            "desktop.ini", ".git/config", "cats/.hidden.png", "__MACOSX/"})
    void clutterThatOperatingSystemsAddIsIgnorable(String entry) {
        assertTrue(ArchiveEntryName.parse(entry).ignorable(), entry);
    }

    @Test
    void ordinaryEntriesAreNotIgnorable() {
        assertFalse(ArchiveEntryName.parse("cats/cat-1.png").ignorable());
        assertFalse(ArchiveEntryName.parse("manifest.json").ignorable());
    }
}
