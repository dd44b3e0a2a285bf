package dev.tandem.app;

import dev.tandem.upload.UploadLimits;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Settings shared by every command: flags first, then environment variables, then defaults.
 *
 * @param dataDirectory  {@code --data-dir} / TANDEM_DATA_DIR, default {@code ./tandem-data}
 * @param databaseUrl    {@code --database-url} / TANDEM_DATABASE_URL; absent means the embedded PostgreSQL
 * @param port           {@code --port} / TANDEM_PORT, default 8080
 * @param stimuliDirectory {@code --stimuli-dir} / TANDEM_STIMULI_DIR, default {@code ./stimuli}: built-in sets
 * @param adminToken     TANDEM_ADMIN_TOKEN: the deployment's API token, acting as an admin
 * @param adminPassword  TANDEM_ADMIN_PASSWORD: the password of the first admin account, {@code admin}
 * @param publicUrl      TANDEM_PUBLIC_URL, e.g. {@code https://tandem.example.org}: where participants reach
 *                       this server, for recruitment links; absent: the address the console was reached at
 * @param maxUploadMb    {@code --max-upload-mb} / TANDEM_MAX_UPLOAD_MB, default 256: the largest zip upload in MiB
 *                       (stimulus sets, models); what it unpacks to may be four times as much
 * @param host           {@code --host} / TANDEM_HOST, default {@value #ALL_INTERFACES} (every interface): the
 *                       address HTTP listens on, e.g. {@code 127.0.0.1} behind a proxy on the same machine
 * @param databasePort   {@code --db-port} / TANDEM_DB_PORT, default 0 (any free port): the port the embedded
 *                       PostgreSQL starts on (it listens on localhost only)
 */
public record AppConfig(Path dataDirectory, Optional<String> databaseUrl, int port, Path stimuliDirectory,
                        Optional<String> adminToken, Optional<String> adminPassword, Optional<String> publicUrl,
                        int maxUploadMb, String host, int databasePort) {

    /** The default {@code --host}: HTTP on every interface, as before the option existed. */
    public static final String ALL_INTERFACES = "0.0.0.0";

    public AppConfig(Path dataDirectory, Optional<String> databaseUrl, int port, Path stimuliDirectory,
                     Optional<String> adminToken, Optional<String> adminPassword, Optional<String> publicUrl,
                     int maxUploadMb) {
        this(dataDirectory, databaseUrl, port, stimuliDirectory, adminToken, adminPassword, publicUrl, maxUploadMb,
                ALL_INTERFACES, 0);
    }

    public AppConfig(Path dataDirectory, Optional<String> databaseUrl, int port, Path stimuliDirectory,
                     Optional<String> adminToken, Optional<String> adminPassword) {
        this(dataDirectory, databaseUrl, port, stimuliDirectory, adminToken, adminPassword, Optional.empty());
    }

    public AppConfig(Path dataDirectory, Optional<String> databaseUrl, int port, Path stimuliDirectory,
                     Optional<String> adminToken, Optional<String> adminPassword, Optional<String> publicUrl) {
        this(dataDirectory, databaseUrl, port, stimuliDirectory, adminToken, adminPassword, publicUrl,
                UploadLimits.DEFAULT_MAX_UPLOAD_MB);
    }

    public AppConfig {
        if (maxUploadMb < 1) {
            throw new Args.UsageException("the upload limit (--max-upload-mb, TANDEM_MAX_UPLOAD_MB) must be at least "
                    + "1 MiB, was " + maxUploadMb);
        }
        if (port < 0 || port > 65_535) {
            throw new Args.UsageException("the port (--port, TANDEM_PORT) must be 0 to 65535, was " + port);
        }
        if (databasePort < 0 || databasePort > 65_535) {
            throw new Args.UsageException("the database port (--db-port, TANDEM_DB_PORT) must be 0 to 65535, was "
                    + databasePort);
        }
        if (host == null || host.isBlank()) {
            throw new Args.UsageException("the host (--host, TANDEM_HOST) must name an interface, e.g. 127.0.0.1");
        }
    }

    public static AppConfig from(Args args, Map<String, String> env) {
        Path data = Path.of(args.option("data-dir").orElse(env.getOrDefault("TANDEM_DATA_DIR", "tandem-data")));
        Optional<String> url = args.option("database-url").or(() -> Optional.ofNullable(env.get("TANDEM_DATABASE_URL")))
                .filter(s -> !s.isBlank());
        int port = args.intOption("port", wholeNumber("TANDEM_PORT", env.get("TANDEM_PORT"), 8080));
        Path stimuli = Path.of(args.option("stimuli-dir").orElse(env.getOrDefault("TANDEM_STIMULI_DIR", "stimuli")));
        Optional<String> token = Optional.ofNullable(env.get("TANDEM_ADMIN_TOKEN")).filter(s -> !s.isBlank());
        Optional<String> password = Optional.ofNullable(env.get("TANDEM_ADMIN_PASSWORD")).filter(s -> !s.isBlank());
        Optional<String> publicUrl = Optional.ofNullable(env.get("TANDEM_PUBLIC_URL")).filter(s -> !s.isBlank())
                .map(s -> s.strip().replaceAll("/+$", ""));
        int maxUploadMb = args.intOption("max-upload-mb", wholeNumber("TANDEM_MAX_UPLOAD_MB",
                env.get("TANDEM_MAX_UPLOAD_MB"), UploadLimits.DEFAULT_MAX_UPLOAD_MB));
        String host = args.option("host").orElse(env.getOrDefault("TANDEM_HOST", ALL_INTERFACES)).strip();
        int databasePort = args.intOption("db-port", wholeNumber("TANDEM_DB_PORT", env.get("TANDEM_DB_PORT"), 0));
        return new AppConfig(data, url, port, stimuli, token, password, publicUrl, maxUploadMb, host, databasePort);
    }

    private static int wholeNumber(String name, String value, int fallback) {
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new Args.UsageException(name + " must be a whole number, was " + value);
        }
    }
}
