package dev.tandem.upload;

import dev.tandem.common.InvalidInputException;
import dev.tandem.model.ModelFolder;
import dev.tandem.model.ModelService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Registers a model sent as a zip of its folder (SavedModel and {@code model.json}). The zip is
 * unpacked safely, moved in one step to {@code DATA_DIR/models/<SHA-256 of the zip>/} and
 * registered by {@link ModelService#register}, which checks the SavedModel, runs a test
 * inference and hashes the folder. A refused model leaves no folder behind.
 */
public final class ModelUpload {

    private final ModelService models;
    private final UploadLimits limits;
    private static final String WORK_PREFIX = ".upload-";

    private final Path modelsFolder;

    /** @param modelsFolder where uploaded models live, {@code DATA_DIR/models} */
    public ModelUpload(ModelService models, UploadLimits limits, Path modelsFolder) {
        this.models = models;
        this.limits = limits;
        this.modelsFolder = modelsFolder;
    }

    /**
     * Unpacks and registers the zipped model folder in {@code body}; the same zip again returns
     * the model registered from it.
     *
     * @throws UploadTooLargeException over a size limit
     * @throws UnsafeEntryException    for an entry that may not be unpacked
     * @throws InvalidInputException   naming what is wrong with the zip or the model (model.json, the SavedModel, …)
     */
    public ModelService.Registered registerZip(UploadBody body) {
        // the work folder sits beside the models so that the unpacked folder can be moved in atomically
        try (WorkFolder work = WorkFolder.createIn(modelsFolder, WORK_PREFIX)) {
            SpooledZip zip = SpooledZip.write(body, limits.maxUploadBytes(), work.resolve("upload.zip"));
            Path folder = modelsFolder.resolve(zip.sha256());
            if (Files.isDirectory(folder)) { // this very zip was unpacked and registered before
                return models.register(folder);
            }
            ExtractedArchive archive = SafeZipExtractor.extract(zip.file(), work.resolve("model"), limits);
            if (!archive.contains(ModelFolder.MANIFEST)) {
                throw new InvalidInputException(ModelFolder.MANIFEST, "the zip has no " + ModelFolder.MANIFEST
                        + " at its top (or inside its one top-level folder); a model zip holds model.json and the model"
                        + " its \"format\" names: a SavedModel (saved_model.pb, variables/), model.onnx or model.pt");
            }
            try {
                Files.move(archive.root(), folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                return models.register(folder); // the same zip, uploaded at the same moment
            }
            try {
                return models.register(folder);
            } catch (RuntimeException e) {
                WorkFolder.deleteTree(folder);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes work folders that a crash left behind a day or more ago; returns how many. */
    public int removeStaleWork() {
        return WorkFolder.removeStale(modelsFolder, WORK_PREFIX, Duration.ofDays(1));
    }
}
