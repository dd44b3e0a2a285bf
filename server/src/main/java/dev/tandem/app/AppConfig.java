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
 */
public record AppConfig(Path dataDirectory, Optional<String> databaseUrl, int port, Path stimuliDirectory,
                        Optional<String> adminToken, Optional<String> adminPassword, Optional<String> publicUrl,
                        int maxUploadMb) {

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
    }

    public static AppConfig from(Args args, Map<String, String> env) {
        Path data = Path.of(args.option("data-dir").orElse(env.getOrDefault("TANDEM_DATA_DIR", "tandem-data")));
        Optional<String> url = args.option("database-url").or(() -> Optional.ofNullable(env.get("TANDEM_DATABASE_URL")))
                .filter(s -> !s.isBlank());
        int port = args.intOption("port", Integer.parseInt(env.getOrDefault("TANDEM_PORT", "8080")));
        Path stimuli = Path.of(args.option("stimuli-dir").orElse(env.getOrDefault("TANDEM_STIMULI_DIR", "stimuli")));
        Optional<String> token = Optional.ofNullable(env.get("TANDEM_ADMIN_TOKEN")).filter(s -> !s.isBlank());
        Optional<String> password = Optional.ofNullable(env.get("TANDEM_ADMIN_PASSWORD")).filter(s -> !s.isBlank());
        Optional<String> publicUrl = Optional.ofNullable(env.get("TANDEM_PUBLIC_URL")).filter(s -> !s.isBlank())
                .map(s -> s.strip().replaceAll("/+$", ""));
        int maxUploadMb = args.intOption("max-upload-mb", wholeNumber("TANDEM_MAX_UPLOAD_MB",
                env.get("TANDEM_MAX_UPLOAD_MB"), UploadLimits.DEFAULT_MAX_UPLOAD_MB));
        return new AppConfig(data, url, port, stimuli, token, password, publicUrl, maxUploadMb);
    }

    private static int wholeNumber(String name, String value, int fallback) {
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new Args.UsageException(name + " must be a whole number, was " + value);
        }
    }
}
