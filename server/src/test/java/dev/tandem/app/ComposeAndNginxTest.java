package dev.tandem.app;

import static dev.tandem.app.ContainerSettings.composeDataDirectory;
import static dev.tandem.app.DeployFiles.all;
import static dev.tandem.app.DeployFiles.compose;
import static dev.tandem.app.DeployFiles.composeCommand;
import static dev.tandem.app.DeployFiles.composeMounts;
import static dev.tandem.app.DeployFiles.composeServers;
import static dev.tandem.app.DeployFiles.deploy;
import static dev.tandem.app.DeployFiles.nginxConf;
import static dev.tandem.app.DeployFiles.tandemServices;
import static dev.tandem.app.DeployFiles.texts;
import static dev.tandem.app.DeployFiles.upstreams;
import static dev.tandem.app.ServerFacts.DRAIN_SECONDS;
import static dev.tandem.app.ServerFacts.HEALTH;
import static dev.tandem.app.ServerFacts.LIBRARY_ENV;
import static dev.tandem.app.ServerFacts.assertKnownCommand;
import static dev.tandem.app.ServerFacts.variablesTandemReads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.app.DeployFiles.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml and the nginx.conf its proxy mounts: two servers and a model worker built
 * from the Dockerfile, behind one nginx, sharing one models volume.
 */
class ComposeAndNginxTest {

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
        // The scheme a front proxy reported is passed on, not overwritten by this hop's (plain http).
        Matcher proto = Pattern.compile("proxy_set_header\\s+X-Forwarded-Proto\\s+\\$(\\w+);").matcher(nginx);
        assertTrue(proto.find());
        Matcher map = Pattern.compile("map\\s+\\$http_x_forwarded_proto\\s+\\$" + proto.group(1) + "\\s*\\{([^}]*)}").matcher(nginx);
        assertTrue(map.find(), "X-Forwarded-Proto is $" + proto.group(1) + ", mapped from the received header");
        assertTrue(Pattern.compile("default\\s+\\$http_x_forwarded_proto;").matcher(map.group(1)).find(), "passed on as received");
        assertTrue(Pattern.compile("\"\"\\s+\\$scheme;").matcher(map.group(1)).find(), "this connection's scheme when none came");
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
}
