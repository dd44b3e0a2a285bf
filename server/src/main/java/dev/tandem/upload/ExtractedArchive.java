package dev.tandem.upload;

import java.nio.file.Path;
import java.util.List;

/**
 * What a zip unpacked to: the folder and its files' paths relative to it ({@code /}-separated,
 * sorted), after ignored clutter was left out and a single top-level folder stripped.
 */
record ExtractedArchive(Path root, List<String> files) {

    ExtractedArchive {
        files = List.copyOf(files);
    }

    boolean contains(String file) {
        return files.contains(file);
    }
}
