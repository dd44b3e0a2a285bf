package dev.tandem.db.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's password: generated once, kept in {@code <cluster>.password} (0600) beside the
 * cluster, and required of every connection (SCRAM-SHA-256) instead of trusting every local
 * user (issue 12). A cluster made with trust authentication by an earlier version gets it on
 * its first start.
 */
final class ClusterPassword {

    private static final Logger log = LoggerFactory.getLogger(ClusterPassword.class);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private static final String PASSWORD_ONLY_HBA = """
            # Written by Tandem: every connection needs the password in <cluster>.password.
            # TYPE  DATABASE     USER  ADDRESS        METHOD
            local   all          all                  scram-sha-256
            host    all          all   127.0.0.1/32   scram-sha-256
            host    all          all   ::1/128        scram-sha-256
            local   replication  all                  scram-sha-256
            host    replication  all   127.0.0.1/32   scram-sha-256
            host    replication  all   ::1/128        scram-sha-256
            """;

    private ClusterPassword() {}

    /** The file initdb reads the password from ({@code --pwfile}). */
    static Path file(Path cluster) {
        return cluster.resolveSibling(cluster.getFileName() + ".password");
    }

    /** The cluster's password, generated the first time (48 hex digits: nothing to escape anywhere). */
    static String read(Path cluster) throws IOException {
        Path file = file(cluster);
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            StringBuilder hex = new StringBuilder();
            for (byte b : random) {
                hex.append(String.format("%02x", b));
            }
            createOwnerOnly(file);
            Files.writeString(file, hex + "\n");
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        return Files.readString(file).trim();
    }

    /** Creates an empty file readable by its owner only, or makes an existing one so. */
    static void createOwnerOnly(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
    }

    /**
     * Makes every connection need the password: a cluster that still trusts connections gets the
     * password set and its pg_hba.conf replaced, then reloads its configuration.
     */
    static void require(Path cluster, String jdbcUrl, String password) throws IOException {
        Path hba = cluster.resolve("pg_hba.conf");
        boolean trusting = Files.readAllLines(hba).stream().map(String::trim)
                .anyMatch(line -> !line.startsWith("#") && line.matches(".*\\btrust\\b.*"));
        if (!trusting) {
            return;
        }
        try (var connection = DriverManager.getConnection(jdbcUrl);
             var statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE postgres PASSWORD '" + password + "'"); // hex: nothing to escape
            Files.writeString(hba, PASSWORD_ONLY_HBA);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("could not set the password of the PostgreSQL in " + cluster + ": " + e.getMessage(), e);
        }
        log.info("PostgreSQL in {} now requires its password (kept in {})", cluster, file(cluster).getFileName());
    }
}
