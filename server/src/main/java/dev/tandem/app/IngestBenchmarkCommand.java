package dev.tandem.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench ingest}: simulated participants answer trials over HTTP against a running server,
 * each posting its responses in batches as the browser client does, one request at a time, paced
 * so that all together they offer {@code --rate} responses per second ({@code --rate 0}: as fast
 * as the server answers). Prints durably committed responses per second and the p50/p99 latency
 * of response requests. A paced load measures latency at a given throughput; an unpaced one
 * measures the most the server takes, with latency that is only the queue in front of it.
 */
final class IngestBenchmarkCommand implements Command {

    private final ObjectMapper json = Json.mapper();

    @Override
    public String usage() {
        return "bench ingest [--url http://localhost:8080] [--experiment masked-demo] [--participants 256]"
                + " [--sessions-per-participant 2] [--batch 10] [--rate 3000]";
    }

    private record Participant(String sessionId, String token, int trials, List<String> categories) {}

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws Exception {
        String url = args.option("url").orElse("http://localhost:" + config.port());
        String slug = args.option("experiment").orElse("masked-demo");
        int participants = args.intOption("participants", 256);
        int sessionsEach = args.intOption("sessions-per-participant", 2);
        int batch = args.intOption("batch", 10);
        int rate = args.intOption("rate", 3000);
        // Each participant sends one batch per interval, so that together they offer `rate` responses/s.
        long intervalNanos = rate <= 0 ? 0 : (long) (1e9 * participants * batch / rate);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(8)).build();

        out.printf("Starting %d sessions of %s at %s ...%n", participants * sessionsEach, slug, url);
        ExecutorService setup = Executors.newFixedThreadPool(8);
        List<Future<Participant>> started = new ArrayList<>();
        for (int i = 0; i < participants * sessionsEach; i++) {
            started.add(setup.submit(() -> startSession(http, url, slug)));
        }
        List<Participant> sessions = new ArrayList<>();
        for (var future : started) {
            sessions.add(future.get());
        }
        setup.shutdown();

        out.printf("Running %d concurrent participants, batches of %d, offering %s ...%n", participants, batch,
                rate <= 0 ? "as many responses as the server takes" : rate + " responses/s");
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong committed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ExecutorService runners = Executors.newFixedThreadPool(participants);
        List<Future<?>> running = new ArrayList<>();
        long begin = System.nanoTime();
        for (int p = 0; p < participants; p++) {
            List<Participant> mine = sessions.subList(p * sessionsEach, (p + 1) * sessionsEach);
            long offset = intervalNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(intervalNanos);
            running.add(runners.submit(() -> {
                long due = begin + offset;
                for (Participant participant : mine) {
                    for (int first = 0; first < participant.trials(); first += batch) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        due += intervalNanos;
                        int last = Math.min(participant.trials(), first + batch);
                        long sent = System.nanoTime();
                        int status = postResponses(http, url, participant, first, last);
                        latencies.add(System.nanoTime() - sent);
                        if (status == 200) {
                            committed.addAndGet(last - first);
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (var future : running) {
            future.get();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        runners.shutdown();

        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        out.printf("committed responses: %d in %.2f s (%d failed requests)%n", committed.get(), seconds, failed.get());
        out.printf("throughput:          %.0f responses/s, %.0f requests/s%n", committed.get() / seconds, sorted.length / seconds);
        out.printf("request latency:     p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6);
        return failed.get() == 0 ? 0 : 1;
    }

    private Participant startSession(HttpClient http, String url, String slug) throws IOException, InterruptedException {
        JsonNode created = call(http, HttpRequest.newBuilder(URI.create(url + "/api/experiments/" + slug + "/sessions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"params\":{\"PROLIFIC_PID\":\"bench\"}}")), 201);
        String id = created.get("sessionId").asText();
        String token = created.get("token").asText();
        JsonNode state = call(http, HttpRequest.newBuilder(URI.create(url + "/api/sessions/" + id + "/screen-check"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"refreshHz\":60.0,\"windowWidth\":1280,\"windowHeight\":800}")), 200);
        List<String> categories = new ArrayList<>();
        state.get("experiment").get("categories").forEach(c -> categories.add(c.get("name").asText()));
        return new Participant(id, token, state.get("trials").size(), categories);
    }

    private int postResponses(HttpClient http, String url, Participant participant, int first, int last)
            throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        ArrayNode records = body.putArray("responses");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int trial = first; trial < last; trial++) {
            ObjectNode record = records.addObject();
            record.put("responseId", UUID.randomUUID().toString());
            record.put("trialIndex", trial);
            record.put("response", participant.categories().get(random.nextInt(participant.categories().size())));
            record.put("source", "button");
            record.put("rtMs", 300 + random.nextDouble() * 900);
            record.put("clientTime", Instant.now().toString());
            ObjectNode timing = record.putObject("timing");
            timing.put("requestedMs", 33).put("plannedFrames", 2).put("refreshHz", 60.0)
                    .put("stimulusOnset", 1000.0).put("maskOnset", 1033.3).put("maskOffset", 1233.3)
                    .put("responseScreenOnset", 1233.3).put("stimulusFramesShown", 2).put("maskFramesShown", 12)
                    .put("timingOk", true);
            timing.putArray("visibilityChanges");
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(url + "/api/sessions/" + participant.sessionId() + "/responses"))
                .header("Authorization", "Bearer " + participant.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private JsonNode call(HttpClient http, HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
