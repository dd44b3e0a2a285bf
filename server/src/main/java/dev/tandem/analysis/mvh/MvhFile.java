package dev.tandem.analysis.mvh;

import java.nio.file.Path;
import java.util.List;

/**
 * One CSV of a model-vs-human dataset (one subject or model, one session).
 *
 * @param dataset the dataset folder's name, e.g. "contrast"
 */
public record MvhFile(Path path, String dataset, List<MvhRow> rows) {

    public String fileName() {
        return path.getFileName().toString();
    }
}
