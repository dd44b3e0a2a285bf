package dev.tandem.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A fresh folder for one upload's files, removed with everything in it when closed. */
final class WorkFolder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkFolder.class);

    private final Path path;

    private WorkFolder(Path path) {
        this.path = path;
    }

    /** A new, empty folder inside {@code parent} (created if missing). */
    static WorkFolder createIn(Path parent, String prefix) {
        try {
            Files.createDirectories(parent);
            return new WorkFolder(Files.createTempDirectory(parent, prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder in " + parent, e);
        }
    }

    Path path() {
        return path;
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() {
        deleteTree(path);
    }

    /** Deletes {@code folder} and everything below it; links are removed, never followed. */
    static void deleteTree(Path folder) {
        if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("Could not remove the upload folder {}: {}", folder, e.getMessage());
        }
    }
}
