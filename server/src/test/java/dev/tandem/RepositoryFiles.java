package dev.tandem;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the checkout (the build passes its root as {@code tandem.repo.root}). */
public final class RepositoryFiles {

    private RepositoryFiles() {}

    public static Path root() {
        String configured = System.getProperty("tandem.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    public static Path stimuli() {
        return root().resolve("stimuli");
    }

    /** The shared reference data beside the checkout ({@code ../shared/reference}), if present. */
    public static Path sharedReference() {
        return root().getParent().resolve("shared").resolve("reference");
    }

    public static boolean exists(Path path) {
        return Files.exists(path);
    }
}
