package dev.tandem.upload;

import dev.tandem.common.InvalidInputException;
import dev.tandem.stimulus.StimulusManifest;
import dev.tandem.stimulus.StimulusSetException;
import dev.tandem.stimulus.Upscale;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The manifest of a set uploaded without one: a folder per category, named for it, holding that
 * category's images. Categories are in folder-name order, images in file-name order within
 * each. The images themselves are decoded and checked by the import, like any set's.
 */
final class ClassFolderManifest {

    static final String SOURCE = "class-named folders of images uploaded to Tandem";
    static final String LICENCE = "unspecified";
    /** The manifest rule for display.size; a larger image is refused by the import, which names it. */
    private static final int MAX_DISPLAY_SIDE = 4096;

    private ClassFolderManifest() {}

    /**
     * Builds and checks the manifest (by the same rules as a manifest.json) for {@code archive}.
     *
     * @throws InvalidInputException naming {@code name} or {@code version} when either is missing
     * @throws StimulusSetException  naming the file that does not fit the layout, or the field that breaks a rule
     */
    static StimulusManifest build(ExtractedArchive archive, String name, String version) {
        required(name, "name");
        required(version, "version");
        TreeSet<String> categories = new TreeSet<>();
        List<StimulusManifest.Image> images = new ArrayList<>();
        for (String file : archive.files()) {
            String[] segments = file.split("/");
            if (segments.length == 1) {
                throw misplaced(file, "lies outside a class folder: put each image in a folder named for its category, "
                        + "or add a manifest.json" + (archive.strippedFolder() == null ? ""
                        : "; the zip's only top-level folder, \"" + archive.strippedFolder() + "\", was taken for the "
                          + "set's own folder, so it must hold the class folders (at least two)"));
            }
            if (segments.length > 2) {
                throw misplaced(file, "sits in a subfolder of a class folder; class folders hold their images directly");
            }
            if (!isImageName(segments[1])) {
                throw misplaced(file, "is not a .png, .jpg or .jpeg image; class folders hold only images");
            }
            categories.add(segments[0]);
            images.add(new StimulusManifest.Image(file, segments[0], null));
        }
        if (images.isEmpty()) {
            throw new InvalidInputException("body", "the zip holds no images");
        }
        var display = new StimulusManifest.Display(largestSide(archive.root(), archive.files()), Upscale.NEAREST);
        var built = new StimulusManifest(name, version, new StimulusManifest.Source(SOURCE, null, null), LICENCE,
                List.copyOf(categories), display, images);
        return StimulusManifest.parse(built.canonicalJson(), null); // the rules every manifest.json obeys
    }

    private static void required(String value, String field) {
        if (value == null) {
            throw new InvalidInputException(field, field + " is required: the zip has no manifest.json, so the set's "
                    + field + " comes from ?" + field + "=");
        }
    }

    private static StimulusSetException misplaced(String file, String why) {
        return new StimulusSetException(StimulusSetException.Kind.INVALID, file, "file", file + ": " + why, null);
    }

    private static boolean isImageName(String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
    }

    /**
     * The default display size: the largest side among the images, read from their headers (a
     * file that cannot be read is left to the import, which refuses it naming the file).
     */
    private static int largestSide(Path root, List<String> files) {
        int largest = 1;
        for (String file : files) {
            try (ImageInputStream input = ImageIO.createImageInputStream(root.resolve(file).toFile())) {
                Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
                if (readers == null || !readers.hasNext()) {
                    continue;
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(input, true, true);
                    largest = Math.max(largest, Math.max(reader.getWidth(0), reader.getHeight(0)));
                } finally {
                    reader.dispose();
                }
            } catch (IOException | RuntimeException e) {
                // refused with its name by the import's decoder
            }
        }
        return Math.min(largest, MAX_DISPLAY_SIDE);
    }
}
