package dev.tandem.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tandem.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No container engine runs here, so deploy/ is checked statically: the files parse, and every
 * command, environment variable and probe they name is one Tandem actually has.
 */
class DeployFilesTest {

    /** The environment variables Tandem reads (AppConfig, model.TensorFlowNatives). */
    private static final Set<String> KNOWN_ENV = Set.of("TANDEM_DATA_DIR", "TANDEM_DATABASE_URL", "TANDEM_PORT",
            "TANDEM_STIMULI_DIR", "TANDEM_ADMIN_TOKEN", "TANDEM_TF_NATIVES");

    private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private static final Path deploy = RepositoryFiles.root().resolve("deploy");

    private static List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = yaml.getFactory().createParser(file.toFile())) {
            yaml.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
        }
        return documents;
    }

    private static void assertKnownCommand(JsonNode words, String where) {
        String command = words.get(0).asText();
        if (words.size() > 1 && Main.commandNames().contains(command + " " + words.get(1).asText())) {
            return;
        }
        assertTrue(Main.commandNames().contains(command), where + ": unknown command " + command);
    }

    @Test
    void composeRunsKnownCommandsWithKnownSettings() throws Exception {
        JsonNode services = documents(deploy.resolve("compose.yaml")).get(0).get("services");
        for (String name : List.of("server", "worker")) {
            JsonNode service = services.get(name);
            assertKnownCommand(service.get("command"), "compose " + name);
            service.get("environment").fieldNames().forEachRemaining(variable ->
                    assertTrue(KNOWN_ENV.contains(variable), "compose " + name + ": " + variable));
            assertTrue(service.get("stop_grace_period").asText().compareTo("30s") > 0, "longer than the 30 s drain");
        }
    }

    @Test
    void kubernetesProbesHitTheHealthEndpointAndContainersRunKnownCommands() throws Exception {
        int containers = 0;
        for (JsonNode document : documents(deploy.resolve("kubernetes/tandem.yaml"))) {
            if (!"Deployment".equals(document.get("kind").asText())) {
                continue;
            }
            for (JsonNode container : document.at("/spec/template/spec/containers")) {
                containers++;
                assertKnownCommand(container.get("args"), container.get("name").asText());
                for (JsonNode env : container.path("env")) {
                    assertTrue(KNOWN_ENV.contains(env.get("name").asText()), env.get("name").asText());
                }
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    if (container.has(probe)) {
                        assertEquals("/api/health", container.get(probe).at("/httpGet/path").asText());
                    }
                }
            }
        }
        assertEquals(2, containers);
    }

    @Test
    void theDockerfileSetsOnlyKnownVariablesAndServesByDefault() throws Exception {
        String dockerfile = Files.readString(deploy.resolve("Dockerfile"));
        Matcher variables = Pattern.compile("(TANDEM_[A-Z_]+)=").matcher(dockerfile);
        int found = 0;
        while (variables.find()) {
            assertTrue(KNOWN_ENV.contains(variables.group(1)), variables.group(1));
            found++;
        }
        assertTrue(found >= 3);
        assertTrue(dockerfile.contains("CMD [\"serve\"]"));
        assertTrue(dockerfile.contains("tensorflow-native-cpu-2.10.1-linux-x86_64.jar"));
    }
}
