package dev.tandem.app;

import static dev.tandem.app.ContainerSettings.imageDataDirectory;
import static dev.tandem.app.DeployDockerfile.addEnv;
import static dev.tandem.app.DeployDockerfile.copies;
import static dev.tandem.app.DeployDockerfile.dockerEnv;
import static dev.tandem.app.DeployDockerfile.dockerfile;
import static dev.tandem.app.DeployDockerfile.dockerfileCmd;
import static dev.tandem.app.DeployDockerfile.execForm;
import static dev.tandem.app.DeployDockerfile.finalStage;
import static dev.tandem.app.DeployDockerfile.imageUser;
import static dev.tandem.app.DeployFiles.all;
import static dev.tandem.app.DeployFiles.find;
import static dev.tandem.app.DeployFiles.ofKind;
import static dev.tandem.app.DeployFiles.root;
import static dev.tandem.app.ServerFacts.LIBRARY_ENV;
import static dev.tandem.app.ServerFacts.assertKnownCommand;
import static dev.tandem.app.ServerFacts.variablesTandemReads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/Dockerfile: the image compose and Kubernetes run. */
class ImageDockerfileTest {

    @Test
    void theImageRunsTheJarOnJava17AsAnUnprivilegedUser() throws IOException {
        List<String> stage = finalStage();
        assertTrue(stage.get(0).matches("FROM eclipse-temurin:17(\\.[\\d.]+)?-jre\\S*"), "a Java 17 JRE: " + stage.get(0));
        String user = imageUser()[0];
        assertFalse(user.equals("root") || user.equals("0"), "not root");
        if (user.matches("\\d+")) {
            for (JsonNode deployment : ofKind("Deployment")) {
                assertEquals(user, deployment.at("/spec/template/spec/securityContext/runAsUser").asText(user),
                        "Kubernetes runs as the image's user");
            }
        }

        List<String> entrypoint = execForm("ENTRYPOINT");
        assertEquals("java", entrypoint.get(0));
        int jar = entrypoint.indexOf("-jar");
        assertTrue(jar > 0 && jar + 1 < entrypoint.size(), "java -jar JAR: " + entrypoint);
        String finalName = find(Pattern.compile("<finalName>([^<]+)</finalName>"),
                Files.readString(root.resolve("server/pom.xml")));
        String built = "server/target/" + finalName + ".jar";
        Map<String, String> copies = copies();
        assertTrue(copies.entrySet().stream().anyMatch(c -> c.getKey().endsWith(built)
                        && c.getValue().equals(entrypoint.get(jar + 1))),
                "the entrypoint's jar is the one the build makes (" + built + "), copied to " + entrypoint.get(jar + 1));
        assertKnownCommand(dockerfileCmd(), "Dockerfile CMD");
    }

    @Test
    void theImageCarriesTensorFlowsNativesOfTheBuildsVersion() throws IOException {
        String text = String.join("\n", dockerfile());
        String version = find(Pattern.compile("<tensorflow.version>([^<]+)</tensorflow.version>"),
                Files.readString(root.resolve("pom.xml")));
        List<String> versions = all(Pattern.compile("tensorflow-native-cpu-([^/\\s]+?)-linux-x86_64\\.jar"), text);
        assertFalse(versions.isEmpty(), "the natives jar");
        versions.forEach(v -> assertEquals(version, v, "TensorFlow natives of the pom's tensorflow.version"));
        Map<String, String> env = dockerEnv();
        String natives = env.get("TANDEM_TF_NATIVES");
        assertNotNull(natives, "TANDEM_TF_NATIVES");
        assertTrue(copies().values().stream().anyMatch(destination -> natives.startsWith(destination + "/")),
                "TANDEM_TF_NATIVES points into a folder the image copies");
        assertTrue(env.containsKey("TF_CPP_MIN_LOG_LEVEL"), "TensorFlow's native info log quieted");
        Set<String> read = variablesTandemReads();
        env.keySet().forEach(name -> assertTrue(read.contains(name) || LIBRARY_ENV.contains(name),
                "the image sets " + name + ", which Tandem does not read"));
    }

    @Test
    void theImageMakesTheModelsFolderForItsUser() {
        String models = imageDataDirectory() + "/models";
        String user = imageUser()[0];
        Pattern path = Pattern.compile(Pattern.quote(models) + "(?![\\w/.-])");
        Pattern owner = Pattern.compile("(?:-o\\s+|--owner[= ]|chown\\s+(?:-\\S+\\s+)*)" + Pattern.quote(user) + "\\b");
        Map<String, String> env = new HashMap<>();
        boolean made = false;
        for (String line : finalStage()) {
            addEnv(line, env);
            if (line.startsWith("RUN ")) {
                String run = line;
                for (Map.Entry<String, String> variable : env.entrySet()) {
                    run = run.replace("${" + variable.getKey() + "}", variable.getValue())
                            .replaceAll("\\$" + variable.getKey() + "\\b", Matcher.quoteReplacement(variable.getValue()));
                }
                made |= path.matcher(run).find() && owner.matcher(run).find();
            }
        }
        assertTrue(made, "the image makes " + models + " (TANDEM_DATA_DIR/models) owned by its user " + user
                + ", so that a fresh named volume mounted there is writable by it");
    }
}
