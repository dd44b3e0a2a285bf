package dev.tandem.app;

import static dev.tandem.app.DeployDockerfile.dockerEnv;
import static dev.tandem.app.DeployDockerfile.dockerfileCmd;
import static dev.tandem.app.DeployDockerfile.imageWorkdir;
import static dev.tandem.app.DeployFiles.composeCommand;
import static dev.tandem.app.DeployFiles.composeEnvironment;
import static dev.tandem.app.DeployFiles.containerArgs;
import static dev.tandem.app.ServerFacts.commandName;
import static dev.tandem.app.ServerFacts.usageOptions;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings each Tandem container in deploy/ starts with, worked out by {@link AppConfig#from}
 * itself: its command's options, then its environment over the image's ENV, then AppConfig's
 * defaults.
 */
final class ContainerSettings {

    /** Settings the checks read: they must be written out, not interpolated or taken from a Secret. */
    private static final List<String> CHECKED_SETTINGS = List.of("TANDEM_DATA_DIR", "TANDEM_MAX_UPLOAD_MB");

    private ContainerSettings() {}

    /** The settings of a container that runs {@code words} with {@code environment} over the image's. */
    private static AppConfig containerConfig(List<String> words, Map<String, String> environment, String where) {
        String command = commandName(words, where);
        Set<String> switches = new HashSet<>();
        usageOptions(command).forEach((option, takesValue) -> {
            if (!takesValue) {
                switches.add(option);
            }
        });
        Map<String, String> env = new HashMap<>(dockerEnv());
        env.putAll(environment);
        return AppConfig.from(Args.parse(words.subList(command.split(" ").length, words.size()), switches), env);
    }

    /** The data directory as an absolute path: a relative one is under the working directory. */
    private static String dataDirectory(AppConfig config, String workingDirectory) {
        return Path.of(workingDirectory).resolve(config.dataDirectory()).normalize().toString();
    }

    /** The image's own settings: its CMD, with nothing set over its ENV. */
    static String imageDataDirectory() {
        return dataDirectory(containerConfig(dockerfileCmd(), Map.of(), "Dockerfile CMD"), imageWorkdir());
    }

    static AppConfig composeConfig(String name, JsonNode service) {
        Map<String, String> env = composeEnvironment(service);
        for (String setting : CHECKED_SETTINGS) {
            assertFalse(env.getOrDefault(setting, "").contains("$"),
                    "compose " + name + ": " + setting + " written out, was " + env.get(setting));
        }
        return containerConfig(composeCommand(service), env, "compose " + name);
    }

    static String composeDataDirectory(String name, JsonNode service) {
        return dataDirectory(composeConfig(name, service), service.path("working_dir").asText(imageWorkdir()));
    }

    static AppConfig kubernetesConfig(String where, JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, e.get("value").asText());
            } else {
                assertFalse(CHECKED_SETTINGS.contains(name), where + ": " + name + " as a written-out value");
            }
        });
        return containerConfig(containerArgs(container), env, where);
    }

    static String kubernetesDataDirectory(String where, JsonNode container) {
        return dataDirectory(kubernetesConfig(where, container), container.path("workingDir").asText(imageWorkdir()));
    }
}
