package dev.tandem.upload;

import dev.tandem.common.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks an uploaded zip into a fresh folder, or refuses it whole. Every entry is checked
 * before the first byte is written: its name ({@link ArchiveEntryName}), its kind (files and
 * folders only, no links or devices), duplicates, the entry count and the declared sizes. While
 * writing, the bytes actually unpacked are counted too, because a zip's declared sizes can lie.
 * Entries are read from the central directory, the index a zip reader trusts.
 */
final class SafeZipExtractor {

    private static final int UNIX_TYPE_MASK = 0170000;
    private static final int UNIX_REGULAR_FILE = 0100000;
    private static final int UNIX_DIRECTORY = 0040000;
    private static final int BUFFER_BYTES = 64 * 1024;

    private record Planned(ZipArchiveEntry entry, ArchiveEntryName name) {}

    private SafeZipExtractor() {}

    /**
     * Unpacks {@code zipFile} into {@code target} (created; must not exist). On any refusal the
     * caller removes {@code target}; nothing is ever written outside it.
     *
     * @throws UnsafeEntryException    naming the first entry that may not be unpacked
     * @throws UploadTooLargeException when the entries are too many or unpack to too many bytes
     * @throws InvalidInputException   when the body is not a readable zip
     */
    static ExtractedArchive extract(Path zipFile, Path target, UploadLimits limits) {
        checkEntryCount(zipFile, limits.maxEntries());
        try (ZipFile zip = open(zipFile)) {
            List<Planned> checked = plan(zip, limits);
            String topFolder = singleTopFolder(checked);
            List<Planned> plan = topFolder == null ? checked : checked.stream()
                    .map(p -> new Planned(p.entry(), p.name().withoutFirstSegment()))
                    .filter(p -> !p.name().path().isEmpty())
                    .toList();
            Path root = Files.createDirectory(target).toRealPath();
            long unpacked = 0;
            List<String> files = new ArrayList<>();
            for (Planned planned : plan) {
                Path out = root.resolve(planned.name().path()).normalize();
                if (!out.startsWith(root)) { // ArchiveEntryName already refused this; never rely on one check
                    throw new UnsafeEntryException(spelled(planned.entry()), "resolves outside the upload folder");
                }
                if (planned.name().directory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    unpacked += write(zip, planned.entry(), out, unpacked, limits.maxExtractedBytes());
                    files.add(planned.name().path());
                }
            }
            Collections.sort(files);
            return new ExtractedArchive(root, files, topFolder);
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking the upload failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the entry count before building an object per entry: a 256 MiB zip of empty entries
     * holds millions, and the JDK's reader counts them from its compact index.
     */
    private static void checkEntryCount(Path zipFile, int maxEntries) {
        int count;
        try (java.util.zip.ZipFile index = new java.util.zip.ZipFile(zipFile.toFile())) {
            count = index.size();
        } catch (IOException e) {
            throw notAZip(e);
        }
        if (count > maxEntries) {
            throw new UploadTooLargeException("file", "the zip has " + count + " entries; the limit is " + maxEntries);
        }
        if (count == 0) {
            throw new InvalidInputException("body", "the zip is empty");
        }
    }

    private static ZipFile open(Path zipFile) {
        try {
            // names as the zip spells them: no Unicode extra field may stand in for the checked name
            return ZipFile.builder().setPath(zipFile).setCharset(StandardCharsets.UTF_8)
                    .setUseUnicodeExtraFields(false).get();
        } catch (IOException e) {
            throw notAZip(e);
        }
    }

    private static InvalidInputException notAZip(IOException e) {
        return new InvalidInputException("body", "the body is not a zip archive (" + e.getMessage() + ")");
    }

    /** Checks every entry and returns those to unpack, in central-directory order. */
    private static List<Planned> plan(ZipFile zip, UploadLimits limits) {
        List<Planned> plan = new ArrayList<>();
        Map<String, Boolean> isDirectory = new HashMap<>();
        long declared = 0;
        for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
            ArchiveEntryName name = ArchiveEntryName.parse(spelled(entry));
            checkKind(zip, entry);
            if (name.ignorable()) {
                continue;
            }
            Boolean seen = isDirectory.put(name.path(), name.directory());
            if (seen != null && !(seen && name.directory())) {
                throw new UnsafeEntryException(spelled(entry), "appears twice in the zip");
            }
            if (!name.directory() && entry.getSize() > 0) {
                declared += entry.getSize();
                if (declared > limits.maxExtractedBytes()) {
                    throw unpacksTooLarge(entry, limits.maxExtractedBytes());
                }
            }
            plan.add(new Planned(entry, name));
        }
        for (Planned planned : plan) {
            String path = planned.name().path();
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                if (Boolean.FALSE.equals(isDirectory.get(path.substring(0, slash)))) {
                    throw new UnsafeEntryException(spelled(planned.entry()), "lies inside \""
                            + path.substring(0, slash) + "\", which the zip also holds as a file");
                }
            }
        }
        return plan;
    }

    /**
     * The entry's name from its raw bytes: commons-compress turns backslashes into slashes in
     * names written on DOS, and a name that needs that is refused, not reinterpreted.
     */
    static String spelled(ZipArchiveEntry entry) {
        byte[] raw = entry.getRawName();
        return raw == null ? entry.getName() : new String(raw, StandardCharsets.UTF_8);
    }

    private static void checkKind(ZipFile zip, ZipArchiveEntry entry) {
        if (entry.isUnixSymlink()) {
            throw new UnsafeEntryException(spelled(entry), "is a symbolic link; zip the file it points to instead");
        }
        int type = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & UNIX_TYPE_MASK : 0;
        if (type != 0 && type != UNIX_REGULAR_FILE && type != UNIX_DIRECTORY) {
            throw new UnsafeEntryException(spelled(entry), "is not a regular file or folder");
        }
        if (!zip.canReadEntryData(entry)) {
            throw new UnsafeEntryException(spelled(entry), "is encrypted or compressed with a method Tandem cannot "
                    + "read (use deflate or store)");
        }
    }

    /**
     * The one top-level folder every entry sits in ({@code my-set/…}, as zipping a folder gives),
     * whose contents are unpacked as the upload's; null when there is none.
     */
    private static String singleTopFolder(List<Planned> plan) {
        boolean filesNested = plan.stream().anyMatch(p -> !p.name().directory())
                && plan.stream().allMatch(p -> p.name().directory() || p.name().path().contains("/"));
        List<String> tops = plan.stream().map(p -> p.name().firstSegment()).distinct().toList();
        return filesNested && tops.size() == 1 ? tops.get(0) : null;
    }

    /** Unpacks one entry and returns its size, refusing it once all entries so far exceed {@code maxBytes}. */
    private static long write(ZipFile zip, ZipArchiveEntry entry, Path out, long unpackedBefore, long maxBytes)
            throws IOException {
        long written = 0;
        try (InputStream in = zip.getInputStream(entry);
             OutputStream file = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n; (n = read(in, buffer, entry)) >= 0; ) {
                written += n;
                if (unpackedBefore + written > maxBytes) {
                    throw unpacksTooLarge(entry, maxBytes);
                }
                file.write(buffer, 0, n);
            }
        }
        return written;
    }

    /** Corrupt compressed data is the upload's fault (400), unlike a failing disk. */
    private static int read(InputStream in, byte[] buffer, ZipArchiveEntry entry) {
        try {
            return in.read(buffer);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("file", "zip entry \"" + spelled(entry) + "\" cannot be unpacked: "
                    + e.getMessage());
        }
    }

    private static UploadTooLargeException unpacksTooLarge(ZipArchiveEntry entry, long maxBytes) {
        return new UploadTooLargeException("file", "zip entry \"" + spelled(entry) + "\": the upload would unpack to "
                + "more than " + maxBytes + " bytes, the limit for unpacked uploads; a zip that unpacks to far more "
                + "than it weighs is refused as a possible zip bomb");
    }
}
