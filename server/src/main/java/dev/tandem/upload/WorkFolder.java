package dev.tandem.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
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

    /**
     * Removes the work folders in {@code parent} whose name starts with {@code prefix} and that
     * have not changed for {@code olderThan}: the leftovers of uploads cut off by a crash. Young
     * ones are left alone, as another instance sharing the folder may be unpacking into them.
     * Returns how many were removed.
     */
    static int removeStale(Path parent, String prefix, Duration olderThan) {
        if (!Files.isDirectory(parent)) {
            return 0;
        }
        Instant before = Instant.now().minus(olderThan);
        int removed = 0;
        try (var children = Files.list(parent)) {
            for (Path child : children.toList()) {
                if (child.getFileName().toString().startsWith(prefix)
                        && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(child).toInstant().isBefore(before)) {
                    deleteTree(child);
                    removed++;
                }
            }
        } catch (IOException e) {
            log.warn("Could not look for stale upload folders in {}: {}", parent, e.getMessage());
        }
        return removed;
    }

    /** Deletes {@code folder} and everything below it; links are removed, never followed. */
    static void deleteTree(Path folder) {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
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
