package dev.tandem.app;

import static dev.tandem.app.ContainerSettings.composeConfig;
import static dev.tandem.app.ContainerSettings.kubernetesConfig;
import static dev.tandem.app.DeployDockerfile.dockerEnv;
import static dev.tandem.app.DeployFiles.all;
import static dev.tandem.app.DeployFiles.compose;
import static dev.tandem.app.DeployFiles.composeCommand;
import static dev.tandem.app.DeployFiles.composeEnvironment;
import static dev.tandem.app.DeployFiles.composeServers;
import static dev.tandem.app.DeployFiles.containerArgs;
import static dev.tandem.app.DeployFiles.containers;
import static dev.tandem.app.DeployFiles.deploy;
import static dev.tandem.app.DeployFiles.documents;
import static dev.tandem.app.DeployFiles.files;
import static dev.tandem.app.DeployFiles.kubernetes;
import static dev.tandem.app.DeployFiles.nginxConf;
import static dev.tandem.app.DeployFiles.ofKind;
import static dev.tandem.app.DeployFiles.root;
import static dev.tandem.app.DeployFiles.runsServer;
import static dev.tandem.app.DeployFiles.tandemServices;
import static dev.tandem.app.ServerFacts.LIBRARY_ENV;
import static dev.tandem.app.ServerFacts.variablesTandemReads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No container engine runs here, so deploy/ is checked statically: every file parses, and every
 * setting, variable and link it names is one that exists, in Tandem or in the files themselves.
 * The files one by one: {@link ComposeAndNginxTest}, {@link KubernetesManifestsTest},
 * {@link ImageDockerfileTest}; this class holds what spans them.
 */
class DeploySettingsAndDocsTest {

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files = files(deploy).stream().filter(DeployFiles::isYaml).toList();
        assertTrue(files.size() >= 6, "compose.yaml and the Kubernetes manifests: " + files);
        for (Path file : files) {
            List<JsonNode> documents = documents(file);
            assertFalse(documents.isEmpty(), file + " is empty");
            for (JsonNode document : documents) {
                assertTrue(document.isObject(), file + ": a document is not a mapping");
                if (file.startsWith(kubernetes)) {
                    assertTrue(document.hasNonNull("apiVersion") && document.hasNonNull("kind"), file + ": apiVersion, kind");
                    if (!"Kustomization".equals(document.get("kind").asText())) {
                        assertTrue(document.at("/metadata/name").isTextual(), file + ": metadata.name");
                    }
                }
            }
        }
    }

    /** Every server must set its upload limit; the proxy in front must take a body that large. */
    @Test
    void theProxyAndTheIngressTakeTheServersLargestUpload() {
        long composeLimit = 0;
        for (Map.Entry<String, JsonNode> server : composeServers(compose()).entrySet()) {
            String where = "compose " + server.getKey();
            assertTrue(setsUploadLimit(composeCommand(server.getValue()), composeEnvironment(server.getValue()).keySet()),
                    where + ": TANDEM_MAX_UPLOAD_MB set explicitly");
            composeLimit = Math.max(composeLimit, mebibytes(composeConfig(server.getKey(), server.getValue()).maxUploadMb()));
        }
        List<String> nginx = all(Pattern.compile("client_max_body_size\\s+(\\S+);"), nginxConf());
        assertEquals(1, nginx.size(), "one client_max_body_size in nginx.conf");
        assertTrue(bodyLimit(nginx.get(0)) >= composeLimit, "nginx's client_max_body_size " + nginx.get(0)
                + " is below the compose servers' TANDEM_MAX_UPLOAD_MB, " + (composeLimit >> 20) + " MiB");

        long kubernetesLimit = 0;
        for (JsonNode deployment : ofKind("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                if (runsServer(container)) {
                    String where = deployment.at("/metadata/name").asText() + "/" + container.path("name").asText();
                    Set<String> env = new HashSet<>();
                    container.path("env").forEach(e -> env.add(e.path("name").asText()));
                    assertTrue(setsUploadLimit(containerArgs(container), env), where + ": TANDEM_MAX_UPLOAD_MB set explicitly");
                    kubernetesLimit = Math.max(kubernetesLimit, mebibytes(kubernetesConfig(where, container).maxUploadMb()));
                }
            }
        }
        assertTrue(kubernetesLimit > 0, "a server Deployment");
        List<JsonNode> ingresses = ofKind("Ingress");
        assertFalse(ingresses.isEmpty(), "an Ingress");
        for (JsonNode ingress : ingresses) {
            String size = ingress.at("/metadata/annotations").path("nginx.ingress.kubernetes.io/proxy-body-size").asText();
            assertFalse(size.isEmpty(), "the Ingress sets proxy-body-size (ingress-nginx's default is 1m)");
            assertTrue(bodyLimit(size) >= kubernetesLimit, "the Ingress's proxy-body-size " + size
                    + " is below the servers' TANDEM_MAX_UPLOAD_MB, " + (kubernetesLimit >> 20) + " MiB");
        }
    }

    private static boolean setsUploadLimit(List<String> words, Set<String> environment) {
        return environment.contains("TANDEM_MAX_UPLOAD_MB")
                || words.stream().anyMatch(w -> w.equals("--max-upload-mb") || w.startsWith("--max-upload-mb="));
    }

    private static long mebibytes(int mebibytes) {
        return (long) mebibytes << 20;
    }

    /** An nginx body size in bytes; {@code 0} turns the check off. */
    private static long bodyLimit(String size) {
        long bytes = bytes(size);
        return bytes == 0 ? Long.MAX_VALUE : bytes;
    }

    /** Bytes in an nginx size: {@code 256m}, {@code 1g}, {@code 512k}. */
    private static long bytes(String size) {
        Matcher m = Pattern.compile("(\\d+)([kKmMgG]?)").matcher(size);
        assertTrue(m.matches(), "a size, was " + size);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }

    /**
     * TANDEM_PUBLIC_URL is the base of recruitment links: in compose an absolute URL or a variable
     * for deploy/.env; in Kubernetes the Ingress's host over https, or a ConfigMap's key.
     */
    @Test
    void thePublicUrlIsWhereParticipantsArrive() {
        Pattern absolute = Pattern.compile("https?://[^/\\s]+(/\\S*)?");
        composeServers(compose()).forEach((name, service) -> {
            String value = composeEnvironment(service).getOrDefault("TANDEM_PUBLIC_URL", "");
            assertTrue(value.isEmpty() || value.matches("\\$\\{\\w+(:?[-?][^}]*)?}") || absolute.matcher(value).matches(),
                    "compose " + name + ": TANDEM_PUBLIC_URL an absolute URL or a ${VARIABLE}, was " + value);
        });
        Set<String> hosts = new TreeSet<>();
        for (JsonNode ingress : ofKind("Ingress")) {
            ingress.at("/spec/rules").forEach(rule -> hosts.add(rule.path("host").asText()));
        }
        for (JsonNode deployment : ofKind("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                String where = deployment.at("/metadata/name").asText() + "/" + container.path("name").asText();
                for (JsonNode e : container.path("env")) {
                    if (!e.path("name").asText().equals("TANDEM_PUBLIC_URL")) {
                        continue;
                    }
                    if (e.has("value")) {
                        String host = e.get("value").asText().replaceFirst("^https://", "").replaceAll("/+$", "");
                        assertTrue(e.get("value").asText().startsWith("https://") && hosts.contains(host),
                                where + ": TANDEM_PUBLIC_URL is https:// and an Ingress host " + hosts + ", was " + e.get("value"));
                    } else {
                        JsonNode ref = e.at("/valueFrom/configMapKeyRef");
                        assertTrue(ref.isObject(), where + ": TANDEM_PUBLIC_URL as a value or from a ConfigMap");
                        assertTrue(ofKind("ConfigMap").stream().anyMatch(c -> c.at("/metadata/name").asText()
                                        .equals(ref.path("name").asText()) && c.path("data").has(ref.path("key").asText())),
                                where + ": ConfigMap " + ref.path("name").asText() + " has key " + ref.path("key").asText());
                    }
                }
            }
        }
    }

    @Test
    void deployReadmeNamesEverySettingTheFilesSetAndHowToSignIn() throws IOException {
        String readme = Files.readString(deploy.resolve("README.md"));
        Set<String> settings = new TreeSet<>(dockerEnv().keySet());
        tandemServices(compose()).values().forEach(service -> settings.addAll(composeEnvironment(service).keySet()));
        for (JsonNode deployment : ofKind("Deployment")) {
            containers(deployment).forEach(c -> c.path("env").forEach(e -> settings.add(e.path("name").asText())));
        }
        settings.removeAll(LIBRARY_ENV);
        for (String setting : settings) {
            assertTrue(readme.contains("`" + setting + "`"), "deploy/README.md explains " + setting + ", which deploy/ sets");
        }
        assertTrue(headingAnchors(readme).contains("first-sign-in"), "deploy/README.md has a First sign-in section");
    }

    @Test
    void everyTandemVariableNamedInDeployIsOneTandemReads() throws IOException {
        Set<String> read = variablesTandemReads();
        Pattern variable = Pattern.compile("\\bTANDEM_[A-Z0-9_]+\\b");
        for (Path file : files(deploy)) {
            Matcher m = variable.matcher(Files.readString(file));
            while (m.find()) {
                assertTrue(read.contains(m.group()), deploy.relativize(file) + " names " + m.group()
                        + ", which Tandem does not read (it reads " + read + ")");
            }
        }
    }

    @Test
    void docsLinkToFilesThatExistAndScalingMdIsGone() throws IOException {
        assertTrue(Files.isRegularFile(deploy.resolve("README.md")), "deploy/README.md");
        for (Path doc : List.of(deploy.resolve("README.md"), root.resolve("README.md"))) {
            String text = Files.readString(doc);
            assertFalse(text.contains("SCALING.md"), doc + " still names SCALING.md");
            Matcher link = Pattern.compile("\\]\\(([^)\\s]+)\\)").matcher(text);
            while (link.find()) {
                String target = link.group(1);
                boolean outside = target.matches("[a-z]+:.*") || target.startsWith("#");
                if (outside || doc.startsWith(root.resolve("README.md")) && !target.startsWith("deploy/")) {
                    continue; // the top README's other links are not deploy/'s to check
                }
                String[] parts = target.split("#", 2);
                Path file = doc.getParent().resolve(parts[0]).normalize();
                assertTrue(Files.exists(file), doc + " links to " + target + ", which does not exist");
                if (parts.length == 2) {
                    assertTrue(headingAnchors(Files.readString(file)).contains(parts[1]),
                            doc + " links to " + target + ": no such heading");
                }
            }
        }
        for (Path file : files(deploy)) {
            assertFalse(Files.readString(file).contains("SCALING.md"), file + " still names SCALING.md");
        }
    }

    private static Set<String> headingAnchors(String markdown) {
        return markdown.lines().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }
}
