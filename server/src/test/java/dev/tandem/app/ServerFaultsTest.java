package dev.tandem.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.RepositoryFiles;
import dev.tandem.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Faults an operator meets: a busy port, a failed start, two servers at once, a killed PostgreSQL (issue 12). */
class ServerFaultsTest {

    private record Run(int code, String out, String err) {}

    private static Run tandem(String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(words), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static long postmasterPid(Path data) throws Exception {
        return Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim());
    }

    @Test
    void aBusyHttpPortIsReportedBeforeTheDatabaseStarts() throws Exception {
        Path data = Files.createTempDirectory("tandem-busy-port");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            Run serve = tandem("serve", "--port", String.valueOf(taken.getLocalPort()), "--data-dir", data.toString());
            assertEquals(1, serve.code());
            assertTrue(serve.err().contains("port " + taken.getLocalPort() + " is in use"), serve.err());
        }
        assertFalse(Files.exists(data.resolve("postgres")), "no database was started");
    }

    @Test
    void aServeThatFailsAfterItsDatabaseStartedStopsThatDatabase() throws Exception {
        Path data = Files.createTempDirectory("tandem-failed-serve");
        Path stimuli = Files.createTempDirectory("tandem-bad-stimuli");
        Files.createDirectories(stimuli.resolve("broken"));
        Files.writeString(stimuli.resolve("broken/manifest.json"), "{\"name\": 1}");
        try (ServerSocket free = new ServerSocket(0)) {
            free.close();
            Run serve = tandem("serve", "--port", String.valueOf(free.getLocalPort()), "--data-dir", data.toString(),
                    "--stimuli-dir", stimuli.toString(), "--no-worker");
            assertEquals(1, serve.code(), serve.out());
        }
        assertTrue(Files.exists(data.resolve("postgres/PG_VERSION")), "the database had started");
        assertFalse(Files.exists(data.resolve("postgres/postmaster.pid")), "and was stopped");
    }

    @Test
    void twoServersStartingAtOnceOnAFreshDatabaseBothLoadTheBuiltIns() throws Exception {
        String url = TestDatabase.freshUrl();
        CountDownLatch together = new CountDownLatch(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> servers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                servers.add(threads.submit(() -> {
                    try (Tandem tandem = Tandem.open(TestTandem.config(url), 4)) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        together.countDown();
                        together.await(60, TimeUnit.SECONDS);
                        BuiltIns.load(tandem, new PrintStream(out, true, StandardCharsets.UTF_8));
                        return out.toString(StandardCharsets.UTF_8);
                    }
                }));
            }
            for (Future<String> server : servers) {
                String out = server.get(10, TimeUnit.MINUTES); // throws if either failed
                assertTrue(out.contains("Experiment clickme-demo v1"), out);
            }
        } finally {
            threads.shutdownNow();
        }
        try (Tandem tandem = Tandem.open(TestTandem.config(url), 2)) {
            assertEquals(1, tandem.experiments.all().stream().filter(e -> e.slug().equals("clickme-demo")).count());
        }
    }

    @Test
    void aKilledEmbeddedPostgresMakesHealthAnswer503QuicklyAndIsRestartedWithItsData() throws Exception {
        Path data = Files.createTempDirectory("tandem-killed-pg");
        AppConfig config = new AppConfig(data, Optional.empty(), 0, RepositoryFiles.stimuli(),
                Optional.of(TestTandem.ADMIN_TOKEN), Optional.empty());
        HttpClient http = HttpClient.newHttpClient();
        try (Tandem tandem = Tandem.open(config, 4)) {
            tandem.apiTokens.ensure(config.adminToken());
            var app = tandem.http().start(0);
            URI health = URI.create("http://localhost:" + app.port() + "/api/health");
            URI tokens = URI.create("http://localhost:" + app.port() + "/api/tokens");
            try {
                assertEquals(200, get(http, health).statusCode());
                long postmaster = postmasterPid(data);
                ProcessHandle process = ProcessHandle.of(postmaster).orElseThrow();
                new ProcessBuilder("kill", "-9", String.valueOf(postmaster)).start().waitFor();
                process.onExit().get(30, TimeUnit.SECONDS);

                long started = System.nanoTime();
                var down = get(http, health); // the client gives up after 5 s: a hang fails here
                System.out.printf("health answered %d in %d ms with PostgreSQL dead%n", down.statusCode(),
                        (System.nanoTime() - started) / 1_000_000);
                assertEquals(503, down.statusCode());
                var refused = http.send(HttpRequest.newBuilder(tokens).timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + TestTandem.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, refused.statusCode(), refused.body());
                assertTrue(refused.headers().firstValue("Retry-After").isPresent());

                AtomicBoolean lost = new AtomicBoolean();
                tandem.location.superviseEmbedded(Duration.ofMillis(200), () -> lost.set(true));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                int status = 0;
                while (status != 200 && System.nanoTime() < deadline) {
                    status = get(http, health).statusCode();
                }
                assertEquals(200, status, "restarted within 90 s");
                assertFalse(lost.get());
                var again = http.send(HttpRequest.newBuilder(tokens).timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + TestTandem.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, again.statusCode(), "the token stored before the crash is still there: " + again.body());
                assertTrue(postmasterPid(data) != postmaster, "a new postmaster");
            } finally {
                app.stop();
            }
        }
        assertFalse(Files.exists(data.resolve("postgres/postmaster.pid")), "the restarted server stopped with Tandem");
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
