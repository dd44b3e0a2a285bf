package dev.tandem.app;

import static dev.tandem.app.ContainerSettings.kubernetesDataDirectory;
import static dev.tandem.app.DeployDockerfile.imageUser;
import static dev.tandem.app.DeployFiles.collect;
import static dev.tandem.app.DeployFiles.containerArgs;
import static dev.tandem.app.DeployFiles.containerPorts;
import static dev.tandem.app.DeployFiles.containers;
import static dev.tandem.app.DeployFiles.documents;
import static dev.tandem.app.DeployFiles.files;
import static dev.tandem.app.DeployFiles.isYaml;
import static dev.tandem.app.DeployFiles.kubernetes;
import static dev.tandem.app.DeployFiles.manifests;
import static dev.tandem.app.DeployFiles.ofKind;
import static dev.tandem.app.DeployFiles.runsServer;
import static dev.tandem.app.DeployFiles.texts;
import static dev.tandem.app.ServerFacts.DRAIN_SECONDS;
import static dev.tandem.app.ServerFacts.HEALTH;
import static dev.tandem.app.ServerFacts.LIBRARY_ENV;
import static dev.tandem.app.ServerFacts.assertKnownCommand;
import static dev.tandem.app.ServerFacts.healthRouteExists;
import static dev.tandem.app.ServerFacts.variablesTandemReads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/: server and worker Deployments, their probes, the Secret they read, the
 * Service and Ingress in front, the shared models claim, and the kustomization that applies them.
 */
class KubernetesManifestsTest {

    /** Never written into a manifest: Kubernetes takes them from the Secret. */
    private static final List<String> SECRET_VARIABLES =
            List.of("TANDEM_DATABASE_URL", "TANDEM_ADMIN_TOKEN", "TANDEM_ADMIN_PASSWORD");

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
                .filter(d -> containers(d).stream().anyMatch(DeployFiles::runsServer)).findFirst().orElseThrow();
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
}
