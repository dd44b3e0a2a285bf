package dev.tandem.upload;

import dev.tandem.account.Principal;
import dev.tandem.common.InvalidInputException;
import dev.tandem.stimulus.StimulusManifest;
import dev.tandem.stimulus.StimulusService;
import dev.tandem.stimulus.StimulusSet;
import dev.tandem.stimulus.StimulusSetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Imports a stimulus set sent as a zip: either a set folder with its {@code manifest.json}, or
 * class-named folders of images (see {@link ClassFolderManifest}). The zip is received and
 * unpacked safely into a work folder, then imported by {@link StimulusService#importSet}, which
 * decodes every image and stores all of the set or nothing. The work folder is always removed.
 */
public final class StimulusSetUpload {

    /** The set as stored, and whether this upload stored it (false: the identical set was there). */
    public record Imported(StimulusSet set, boolean created) {}

    /** As the import's own limit: a manifest is text and need not be large. */
    private static final long MAX_MANIFEST_BYTES = 16L * 1024 * 1024;

    private static final String WORK_PREFIX = "stimulus-set-";

    private final StimulusService stimuli;
    private final UploadLimits limits;
    private final Path workRoot;

    /** @param workRoot where uploads are unpacked while they are checked, e.g. {@code DATA_DIR/uploads} */
    public StimulusSetUpload(StimulusService stimuli, UploadLimits limits, Path workRoot) {
        this.stimuli = stimuli;
        this.limits = limits;
        this.workRoot = workRoot;
    }

    /**
     * Imports the zipped set in {@code body}. Without a manifest, {@code name} and {@code version}
     * name the set; with one, they may be left out and must otherwise agree with it. A name
     * belongs to the account that first uploaded it (see {@link StimulusService#importSet(Path, Principal)}).
     *
     * @throws UploadTooLargeException  over a size limit
     * @throws UnsafeEntryException     for an entry that may not be unpacked
     * @throws InvalidInputException    for a missing or contradicting name or version, or a body that is no zip
     * @throws StimulusSetException     naming the file (and field) that the import refuses
     */
    public Imported importZip(UploadBody body, String name, String version, Principal uploader) {
        String givenName = blankToNull(name);
        String givenVersion = blankToNull(version);
        try (WorkFolder work = WorkFolder.createIn(workRoot, WORK_PREFIX)) {
            SpooledZip zip = SpooledZip.write(body, limits.maxUploadBytes(), work.resolve("upload.zip"));
            ExtractedArchive archive = SafeZipExtractor.extract(zip.file(), work.resolve("set"), limits);
            Files.delete(zip.file()); // no longer needed; frees its disk space during the import
            if (archive.contains(StimulusManifest.FILE_NAME)) {
                StimulusManifest manifest = uploadedManifest(archive.root());
                mustAgree(manifest.name(), givenName, "name");
                mustAgree(manifest.version(), givenVersion, "version");
                return importSet(archive.root(), manifest, uploader);
            }
            StimulusManifest manifest = ClassFolderManifest.build(archive, givenName, givenVersion);
            Path manifestFile = archive.root().resolve(StimulusManifest.FILE_NAME);
            if (Files.exists(manifestFile)) {
                throw new StimulusSetException(StimulusSetException.Kind.INVALID, StimulusManifest.FILE_NAME,
                        "file", StimulusManifest.FILE_NAME + ": must be a file, not a folder", null);
            }
            Files.write(manifestFile, manifest.prettyJson());
            try {
                return importSet(archive.root(), manifest, uploader);
            } catch (StimulusSetException e) {
                throw withFileField(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Imported importSet(Path folder, StimulusManifest manifest, Principal uploader) {
        boolean existed = stimuli.find(manifest.name(), manifest.version()).isPresent();
        return new Imported(stimuli.importSet(folder, uploader), !existed);
    }

    /** Without a manifest of their own, "images[3].file" means nothing to the uploader; the file's name does. */
    private static StimulusSetException withFileField(StimulusSetException e) {
        if (e.kind() != StimulusSetException.Kind.INVALID || e.file() == null || e.field() == null
                || !e.field().startsWith("images[")) {
            return e;
        }
        return new StimulusSetException(e.kind(), e.file(), "file", e.getMessage(), e);
    }

    private static StimulusManifest uploadedManifest(Path root) throws IOException {
        Path file = root.resolve(StimulusManifest.FILE_NAME);
        if (Files.size(file) > MAX_MANIFEST_BYTES) {
            throw new StimulusSetException(StimulusSetException.Kind.INVALID, StimulusManifest.FILE_NAME, null,
                    StimulusManifest.FILE_NAME + ": is larger than " + MAX_MANIFEST_BYTES + " bytes", null);
        }
        return StimulusManifest.parse(Files.readAllBytes(file), StimulusManifest.FILE_NAME);
    }

    private static void mustAgree(String inManifest, String given, String field) {
        if (given != null && !given.equals(inManifest)) {
            throw new InvalidInputException(field, "the zip's manifest.json gives " + field + " \"" + inManifest
                    + "\", not \"" + given + "\"; leave ?" + field + "= out or make them agree");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Removes work folders that a crash left behind a day or more ago; returns how many. */
    public int removeStaleWork() {
        return WorkFolder.removeStale(workRoot, WORK_PREFIX, Duration.ofDays(1));
    }
}
