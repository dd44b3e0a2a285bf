package dev.tandem.upload;

import java.nio.file.Path;
import java.util.List;

/**
 * What a zip unpacked to: the folder and its files' paths relative to it ({@code /}-separated,
 * sorted), after ignored clutter was left out and a single top-level folder stripped.
 *
 * @param strippedFolder the name of that single top-level folder, or null when there was none
 */
record ExtractedArchive(Path root, List<String> files, String strippedFolder) {

    ExtractedArchive {
        files = List.copyOf(files);
    }

    boolean contains(String file) {
        return files.contains(file);
    }
}
