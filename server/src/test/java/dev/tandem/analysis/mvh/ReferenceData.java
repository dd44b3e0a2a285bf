package dev.tandem.analysis.mvh;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the published model-vs-human raw data, which is not part of the repository: it lies in
 * {@code shared/reference/model-vs-human/raw-data} beside the checkout (the checkout's parent, or
 * one of its ancestors for a worktree, holds {@code shared/}). Tests that need it are skipped,
 * with this explanation, where it is absent.
 */
final class ReferenceData {

    private static final Path RELATIVE = Path.of("shared", "reference", "model-vs-human", "raw-data");

    private ReferenceData() {
    }

    static Path rawData() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort("model-vs-human reference data not found: no ancestor of "
                + Path.of("").toAbsolutePath() + " holds " + RELATIVE
                + " (it sits beside the checkout as ../shared/reference; it is not committed)");
        throw new AssertionError("unreachable");
    }
}
