package dev.tandem.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.http.ApiClient;
import dev.tandem.jobs.JobStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code triplet score}: the demo model answers triplet-demo's shown triplets from the command line. */
class TripletScoreCommandTest {

    private record Run(int code, String out, String err) {}

    private TestTandem tandem;

    @BeforeEach
    void start() {
        tandem = TestTandem.withBuiltIns();
        ApiClient api = new ApiClient(tandem.startHttp());
        var started = api.post("/api/experiments/triplet-demo/sessions", null, "{\"params\":{}}");
        assertEquals(201, started.status(), started.body());
    }

    @AfterEach
    void stop() {
        tandem.close();
    }

    private Run tandem(String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(words));
        args.addAll(List.of("--database-url", tandem.databaseUrl()));
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tripletScoreWorksTheJobWithAProgressBarAndASecondRunReusesEveryChoice() {
        Run first = tandem("triplet", "score", "--model", "fashion-cnn", "--experiment", "triplet-demo", "--similarity", "dot");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("Triplet job 1 created: fashion-cnn on triplet-demo, dot similarity of its"
                + " embedding, 36 distinct triplets (0 answered before)"), first.out());
        assertTrue(first.out().contains("Triplets [##############################] 36/36"), first.out());
        assertTrue(first.out().contains("Triplet job 1 done: 36 triplets answered here"), first.out());
        assertEquals(JobStatus.DONE, tandem.tripletJobs().job(1).status());

        Run second = tandem("triplet", "score", "--model", "fashion-cnn", "--experiment", "triplet-demo", "--similarity", "dot");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("36 distinct triplets (36 answered before)"), second.out());

        Run bad = tandem("triplet", "score", "--model", "fashion-cnn", "--experiment", "triplet-demo", "--similarity", "l2");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("field: similarity"), bad.err());
        Run queued = tandem("triplet", "score", "--model", "fashion-cnn", "--experiment", "triplet-demo", "--no-wait");
        assertEquals(0, queued.code(), queued.err());
        assertEquals(JobStatus.QUEUED, tandem.tripletJobs().job(3).status(), "--no-wait only queues the job");
    }
}
