package dev.tandem.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.http.ApiClient;
import dev.tandem.jobs.JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code triplet score}: the demo model answers triplet-demo's shown triplets from the command line. */
class TripletScoreCommandTest {

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

    private TestTandem.Run tandem(String... words) {
        return tandem.command(words);
    }

    @Test
    void tripletScoreWorksTheJobWithAProgressBarAndASecondRunReusesEveryChoice() {
        TestTandem.Run first = tandem("triplet", "score", "--model", "fashion-cnn", "--experiment", "triplet-demo", "--similarity", "dot");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("Triplet job 1 created: fashion-cnn on triplet-demo, dot similarity of its"
                + " embedding, 36 distinct triplets (0 answered before)"), first.out());
        assertTrue(first.out().contains("Triplets [##############################] 36/36"), first.out());
        assertTrue(first.out().contains("Triplet job 1 done: 36 triplets answered here"), first.out());
        assertEquals(JobStatus.DONE, tandem.tripletJobs().job(1).status());

        TestTandem.Run second = tandem("triplet", "score", "--model", "fashion-cnn", "--experiment", "triplet-demo", "--similarity", "dot");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("36 distinct triplets (36 answered before)"), second.out());

        TestTandem.Run bad = tandem("triplet", "score", "--model", "fashion-cnn", "--experiment", "triplet-demo", "--similarity", "l2");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("field: similarity"), bad.err());
        TestTandem.Run queued = tandem("triplet", "score", "--model", "fashion-cnn", "--experiment", "triplet-demo", "--no-wait");
        assertEquals(0, queued.code(), queued.err());
        assertEquals(JobStatus.QUEUED, tandem.tripletJobs().job(3).status(), "--no-wait only queues the job");
    }
}
