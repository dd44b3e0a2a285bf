package dev.tandem.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where Maven keeps downloaded artifacts on this machine. */
final class MavenLocalRepository {
    private static final Pattern LOCAL_REPOSITORY =
            Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>");

    private MavenLocalRepository() {}

    static Path find(UnaryOperator<String> settings, Path home) {
        String property = settings.apply("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path settingsXml = home.resolve(".m2").resolve("settings.xml");
        if (Files.isRegularFile(settingsXml)) {
            try {
                Matcher matcher = LOCAL_REPOSITORY.matcher(Files.readString(settingsXml));
                if (matcher.find()) {
                    return Path.of(matcher.group(1).replace("${user.home}", home.toString()));
                }
            } catch (IOException ignored) {
                // Fall back to Maven's default below.
            }
        }
        return home.resolve(".m2").resolve("repository");
    }
}
