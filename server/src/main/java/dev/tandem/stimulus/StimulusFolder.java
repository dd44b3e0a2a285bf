package dev.tandem.stimulus;

import dev.tandem.common.Hashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stimulus set folder read completely and checked: the manifest parsed, every listed image
 * read, decoded and hashed. Nothing is stored until all of it has passed, so an import either
 * takes the whole set or nothing.
 */
record StimulusFolder(StimulusManifest manifest, List<SourceImage> images, String manifestSha256) {

    static final long MAX_IMAGE_BYTES = 20L * 1024 * 1024;
    static final long MAX_MANIFEST_BYTES = 16L * 1024 * 1024;

    /** One image of the set, as it will be stored: bytes, their SHA-256 and what they are. */
    record SourceImage(StimulusManifest.Image entry, byte[] bytes, String sha256, String mediaType, int width,
                       int height) {
    }

    StimulusFolder {
        images = List.copyOf(images);
    }

    /**
     * Reads {@code folder}.
     *
     * @throws StimulusSetException naming the file (and for the manifest, the field) at fault
     */
    static StimulusFolder read(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        byte[] manifestBytes = readFile(root, StimulusManifest.FILE_NAME, MAX_MANIFEST_BYTES);
        StimulusManifest manifest = StimulusManifest.parse(manifestBytes, StimulusManifest.FILE_NAME);
        List<SourceImage> images = new ArrayList<>();
        for (int i = 0; i < manifest.images().size(); i++) {
            StimulusManifest.Image entry = manifest.images().get(i);
            byte[] bytes = readFile(root, entry.file(), MAX_IMAGE_BYTES);
            ImageDecoder.Decoded decoded;
            try {
                decoded = ImageDecoder.decode(bytes);
            } catch (IOException e) {
                throw StimulusSetException.invalid(entry.file(), "images[" + i + "].file",
                        "cannot be used as an image: it " + e.getMessage(), e);
            }
            int width = decoded.image().getWidth();
            int height = decoded.image().getHeight();
            // any shape: an experiment's display.fit says how it becomes the displayed stimulus (issue 10)
            images.add(new SourceImage(entry, bytes, Hashes.sha256Hex(bytes), decoded.mediaType(), width, height));
        }
        return new StimulusFolder(manifest, images, contentSha256(manifest, images));
    }

    /**
     * The set's identity: SHA-256 of the canonical manifest followed by each image's SHA-256, one
     * a line. Whitespace in manifest.json does not change it; a changed image does.
     */
    static String contentSha256(StimulusManifest manifest, List<SourceImage> images) {
        StringBuilder imageHashes = new StringBuilder();
        images.forEach(image -> imageHashes.append('\n').append(image.sha256()));
        byte[] canonical = manifest.canonicalJson();
        byte[] hashes = imageHashes.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] all = new byte[canonical.length + hashes.length];
        System.arraycopy(canonical, 0, all, 0, canonical.length);
        System.arraycopy(hashes, 0, all, canonical.length, hashes.length);
        return Hashes.sha256Hex(all);
    }

    private static byte[] readFile(Path root, String relative, long limit) {
        Path path = root.resolve(relative).normalize();
        try {
            // a symbolic link could point outside the set folder
            if (!path.startsWith(root) || !path.toRealPath().startsWith(root.toRealPath())) {
                throw StimulusSetException.invalid(relative, null, "lies outside the set folder");
            }
            if (!Files.isRegularFile(path)) {
                throw StimulusSetException.invalid(relative, null, "is not a file");
            }
            long size = Files.size(path);
            if (size > limit) {
                throw StimulusSetException.invalid(relative, null, "is " + size + " bytes; the limit is " + limit);
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw StimulusSetException.invalid(relative, null, "does not exist", e);
        } catch (IOException e) {
            throw StimulusSetException.invalid(relative, null, "cannot be read: " + e.getMessage(), e);
        }
    }
}
