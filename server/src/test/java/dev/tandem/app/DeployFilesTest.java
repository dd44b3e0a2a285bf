package dev.tandem.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RepositoryFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * No container engine runs here, so deploy/ is checked statically: every file parses, and every
 * command, option, environment variable, endpoint, Secret key, service name and path the files
 * name is one that exists, in Tandem or in the files themselves.
 */
class DeployFilesTest {

    private static final Path root = RepositoryFiles.root();
    private static final Path deploy = root.resolve("deploy");
    private static final Path kubernetes = deploy.resolve("kubernetes");
    private static final Path mainSources = root.resolve("server/src/main/java");
    private static final ObjectMapper json = new ObjectMapper();

    /** Variables the image sets for libraries Tandem loads, not for Tandem itself. */
    private static final Set<String> LIBRARY_ENV = Set.of("TF_CPP_MIN_LOG_LEVEL");
    /** The server's drain on SIGTERM (Jetty's stop timeout, and a worker's wait for its batch). */
    private static final int DRAIN_SECONDS = 30;
    private static final String HEALTH = "/api/health";
    /** Never written into a manifest: Kubernetes takes them from the Secret. */
    private static final List<String> SECRET_VARIABLES =
            List.of("TANDEM_DATABASE_URL", "TANDEM_ADMIN_TOKEN", "TANDEM_ADMIN_PASSWORD");

    // ---------------------------------------------------------------- YAML

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files = files(deploy).stream().filter(DeployFilesTest::isYaml).toList();
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

    /**
     * Parsed as compose and kubectl do, with anchors, aliases and {@code <<} merge keys resolved
     * (SnakeYAML, which jackson-dataformat-yaml brings along), and duplicate keys refused.
     */
    private static List<JsonNode> documents(Path file) {
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

    // ---------------------------------------------------------------- compose

    private static JsonNode compose() {
        return documents(deploy.resolve("compose.yaml")).get(0);
    }

    /** Services built from the Tandem image. */
    private static Map<String, JsonNode> tandemServices(JsonNode compose) {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.get("services").fields().forEachRemaining(e -> {
            if (e.getValue().has("build") || e.getValue().path("image").asText().startsWith("tandem")) {
                services.put(e.getKey(), e.getValue());
            }
        });
        return services;
    }

    /** The words after the entrypoint: {@code command} (a list or a string), else the image's CMD. */
    private static List<String> composeCommand(JsonNode service) {
        JsonNode command = service.get("command");
        if (command == null) {
            return dockerfileCmd();
        }
        return command.isArray() ? texts(command) : List.of(command.asText().trim().split("\\s+"));
    }

    private static Map<String, JsonNode> composeServers(JsonNode compose) {
        Map<String, JsonNode> servers = new LinkedHashMap<>();
        tandemServices(compose).forEach((name, service) -> {
            if (composeCommand(service).get(0).equals("serve")) {
                servers.put(name, service);
            }
        });
        return servers;
    }

    @Test
    void composeRunsTwoServersWithoutWorkersAndAModelWorker() {
        JsonNode compose = compose();
        Map<String, JsonNode> tandem = tandemServices(compose);
        tandem.forEach((name, service) -> assertKnownCommand(composeCommand(service), "compose " + name));
        Map<String, JsonNode> servers = composeServers(compose);
        assertEquals(2, servers.size(), "two server instances: " + servers.keySet());
        servers.forEach((name, service) -> assertTrue(composeCommand(service).contains("--no-worker"),
                name + ": the workers run in their own service"));
        assertTrue(tandem.values().stream().anyMatch(s -> composeCommand(s).get(0).equals("worker")), "a model worker");
    }

    @Test
    void composeTakesSecretsFromTheEnvironmentAndWaitsForTheDatabase() {
        JsonNode compose = compose();
        JsonNode services = compose.get("services");
        JsonNode postgres = services.get("postgres");
        assertNotNull(postgres, "a postgres service");
        assertTrue(postgres.at("/healthcheck/test").toString().contains("pg_isready"), "postgres healthcheck");
        assertTrue(texts(postgres.path("volumes")).stream().anyMatch(v -> v.endsWith(":/var/lib/postgresql/data")),
                "postgres keeps its data in a volume");
        String passwordVariable = interpolatedVariable(postgres.at("/environment/POSTGRES_PASSWORD").asText());
        Set<String> read = variablesTandemReads();
        Pattern databaseUrl = Pattern.compile("postgres(?:ql)?://[^:@/]+:(\\$\\{[^}]+})@([a-z0-9-]+):5432/\\w+");

        tandemServices(compose).forEach((name, service) -> {
            JsonNode environment = service.get("environment");
            assertTrue(environment != null && environment.isObject(), name + ": environment as a mapping");
            environment.fieldNames().forEachRemaining(variable -> assertTrue(
                    read.contains(variable) || LIBRARY_ENV.contains(variable),
                    "compose " + name + " sets " + variable + ", which Tandem does not read"));
            // Without a database URL, Tandem would quietly start an embedded PostgreSQL of its own.
            Matcher url = databaseUrl.matcher(environment.path("TANDEM_DATABASE_URL").asText());
            assertTrue(url.matches(), name + ": TANDEM_DATABASE_URL to the postgres service, password from the environment");
            assertEquals(passwordVariable, interpolatedVariable(url.group(1)), name + ": the postgres service's password");
            assertTrue(services.has(url.group(2)), name + ": database host " + url.group(2) + " is a service");
            assertEquals("service_healthy", service.at("/depends_on/" + url.group(2) + "/condition").asText(),
                    name + ": starts once PostgreSQL is healthy");
            assertTrue(seconds(service.path("stop_grace_period").asText("10s")) > DRAIN_SECONDS,
                    name + ": stop_grace_period above the " + DRAIN_SECONDS + " s drain");
        });
        composeServers(compose).forEach((name, service) -> {
            for (String secret : List.of("TANDEM_ADMIN_TOKEN", "TANDEM_ADMIN_PASSWORD")) {
                String value = service.at("/environment/" + secret).asText();
                assertTrue(value.matches("\\$\\{\\w+:\\?[^}]*}"),
                        name + ": " + secret + " required from the environment (${NAME:?message}), was " + value);
            }
            String port = service.at("/environment/TANDEM_PORT").asText("8080");
            String check = service.at("/healthcheck/test").toString();
            boolean health = Pattern.compile(Pattern.quote(HEALTH) + "(?![\\w/.-])").matcher(check).find();
            assertTrue(health && (check.contains(":" + port) || check.contains("/" + port + " ")),
                    name + ": healthcheck on " + HEALTH + " at port " + port + ": " + check);
        });
    }

    @Test
    void composeBuildsFromTheDockerfile() {
        tandemServices(compose()).forEach((name, service) -> {
            JsonNode build = service.get("build");
            assertNotNull(build, name + ": build");
            Path context = deploy.resolve(build.path("context").asText(".")).normalize();
            assertTrue(Files.isRegularFile(context.resolve("pom.xml")), name + ": the context is the repository root");
            Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile")).normalize();
            assertTrue(Files.isRegularFile(dockerfile), name + ": " + dockerfile + " exists");
            assertEquals(deploy.resolve("Dockerfile"), dockerfile, name + ": builds deploy/Dockerfile");
        });
    }

    @Test
    void onlyTheProxyPublishesAPortAndItBalancesOverBothServers() {
        JsonNode compose = compose();
        List<String> publishing = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(e -> {
            if (e.getValue().has("ports")) {
                publishing.add(e.getKey());
            }
        });
        assertEquals(1, publishing.size(), "only the proxy publishes a port: " + publishing);
        JsonNode proxy = compose.get("services").get(publishing.get(0));
        assertTrue(proxy.path("image").asText().startsWith("nginx"), "the proxy is nginx");

        String mount = texts(proxy.path("volumes")).stream().filter(v -> v.contains("nginx.conf")).findFirst()
                .orElseThrow(() -> new AssertionError("the proxy mounts nginx.conf"));
        String[] parts = mount.split(":");
        assertEquals(3, parts.length, "source:target:ro, was " + mount);
        assertEquals(deploy.resolve("nginx.conf"), deploy.resolve(parts[0]).normalize(), "mounts deploy/nginx.conf");
        assertTrue(parts[1].startsWith("/etc/nginx/conf.d/"), "into conf.d, inside nginx's http block");
        assertEquals("ro", parts[2], "read-only");

        Map<String, JsonNode> servers = composeServers(compose);
        String nginx = nginxConf();
        Map<String, List<String>> upstreams = upstreams(nginx);
        assertEquals(1, upstreams.size(), "one upstream: " + upstreams.keySet());
        List<String> members = upstreams.values().iterator().next();
        Set<String> expected = new TreeSet<>();
        servers.forEach((name, service) -> expected.add(name + ":" + service.at("/environment/TANDEM_PORT").asText("8080")));
        assertEquals(expected, new TreeSet<>(members), "the upstream is every compose server, on its port");

        List<String> targets = all(Pattern.compile("proxy_pass\\s+http://([^;/\\s]+)"), nginx);
        assertFalse(targets.isEmpty(), "proxy_pass");
        targets.forEach(target -> assertTrue(upstreams.containsKey(target), "proxy_pass to the upstream, was " + target));
        servers.keySet().forEach(server -> assertEquals("service_healthy",
                proxy.at("/depends_on/" + server + "/condition").asText(), "the proxy waits for " + server));
    }

    @Test
    void nginxCachesImmutableUrlsAndForwardsTheOriginalRequest() {
        String nginx = nginxConf();
        for (String header : List.of("X-Forwarded-Proto", "X-Forwarded-Host")) {
            assertTrue(Pattern.compile("proxy_set_header\\s+" + header + "\\s+\\$\\w+;").matcher(nginx).find(), header);
        }
        Set<String> zones = new LinkedHashSet<>(all(Pattern.compile("proxy_cache_path\\s[^;]*keys_zone=(\\w+):"), nginx));
        for (String prefix : List.of("/stimuli/", "/assets/")) {
            Matcher location = Pattern.compile("location\\s+" + Pattern.quote(prefix) + "\\s*\\{([^}]*)}").matcher(nginx);
            assertTrue(location.find(), "location " + prefix);
            String block = location.group(1);
            List<String> cache = all(Pattern.compile("proxy_cache\\s+(\\w+);"), block);
            assertEquals(1, cache.size(), prefix + ": proxy_cache");
            assertTrue(zones.contains(cache.get(0)), prefix + ": cache zone " + cache.get(0) + " is defined");
            List<String> valid = all(Pattern.compile("proxy_cache_valid\\s+200\\s+(\\w+);"), block);
            assertTrue(valid.size() == 1 && seconds(valid.get(0)) >= 30 * 86_400, prefix + ": kept at least 30 days");
            assertTrue(all(Pattern.compile("proxy_pass\\s+(\\S+);"), block).size() == 1, prefix + ": proxied");
        }
    }

    private static String nginxConf() {
        try {
            return Files.readString(deploy.resolve("nginx.conf")).replaceAll("(?m)#.*$", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Upstream name to its {@code host:port} servers. */
    private static Map<String, List<String>> upstreams(String nginx) {
        Map<String, List<String>> upstreams = new LinkedHashMap<>();
        Matcher upstream = Pattern.compile("upstream\\s+(\\S+)\\s*\\{([^}]*)}").matcher(nginx);
        while (upstream.find()) {
            upstreams.put(upstream.group(1), all(Pattern.compile("(?m)^\\s*server\\s+([^\\s;]+)"), upstream.group(2)));
        }
        return upstreams;
    }

    // ---------------------------------------------------------------- Kubernetes

    private static List<JsonNode> manifests() {
        List<JsonNode> manifests = new ArrayList<>();
        for (Path file : files(kubernetes)) {
            if (isYaml(file) && !file.getFileName().toString().equals("kustomization.yaml")) {
                manifests.addAll(documents(file));
            }
        }
        return manifests;
    }

    private static List<JsonNode> ofKind(String kind) {
        return manifests().stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
    }

    private static List<String> containerArgs(JsonNode container) {
        assertFalse(container.has("command"), container.path("name").asText() + ": args only; the image's entrypoint runs the jar");
        return container.has("args") ? texts(container.get("args")) : dockerfileCmd();
    }

    private static boolean runsServer(JsonNode container) {
        return containerArgs(container).get(0).equals("serve");
    }

    private static List<JsonNode> containers(JsonNode deployment) {
        List<JsonNode> containers = new ArrayList<>();
        deployment.at("/spec/template/spec/containers").forEach(containers::add);
        return containers;
    }

    @Test
    void kubernetesRunsTwoServerReplicasAndWorkersWithKnownCommandsAndSettings() {
        Set<String> read = variablesTandemReads();
        int servers = 0;
        int workers = 0;
        for (JsonNode deployment : ofKind("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                String where = deployment.at("/metadata/name").asText() + "/" + container.path("name").asText();
                List<String> args = containerArgs(container);
                assertKnownCommand(args, where);
                Map<String, JsonNode> env = new HashMap<>();
                container.path("env").forEach(e -> env.put(e.get("name").asText(), e));
                env.keySet().forEach(name -> assertTrue(read.contains(name) || LIBRARY_ENV.contains(name),
                        where + " sets " + name + ", which Tandem does not read"));
                assertTrue(env.containsKey("TANDEM_DATABASE_URL"), where + ": TANDEM_DATABASE_URL");
                if (runsServer(container)) {
                    servers++;
                    assertEquals(2, deployment.at("/spec/replicas").asInt(), where + ": two server replicas");
                    assertTrue(args.contains("--no-worker"), where + ": the workers have their own Deployment");
                    assertTrue(env.containsKey("TANDEM_ADMIN_TOKEN"), where + ": TANDEM_ADMIN_TOKEN");
                    assertTrue(env.containsKey("TANDEM_ADMIN_PASSWORD"), where + ": TANDEM_ADMIN_PASSWORD, the first console password");
                } else if (args.get(0).equals("worker")) {
                    workers++;
                }
                for (String secret : SECRET_VARIABLES) {
                    if (env.containsKey(secret)) {
                        assertFalse(env.get(secret).has("value"), where + ": " + secret + " only from a Secret");
                        assertTrue(env.get(secret).at("/valueFrom/secretKeyRef").isObject(), where + ": " + secret + " by secretKeyRef");
                    }
                }
                assertTrue(container.at("/resources/requests/memory").isTextual()
                        && container.at("/resources/limits/memory").isTextual(), where + ": memory requests and limits");
                int grace = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asInt(30);
                assertTrue(grace > DRAIN_SECONDS + preStopSleep(container),
                        where + ": terminationGracePeriodSeconds above preStop plus the " + DRAIN_SECONDS + " s drain");
            }
        }
        assertEquals(1, servers, "one server container");
        assertTrue(workers >= 1, "a worker Deployment");
    }

    private static int preStopSleep(JsonNode container) {
        List<String> command = texts(container.at("/lifecycle/preStop/exec/command"));
        if (command.size() == 2 && command.get(0).equals("sleep")) {
            return Integer.parseInt(command.get(1));
        }
        return container.at("/lifecycle/preStop/sleep/seconds").asInt(0);
    }

    @Test
    void kubernetesProbesHitTheHealthEndpointOnTheContainerPort() {
        int probes = 0;
        for (JsonNode deployment : ofKind("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                String where = container.path("name").asText();
                Set<String> ports = containerPorts(container);
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    if (container.has(probe)) {
                        probes++;
                        assertEquals(HEALTH, container.get(probe).at("/httpGet/path").asText(), where + " " + probe);
                        String port = container.get(probe).at("/httpGet/port").asText();
                        assertTrue(ports.contains(port), where + " " + probe + ": port " + port + " is the container's");
                    }
                }
                if (runsServer(container)) {
                    assertTrue(container.has("readinessProbe") && container.has("livenessProbe"),
                            where + ": readiness and liveness probes");
                }
            }
        }
        assertTrue(probes >= 2);
        assertTrue(healthRouteExists(), HEALTH + " is a route of the server");
    }

    private static boolean healthRouteExists() {
        Pattern route = Pattern.compile("\\.get\\(\\s*\"" + Pattern.quote(HEALTH) + "\"");
        return javaSources().stream().anyMatch(source -> route.matcher(source).find());
    }

    /** A container's ports by name and by number. */
    private static Set<String> containerPorts(JsonNode container) {
        Set<String> ports = new LinkedHashSet<>();
        container.path("ports").forEach(p -> {
            ports.add(p.path("containerPort").asText());
            if (p.has("name")) {
                ports.add(p.get("name").asText());
            }
        });
        return ports;
    }

    @Test
    void everySecretKeyReferencedIsInTheExampleSecret() {
        List<JsonNode> example = documents(kubernetes.resolve("secret.example.yaml"));
        assertEquals(1, example.size());
        JsonNode secret = example.get(0);
        assertEquals("Secret", secret.path("kind").asText());
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : List.of("stringData", "data")) {
            secret.path(field).fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        }
        values.forEach((key, value) -> assertTrue(value.contains("CHANGE-ME"), key + " is a placeholder, clearly not real"));

        List<JsonNode> references = new ArrayList<>();
        for (JsonNode manifest : manifests()) {
            collect(manifest, "secretKeyRef", references);
        }
        assertTrue(references.size() >= 4, "database URL for servers and workers, admin token and password for servers");
        for (JsonNode reference : references) {
            assertEquals(secret.at("/metadata/name").asText(), reference.path("name").asText(), "the Secret's name");
            assertTrue(values.containsKey(reference.path("key").asText()),
                    "secret.example.yaml defines key " + reference.path("key").asText());
        }
    }

    @Test
    void theServiceAndIngressReachTheServers() {
        JsonNode server = ofKind("Deployment").stream()
                .filter(d -> containers(d).stream().anyMatch(DeployFilesTest::runsServer)).findFirst().orElseThrow();
        JsonNode podLabels = server.at("/spec/template/metadata/labels");
        Set<String> ports = containers(server).stream().flatMap(c -> containerPorts(c).stream()).collect(Collectors.toSet());
        List<JsonNode> services = ofKind("Service");
        assertEquals(1, services.size(), "one Service");
        JsonNode service = services.get(0);
        service.at("/spec/selector").fields().forEachRemaining(e -> assertEquals(e.getValue().asText(),
                podLabels.path(e.getKey()).asText(), "the Service selects the server pods: " + e.getKey()));
        assertFalse(service.at("/spec/selector").isEmpty(), "a selector");
        Set<String> servicePorts = new LinkedHashSet<>();
        service.at("/spec/ports").forEach(p -> {
            assertTrue(ports.contains(p.path("targetPort").asText()), "targetPort " + p.path("targetPort").asText());
            servicePorts.add(p.path("port").asText());
            servicePorts.add(p.path("name").asText());
        });
        server.at("/spec/selector/matchLabels").fields().forEachRemaining(e -> assertEquals(e.getValue().asText(),
                podLabels.path(e.getKey()).asText(), "the Deployment selects its own pods"));

        List<JsonNode> ingresses = ofKind("Ingress");
        assertEquals(1, ingresses.size(), "one Ingress");
        JsonNode ingress = ingresses.get(0);
        List<JsonNode> backends = new ArrayList<>();
        collect(ingress, "service", backends);
        assertFalse(backends.isEmpty(), "Ingress backends");
        for (JsonNode backend : backends) {
            assertEquals(service.at("/metadata/name").asText(), backend.path("name").asText(), "backend is the Service");
            String port = backend.at("/port/name").asText(backend.at("/port/number").asText());
            assertTrue(servicePorts.contains(port), "backend port " + port + " is the Service's");
        }
    }

    @Test
    void kustomizationAppliesEveryManifestButTheExampleSecret() {
        JsonNode kustomization = documents(kubernetes.resolve("kustomization.yaml")).get(0);
        Set<String> resources = new TreeSet<>(texts(kustomization.path("resources")));
        Set<String> manifests = new TreeSet<>();
        for (Path file : files(kubernetes)) {
            String name = file.getFileName().toString();
            if (isYaml(file) && !name.equals("kustomization.yaml") && !name.equals("secret.example.yaml")) {
                manifests.add(kubernetes.relativize(file).toString());
            }
        }
        assertEquals(manifests, resources, "kustomization.yaml lists every manifest, and not the example Secret");
    }

    // ---------------------------------------------------------------- Dockerfile

    /** Instructions with continuation lines joined and comments dropped. */
    private static List<String> dockerfile() {
        try {
            String text = Files.readString(deploy.resolve("Dockerfile"))
                    .replaceAll("(?m)^\\s*#.*\\n", "")
                    .replaceAll("\\\\\\n", " ");
            return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The instructions of the last stage, the image that runs. */
    private static List<String> finalStage() {
        List<String> instructions = dockerfile();
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        return instructions.subList(from, instructions.size());
    }

    private static List<String> execForm(String instruction) {
        String line = finalStage().stream().filter(l -> l.startsWith(instruction + " ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("Dockerfile " + instruction));
        try {
            return texts(json.readTree(line.substring(instruction.length() + 1)));
        } catch (IOException e) {
            throw new AssertionError(instruction + " in exec form (a JSON array): " + line, e);
        }
    }

    private static List<String> dockerfileCmd() {
        return execForm("CMD");
    }

    /** COPY destinations of the final stage, by source. */
    private static Map<String, String> copies() {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String line : finalStage()) {
            if (line.startsWith("COPY ")) {
                List<String> words = Stream.of(line.split("\\s+")).filter(w -> !w.startsWith("--")).toList();
                copies.put(words.get(1), words.get(words.size() - 1));
            }
        }
        return copies;
    }

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

    private static Map<String, String> dockerEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        finalStage().forEach(line -> addEnv(line, env));
        return env;
    }

    private static void addEnv(String instruction, Map<String, String> env) {
        if (instruction.startsWith("ENV ")) {
            Matcher pair = Pattern.compile("(\\w+)=(\\S+)").matcher(instruction.substring(4));
            while (pair.find()) {
                env.put(pair.group(1), pair.group(2));
            }
        }
    }

    /** The final stage's USER as {user} or {user, group}. */
    private static String[] imageUser() {
        return finalStage().stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the image sets a USER")).substring(5).strip().split(":");
    }

    /** The final stage's last WORKDIR, where a relative TANDEM_DATA_DIR lands. */
    private static String imageWorkdir() {
        return finalStage().stream().filter(l -> l.startsWith("WORKDIR ")).reduce((a, b) -> b)
                .map(l -> l.substring(8).strip()).orElse("/");
    }

    @Test
    void theImageMakesTheModelsFolderForItsUser() {
        String models = dataDirectory(containerConfig(dockerfileCmd(), Map.of(), "Dockerfile CMD"), imageWorkdir())
                + "/models";
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

    // ---------------------------------------------------------------- settings of each Tandem container

    /** Settings the checks below read: they must be written out, not interpolated or taken from a Secret. */
    private static final List<String> CHECKED_SETTINGS = List.of("TANDEM_DATA_DIR", "TANDEM_MAX_UPLOAD_MB");

    /**
     * The settings a Tandem container starts with, worked out by {@link AppConfig#from} itself: its
     * command's options, then its environment over the image's ENV, then AppConfig's defaults.
     */
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

    private static Map<String, String> composeEnvironment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        service.path("environment").fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                env.put(e.getKey(), e.getValue().asText());
            }
        });
        return env;
    }

    private static AppConfig composeConfig(String name, JsonNode service) {
        Map<String, String> env = composeEnvironment(service);
        for (String setting : CHECKED_SETTINGS) {
            assertFalse(env.getOrDefault(setting, "").contains("$"),
                    "compose " + name + ": " + setting + " written out, was " + env.get(setting));
        }
        return containerConfig(composeCommand(service), env, "compose " + name);
    }

    private static String composeDataDirectory(String name, JsonNode service) {
        return dataDirectory(composeConfig(name, service), service.path("working_dir").asText(imageWorkdir()));
    }

    private static AppConfig kubernetesConfig(String where, JsonNode container) {
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

    private static String kubernetesDataDirectory(String where, JsonNode container) {
        return dataDirectory(kubernetesConfig(where, container), container.path("workingDir").asText(imageWorkdir()));
    }

    /** A compose volume mount; {@code source} is empty for an anonymous volume. */
    private record Mount(String type, String source, String target, boolean readOnly) {
    }

    private static List<Mount> composeMounts(JsonNode service) {
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

    /**
     * A model uploaded to one server is unpacked into its {@code DATA_DIR/models/<sha256>/}, and the
     * other servers and the workers open it from the path its row records: one named volume, at
     * the data directory each container actually uses.
     */
    @Test
    void everyComposeTandemContainerMountsTheSharedModelsVolumeAtItsDataDirectory() {
        JsonNode compose = compose();
        Map<String, JsonNode> tandem = tandemServices(compose);
        Set<String> servers = composeServers(compose).keySet();
        assertTrue(tandem.size() >= 3, "both servers and the worker: " + tandem.keySet());
        Set<String> volumes = new TreeSet<>();
        tandem.forEach((name, service) -> {
            String where = "compose " + name;
            String models = composeDataDirectory(name, service) + "/models";
            List<Mount> mounts = composeMounts(service).stream()
                    .filter(m -> m.target().replaceAll("/+$", "").equals(models)).toList();
            assertEquals(1, mounts.size(), where + ": one volume at " + models + " (TANDEM_DATA_DIR/models), "
                    + "where uploaded models are unpacked and opened; mounts: " + composeMounts(service));
            Mount mount = mounts.get(0);
            assertTrue(mount.type().equals("volume") && !mount.source().isEmpty(),
                    where + ": a named volume, shared and kept (not a bind mount or an anonymous volume): " + mount);
            assertTrue(compose.path("volumes").has(mount.source()),
                    where + ": volume " + mount.source() + " is declared under the top-level volumes");
            if (servers.contains(name)) {
                assertFalse(mount.readOnly(), where + ": writable, the server unpacks uploads into it");
            }
            volumes.add(mount.source());
        });
        assertEquals(1, volumes.size(), "one models volume for every Tandem container: " + volumes);
    }

    @Test
    void kubernetesServersAndWorkersShareOneReadWriteManyModelsClaimAtTheirDataDirectory() {
        String[] imageUser = imageUser();
        Set<String> claims = new TreeSet<>();
        int mounted = 0;
        for (JsonNode deployment : ofKind("Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            Map<String, JsonNode> volumes = new HashMap<>();
            pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
            for (JsonNode container : containers(deployment)) {
                String where = deployment.at("/metadata/name").asText() + "/" + container.path("name").asText();
                String models = kubernetesDataDirectory(where, container) + "/models";
                List<JsonNode> mounts = new ArrayList<>();
                container.path("volumeMounts").forEach(m -> {
                    if (m.path("mountPath").asText().replaceAll("/+$", "").equals(models)) {
                        mounts.add(m);
                    }
                });
                assertEquals(1, mounts.size(), where + ": one volume at " + models + " (TANDEM_DATA_DIR/models), "
                        + "where uploaded models are unpacked and opened");
                JsonNode mount = mounts.get(0);
                assertFalse(mount.has("subPath") || mount.has("subPathExpr"), where + ": the whole claim, as every pod sees it");
                JsonNode volume = volumes.get(mount.path("name").asText());
                assertNotNull(volume, where + ": the pod has a volume " + mount.path("name").asText());
                String claim = volume.at("/persistentVolumeClaim/claimName").asText();
                assertFalse(claim.isEmpty(), where + ": the models volume is a PersistentVolumeClaim, shared and kept: " + volume);
                if (runsServer(container)) {
                    assertFalse(mount.path("readOnly").asBoolean() || volume.at("/persistentVolumeClaim/readOnly").asBoolean(),
                            where + ": writable, the server unpacks uploads into it");
                }
                String group = pod.at("/securityContext/runAsGroup").asText(imageUser.length > 1 ? imageUser[1] : "");
                assertEquals(group, pod.at("/securityContext/fsGroup").asText(),
                        where + ": fsGroup is the group it runs as, so that the claim is writable by it");
                claims.add(claim);
                mounted++;
            }
        }
        assertTrue(mounted >= 2, "servers and workers mount the models claim");
        assertEquals(1, claims.size(), "one models claim for every server and worker: " + claims);
        String name = claims.iterator().next();
        List<JsonNode> claimed = ofKind("PersistentVolumeClaim").stream()
                .filter(c -> name.equals(c.at("/metadata/name").asText())).toList();
        assertEquals(1, claimed.size(), "a PersistentVolumeClaim " + name + " among the manifests");
        assertTrue(texts(claimed.get(0).at("/spec/accessModes")).contains("ReadWriteMany"),
                name + ": ReadWriteMany, mounted by pods on several nodes at once");
        assertTrue(claimed.get(0).at("/spec/resources/requests/storage").isTextual(), name + ": a storage request");
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

    // ---------------------------------------------------------------- everything in deploy/

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

    // ---------------------------------------------------------------- Tandem itself

    /**
     * The environment variables Tandem reads: names passed as literals to {@code getenv},
     * {@code env.get}/{@code getOrDefault} or a settings lookup in server/src/main/java.
     */
    private static Set<String> variablesTandemReads() {
        Pattern read = Pattern.compile("(?:getenv|get|getOrDefault|apply)\\(\\s*\"(TANDEM_[A-Z0-9_]+)\"");
        Set<String> names = new TreeSet<>();
        for (String source : javaSources()) {
            names.addAll(all(read, source));
        }
        assertTrue(names.containsAll(Set.of("TANDEM_DATABASE_URL", "TANDEM_ADMIN_TOKEN")),
                "the pattern still finds how Tandem reads its environment: " + names);
        return names;
    }

    private static List<String> javaSources() {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(mainSources)) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.add(Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    /**
     * {@code words} run a command Main has, with only options its usage names, switches without
     * a value and options with one.
     */
    private static void assertKnownCommand(List<String> words, String where) {
        String name = commandName(words, where);
        List<String> rest = words.subList(name.split(" ").length, words.size());
        Map<String, Boolean> options = usageOptions(name);
        for (int i = 0; i < rest.size(); i++) {
            String word = rest.get(i);
            assertTrue(word.startsWith("--"), where + ": unexpected word " + word);
            String option = word.substring(2).split("=", 2)[0];
            assertTrue(options.containsKey(option), where + ": " + name + " has no option --" + option
                    + " (it has " + options.keySet() + ")");
            boolean takesValue = options.get(option);
            if (takesValue && !word.contains("=")) {
                assertTrue(i + 1 < rest.size() && !rest.get(i + 1).startsWith("--"), where + ": --" + option + " needs a value");
                i++;
            } else if (!takesValue) {
                assertFalse(word.contains("="), where + ": --" + option + " takes no value");
            }
        }
    }

    /** The longest command of Main's that {@code words} start with. */
    private static String commandName(List<String> words, String where) {
        assertFalse(words.isEmpty(), where + ": a command");
        String line = String.join(" ", words);
        return Main.commandNames().stream()
                .filter(c -> line.equals(c) || line.startsWith(c + " "))
                .max((a, b) -> Integer.compare(a.length(), b.length()))
                .orElseThrow(() -> new AssertionError(where + ": unknown command " + words));
    }

    /** Option name to whether it takes a value, from Main's usage text for {@code command}. */
    private static Map<String, Boolean> usageOptions(String command) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(List.of("--no-such-command"), new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        String usage = lines.stream().map(String::strip)
                .filter(l -> l.equals("tandem " + command) || l.startsWith("tandem " + command + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no usage line for " + command));
        String common = lines.get(0);
        Map<String, Boolean> options = new HashMap<>();
        Matcher option = Pattern.compile("--([a-z][a-z0-9-]*)(\\s+[^\\s\\[\\]|-][^\\s\\]|]*)?").matcher(common + " " + usage);
        while (option.find()) {
            options.merge(option.group(1), option.group(2) != null, Boolean::logicalOr);
        }
        return options;
    }

    // ---------------------------------------------------------------- helpers

    private static List<Path> files(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** Every match's first group. */
    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String find(Pattern pattern, String text) {
        List<String> found = all(pattern, text);
        assertFalse(found.isEmpty(), "no " + pattern);
        return found.get(0);
    }

    /** The variable of a compose interpolation {@code ${NAME}}, {@code ${NAME:?message}} and the like. */
    private static String interpolatedVariable(String value) {
        Matcher m = Pattern.compile("\\$\\{(\\w+)[^}]*}").matcher(value);
        assertTrue(m.matches(), "an interpolated ${VARIABLE}, was " + value);
        return m.group(1);
    }

    /** Seconds in a compose or nginx duration: {@code 45s}, {@code 1m30s}, {@code 365d}. */
    private static long seconds(String duration) {
        Matcher part = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(duration);
        long seconds = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            long n = Long.parseLong(part.group(1));
            seconds += switch (part.group(2)) {
                case "ms" -> n / 1000;
                case "s" -> n;
                case "m" -> n * 60;
                case "h" -> n * 3600;
                default -> n * 86_400;
            };
            end = part.end();
        }
        assertTrue(end > 0 && end == duration.length(), "a duration, was " + duration);
        return seconds;
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

    /** Every value under a field called {@code field}, anywhere in {@code node}. */
    private static void collect(JsonNode node, String field, List<JsonNode> into) {
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
