package dev.tandem.http;

import static dev.tandem.db.jooq.Tables.MODEL_TRIPLET_CHOICE;
import static dev.tandem.db.jooq.Tables.TRIPLET_TRIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.app.TestTandem;
import dev.tandem.jobs.JobStatus;
import dev.tandem.jobs.JobWorker;
import dev.tandem.triplet.OddOneOut;
import dev.tandem.triplet.TripletJob;
import dev.tandem.triplet.TripletWorker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's demo end to end on the server: simulated participants complete triplet-demo over
 * HTTP, the built-in demo CNN answers every distinct triplet they saw from its embedding (a
 * triplet job), and /metrics reports agreement, ceilings and RSA. The simulated people choose by
 * category: the image whose class differs from the other two, else the one outside two of the
 * same kind of garment (tops, footwear, trousers, bags), else at random, with 10 % lapses
 * (random choices); catch trials are answered right. It prints the figures the README quotes.
 */
class TripletDemoModelTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final int PEOPLE = 16;

    private static TestTandem tandem;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    @Test
    void theDemoModelAnswersEveryDistinctTripletFromItsEmbeddingAndMetricsCompareItWithPeople() {
        Random random = new Random(2026_12_02L);
        for (int p = 0; p < PEOPLE; p++) {
            completeByCategory(random);
        }
        Set<List<String>> distinct = new HashSet<>();
        for (var row : tandem.dsl().selectFrom(TRIPLET_TRIAL).where(TRIPLET_TRIAL.ROLE.ne("catch")).fetch()) {
            List<String> hashes = new ArrayList<>(List.of(row.getStimulusSha256_0(), row.getStimulusSha256_1(),
                    row.getStimulusSha256_2()));
            hashes.sort(null);
            distinct.add(hashes);
        }

        long started = System.nanoTime();
        var created = tandem.tripletJobs().createJob("fashion-cnn", "triplet-demo", "cosine");
        TripletJob job;
        try (TripletWorker worker = tandem.tripletJobs().worker(64, JobWorker.Events.NONE)) {
            worker.drain(created.job().id());
        }
        job = tandem.tripletJobs().job(created.job().id());
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(JobStatus.DONE, job.status(), String.valueOf(job.error()));
        assertEquals(OddOneOut.Source.EMBEDDING, job.source(), "the demo CNN declares its penultimate layer");
        assertEquals(distinct.size(), job.total(), "one task per distinct triplet people saw");
        Set<List<String>> answered = new HashSet<>();
        for (var choice : tandem.dsl().selectFrom(MODEL_TRIPLET_CHOICE).fetch()) {
            assertEquals("embedding", choice.getSource());
            answered.add(List.of(choice.getStimulusSha256A(), choice.getStimulusSha256B(), choice.getStimulusSha256C()));
        }
        assertEquals(distinct, answered, "the model answered exactly the distinct triplets, each once");

        var reply = api.get("/api/experiments/triplet-demo/metrics", ADMIN);
        assertEquals(200, reply.status(), reply.body());
        JsonNode metrics = reply.json();
        JsonNode coverage = metrics.get("coverage").get(0);
        assertEquals(coverage.get("triplets").asInt(), coverage.get("answeredTriplets").asInt(), coverage.toString());
        JsonNode analysis = metrics.get("analysis");
        JsonNode ceiling = analysis.get("noiseCeiling");
        JsonNode model = analysis.get("models").get(0);
        JsonNode rsa = metrics.get("rsa").get(0);
        double agreement = model.get("agreement").get("value").asDouble();
        // Category choosers agree with each other far above chance; so should a CNN whose
        // penultimate layer separates the classes (92 % test accuracy).
        assertTrue(ceiling.get("value").asDouble() > 0.6, ceiling.toString());
        assertTrue(agreement > 0.5, model.toString());
        assertTrue(rsa.get("rsa").asDouble() > 0.2, rsa.toString());
        String report = metricsCommand();
        assertTrue(report.contains(String.format(Locale.ROOT, "Noise ceiling: %.3f [%.3f, %.3f]",
                ceiling.get("value").asDouble(), ceiling.get("ci").get("low").asDouble(),
                ceiling.get("ci").get("high").asDouble())), report);
        assertTrue(report.contains(String.format(Locale.ROOT, "fashion-cnn: agreement %.3f [", agreement)), report);
        assertTrue(report.contains(String.format(Locale.ROOT, "RSA %.3f [", rsa.get("rsa").asDouble())), report);
        assertTrue(report.contains("answered " + job.total() + "/" + job.total() + " triplets from embedding"), report);
        System.out.printf(Locale.ROOT, "triplet-demo: %d people, %d judgements on %d distinct triplets; the demo CNN "
                        + "answered %d triplets from its embedding in %.1f s; noise ceiling %.3f [%.3f, %.3f]; "
                        + "model agreement %.3f [%.3f, %.3f], normalised %.3f [%.3f, %.3f]; RSA %.3f [%.3f, %.3f] over %d pairs; "
                        + "split-half RSA ceiling %.3f [%.3f, %.3f]%n",
                PEOPLE, metrics.get("counts").get("judgements").asInt(), distinct.size(), job.total(), seconds,
                ceiling.get("value").asDouble(), ceiling.get("ci").get("low").asDouble(),
                ceiling.get("ci").get("high").asDouble(), agreement,
                model.get("agreement").get("ci").get("low").asDouble(), model.get("agreement").get("ci").get("high").asDouble(),
                model.get("normalised").get("value").asDouble(), model.get("normalised").get("ci").get("low").asDouble(),
                model.get("normalised").get("ci").get("high").asDouble(), rsa.get("rsa").asDouble(),
                rsa.get("ci").get("low").asDouble(), rsa.get("ci").get("high").asDouble(), rsa.get("pairs").asInt(),
                metrics.get("rsaCeiling").get("ceiling").asDouble(), metrics.get("rsaCeiling").get("range").get("low").asDouble(),
                metrics.get("rsaCeiling").get("range").get("high").asDouble());
    }

    /** One participant over HTTP: each trial answered by the category rule, then completed. */
    private static void completeByCategory(Random random) {
        Participant participant = Participant.start(api, "triplet-demo", "{}").screenCheck(60.0);
        String id = participant.id();
        String token = participant.token();
        List<String> judgements = new ArrayList<>();
        for (var trial : tandem.dsl().selectFrom(TRIPLET_TRIAL).where(TRIPLET_TRIAL.SESSION_ID.eq(UUID.fromString(id)))
                .orderBy(TRIPLET_TRIAL.TRIAL_INDEX).fetch()) {
            List<String> categories = List.of(trial.getCategory_0(), trial.getCategory_1(), trial.getCategory_2());
            int choice;
            if (trial.getCatchOddPosition() != null) {
                choice = trial.getCatchOddPosition();
            } else if (random.nextDouble() < 0.1) {
                choice = random.nextInt(3);
            } else {
                choice = oddCategory(categories, random);
            }
            judgements.add("{\"judgementId\":\"" + UUID.randomUUID() + "\",\"trialIndex\":" + trial.getTrialIndex()
                    + ",\"chosenPosition\":" + choice + ",\"source\":\"click\",\"rtMs\":900,"
                    + "\"timing\":{\"timingOk\":true}}");
        }
        var stored = api.post("/api/sessions/" + id + "/triplets", token, "{\"judgements\":[" + String.join(",", judgements) + "]}");
        assertEquals(200, stored.status(), stored.body());
        assertEquals(200, participant.complete().status());
    }

    /** Fashion-MNIST's classes grouped as a person might: tops, footwear, trousers, bags. */
    private static String group(String category) {
        return switch (category) {
            case "Sandal", "Sneaker", "Ankle boot" -> "footwear";
            case "Trouser" -> "trousers";
            case "Bag" -> "bags";
            default -> "tops";
        };
    }

    /**
     * The position whose class the other two share and it does not; else the one outside a pair of
     * the same group (tops, footwear, …); random when neither decides.
     */
    private static int oddCategory(List<String> categories, Random random) {
        List<String> groups = categories.stream().map(TripletDemoModelTest::group).toList();
        for (List<String> level : List.of(categories, groups)) {
            for (int k = 0; k < 3; k++) {
                String a = level.get((k + 1) % 3);
                String b = level.get((k + 2) % 3);
                if (a.equals(b) && !level.get(k).equals(a)) {
                    return k;
                }
            }
        }
        return random.nextInt(3);
    }

    /** {@code metrics --experiment triplet-demo} against the test's database: the same figures as text. */
    private static String metricsCommand() {
        TestTandem.Run run = tandem.command("metrics", "--experiment", "triplet-demo");
        assertEquals(0, run.code(), run.err());
        System.out.print(run.out());
        return run.out();
    }
}
