package dev.tandem.app;

import static dev.tandem.app.DeployDockerfile.dockerfileCmd;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The files in deploy/, parsed: compose.yaml's services, nginx.conf and the Kubernetes manifests
 * ({@link DeployDockerfile} reads the image). Every call reads the files afresh, so a file that
 * does not parse fails the test that reads it, with the file's name.
 */
final class DeployFiles {

    static final Path root = RepositoryFiles.root();
    static final Path deploy = root.resolve("deploy");
    static final Path kubernetes = deploy.resolve("kubernetes");
    static final ObjectMapper json = new ObjectMapper();

    private DeployFiles() {}

    // ---------------------------------------------------------------- YAML

    /**
     * Parsed as compose and kubectl do, with anchors, aliases and {@code <<} merge keys resolved
     * (SnakeYAML, which jackson-dataformat-yaml brings along), and duplicate keys refused.
     */
    static List<JsonNode> documents(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<JsonNode> documents = new ArrayList<>();
        try {
            for (Object document : yaml.loadAll(Files.readString(file))) {
                if (document != null) {
                    documents.add(json.valueToTree(document));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            fail(file + " does not parse: " + e.getMessage());
        }
        return documents;
    }

    static List<Path> files(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- compose

    static JsonNode compose() {
        return documents(deploy.resolve("compose.yaml")).get(0);
    }

    /** Services built from the Tandem image. */
    static Map<String, JsonNode> tandemServices(JsonNode compose) {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.get("services").fields().forEachRemaining(e -> {
            if (e.getValue().has("build") || e.getValue().path("image").asText().startsWith("tandem")) {
                services.put(e.getKey(), e.getValue());
            }
        });
        return services;
    }

    /** The words after the entrypoint: {@code command} (a list or a string), else the image's CMD. */
    static List<String> composeCommand(JsonNode service) {
        JsonNode command = service.get("command");
        if (command == null) {
            return dockerfileCmd();
        }
        return command.isArray() ? texts(command) : List.of(command.asText().trim().split("\\s+"));
    }

    static Map<String, JsonNode> composeServers(JsonNode compose) {
        Map<String, JsonNode> servers = new LinkedHashMap<>();
        tandemServices(compose).forEach((name, service) -> {
            if (composeCommand(service).get(0).equals("serve")) {
                servers.put(name, service);
            }
        });
        return servers;
    }

    static Map<String, String> composeEnvironment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        service.path("environment").fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                env.put(e.getKey(), e.getValue().asText());
            }
        });
        return env;
    }

    /** A compose volume mount; {@code source} is empty for an anonymous volume. */
    record Mount(String type, String source, String target, boolean readOnly) {
    }

    static List<Mount> composeMounts(JsonNode service) {
        List<Mount> mounts = new ArrayList<>();
        service.path("volumes").forEach(v -> {
            if (v.isObject()) {
                mounts.add(new Mount(v.path("type").asText("volume"), v.path("source").asText(""),
                        v.path("target").asText(), v.path("read_only").asBoolean(false)));
                return;
            }
            String[] parts = v.asText().split(":");
            if (parts.length == 1) {
                mounts.add(new Mount("volume", "", parts[0], false));
                return;
            }
            boolean bind = parts[0].matches("[/.~$].*");
            boolean readOnly = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
            mounts.add(new Mount(bind ? "bind" : "volume", parts[0], parts[1], readOnly));
        });
        return mounts;
    }

    // ---------------------------------------------------------------- nginx

    /** nginx.conf without its comments. */
    static String nginxConf() {
        return read(deploy.resolve("nginx.conf")).replaceAll("(?m)#.*$", "");
    }

    /** Upstream name to its {@code host:port} servers. */
    static Map<String, List<String>> upstreams(String nginx) {
        Map<String, List<String>> upstreams = new LinkedHashMap<>();
        Matcher upstream = Pattern.compile("upstream\\s+(\\S+)\\s*\\{([^}]*)}").matcher(nginx);
        while (upstream.find()) {
            upstreams.put(upstream.group(1), all(Pattern.compile("(?m)^\\s*server\\s+([^\\s;]+)"), upstream.group(2)));
        }
        return upstreams;
    }

    // ---------------------------------------------------------------- Kubernetes

    /** Every document of every manifest; kustomization.yaml is not one. */
    static List<JsonNode> manifests() {
        List<JsonNode> manifests = new ArrayList<>();
        for (Path file : files(kubernetes)) {
            if (isYaml(file) && !file.getFileName().toString().equals("kustomization.yaml")) {
                manifests.addAll(documents(file));
            }
        }
        return manifests;
    }

    static List<JsonNode> ofKind(String kind) {
        return manifests().stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
    }

    static List<JsonNode> containers(JsonNode deployment) {
        List<JsonNode> containers = new ArrayList<>();
        deployment.at("/spec/template/spec/containers").forEach(containers::add);
        return containers;
    }

    static List<String> containerArgs(JsonNode container) {
        assertFalse(container.has("command"), container.path("name").asText() + ": args only; the image's entrypoint runs the jar");
        return container.has("args") ? texts(container.get("args")) : dockerfileCmd();
    }

    static boolean runsServer(JsonNode container) {
        return containerArgs(container).get(0).equals("serve");
    }

    /** A container's ports by name and by number. */
    static Set<String> containerPorts(JsonNode container) {
        Set<String> ports = new LinkedHashSet<>();
        container.path("ports").forEach(p -> {
            ports.add(p.path("containerPort").asText());
            if (p.has("name")) {
                ports.add(p.get("name").asText());
            }
        });
        return ports;
    }

    // ---------------------------------------------------------------- reading text and trees

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** Every match's first group. */
    static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The first match's first group; there must be one. */
    static String find(Pattern pattern, String text) {
        List<String> found = all(pattern, text);
        assertFalse(found.isEmpty(), "no " + pattern);
        return found.get(0);
    }

    /** Every value under a field called {@code field}, anywhere in {@code node}. */
    static void collect(JsonNode node, String field, List<JsonNode> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals(field)) {
                    into.add(e.getValue());
                }
                collect(e.getValue(), field, into);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, field, into));
        }
    }
}
