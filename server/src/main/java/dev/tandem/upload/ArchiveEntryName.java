package dev.tandem.upload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A zip entry's name, checked so that unpacking it cannot write outside the target folder
 * ("zip slip"): relative, forward slashes only, no {@code ..} segment, no drive letter or other
 * colon, no NUL or control character. {@code .} segments, which some zip tools write, are dropped.
 *
 * @param path      the checked relative path, segments joined by {@code /}, no trailing slash
 * @param directory whether the entry is a folder (its name ended in {@code /})
 * @param ignorable clutter that operating systems add and nobody means to upload: {@code __MACOSX/},
 *                  {@code .DS_Store}, {@code Thumbs.db}, {@code desktop.ini} and any dot-file or dot-folder
 */
public record ArchiveEntryName(String path, boolean directory, boolean ignorable) {

    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);
    private static final Set<String> CLUTTER = Set.of("__MACOSX", "Thumbs.db", "desktop.ini");
    private static final int MAX_SEGMENT_CHARS = 255;

    /**
     * Checks {@code entry} as the zip spells it.
     *
     * @throws UnsafeEntryException naming the entry and what is wrong with it
     */
    public static ArchiveEntryName parse(String entry) {
        if (entry == null || entry.isEmpty()) {
            throw new UnsafeEntryException("", "has no name");
        }
        if (entry.indexOf('\0') >= 0) {
            throw new UnsafeEntryException(entry, "contains a NUL character");
        }
        if (entry.chars().anyMatch(Character::isISOControl)) {
            throw new UnsafeEntryException(entry, "contains a control character");
        }
        if (entry.indexOf('\\') >= 0) {
            throw new UnsafeEntryException(entry, "contains a backslash; zip paths use forward slashes "
                    + "and must stay inside the upload");
        }
        if (entry.startsWith("/")) {
            throw new UnsafeEntryException(entry, "is an absolute path; paths must be relative to the upload");
        }
        if (DRIVE_LETTER.matcher(entry).matches()) {
            throw new UnsafeEntryException(entry, "starts with a drive letter; paths must be relative to the upload");
        }
        if (entry.indexOf(':') >= 0) {
            throw new UnsafeEntryException(entry, "contains a colon, which names a drive or stream on Windows");
        }
        boolean directory = entry.endsWith("/");
        String body = directory ? entry.substring(0, entry.length() - 1) : entry;
        List<String> segments = new ArrayList<>();
        for (String segment : body.split("/", -1)) {
            if (segment.equals("..")) {
                throw new UnsafeEntryException(entry, "has a '..' segment; paths must stay inside the upload");
            }
            if (segment.isEmpty()) {
                throw new UnsafeEntryException(entry, "has an empty path segment");
            }
            if (segment.length() > MAX_SEGMENT_CHARS) {
                throw new UnsafeEntryException(entry, "has a name longer than " + MAX_SEGMENT_CHARS + " characters");
            }
            if (!segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            // "./" alone: the upload's own folder
            return new ArchiveEntryName("", true, true);
        }
        String path = String.join("/", segments);
        Path normalized = Path.of(path).normalize();
        if (normalized.isAbsolute() || !normalized.toString().equals(path)) { // defence in depth
            throw new UnsafeEntryException(entry, "does not name a plain relative path");
        }
        return new ArchiveEntryName(path, directory, segments.stream().anyMatch(ArchiveEntryName::isClutter));
    }

    /** The path without its first segment, for stripping a single top-level folder. */
    ArchiveEntryName withoutFirstSegment() {
        int slash = path.indexOf('/');
        return new ArchiveEntryName(slash < 0 ? "" : path.substring(slash + 1), directory, ignorable);
    }

    String firstSegment() {
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }

    private static boolean isClutter(String segment) {
        return segment.startsWith(".") || CLUTTER.contains(segment);
    }
}
