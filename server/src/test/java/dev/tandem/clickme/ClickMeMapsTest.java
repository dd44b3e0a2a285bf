package dev.tandem.clickme;

import static dev.tandem.db.jooq.Tables.MAP_TASK;
import static dev.tandem.db.jooq.Tables.MODEL_MAP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.app.TestTandem;
import dev.tandem.jobs.JobStatus;
import dev.tandem.model.Worker;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Model maps as jobs, human maps from stored reveals and their alignment, on the ClickMe demo
 * with a model built here that looks only at the top-left corner.
 */
class ClickMeMapsTest {

    public static final String SLUG = "clickme-demo";
    /** The corner model sees the 28 × 28 input; its 7 × 7 corner is the stimulus's top-left 56 × 56. */
    static final int CORNER = 56;

    private TestTandem tandem;
    private ClickMeFixture fixture;

    @BeforeEach
    void start() throws IOException {
        tandem = TestTandem.withBuiltIns();
        fixture = new ClickMeFixture(tandem);
        fixture.registerCornerModel();
    }

    @AfterEach
    void stop() {
        tandem.close();
    }

    private static boolean inCorner(ImportanceMap map) {
        int peak = map.peak();
        return peak % map.width() < CORNER && peak / map.width() < CORNER;
    }

    private ImportanceMap modelMap(String stimulus, MapMethod method) {
        return tandem.alignment().map(SLUG, stimulus, "corner", method, AlignmentService.Options.DEFAULTS).map();
    }

    @Test
    void occlusionAndRiseMapsOfACornerModelComputedAsJobsPeakInTheCorner() {
        fixture.playRounds(2, 1);
        String image = fixture.images().get(0);
        for (MapMethod method : List.of(new MapMethod.Occlusion(56, 28), new MapMethod.Rise(400, 4, 0.5, 3))) {
            var created = tandem.mapJobs().createJob("corner", SLUG, method);
            assertTrue(created.created());
            assertEquals(1, created.job().total());
            try (MapWorker worker = tandem.mapJobs().worker(1, Worker.Events.NONE)) {
                worker.drain(created.job().id());
                assertEquals(1, worker.computed());
            }
            MapJob done = tandem.mapJobs().job(created.job().id());
            assertEquals(JobStatus.DONE, done.status());
            assertEquals(1, done.done());
            ImportanceMap map = modelMap(image, method);
            assertEquals(224, map.width());
            assertTrue(inCorner(map), method.name() + " peaks at " + map.peak() % 224 + "," + map.peak() / 224);
            assertFalse(tandem.mapJobs().createJob("corner", SLUG, method).job().status() != JobStatus.DONE,
                    "a second job finds the map stored and is done at once");
        }
    }

    @Test
    void humanMapsComeFromStoredRevealsAndCountOnlyImagesWithEnoughParticipants() {
        fixture.playRounds(3, 3); // three participants on the first image, two on the second, one on the third
        var atLeastThree = tandem.alignment().alignment(SLUG, null, new MapMethod.Occlusion(56, 28),
                new AlignmentService.Options(3, 10, 10, 1, AlignmentService.Options.CEILING_FLOOR));
        var atLeastTwo = tandem.alignment().alignment(SLUG, null, new MapMethod.Occlusion(56, 28),
                new AlignmentService.Options(2, 10, 10, 1, AlignmentService.Options.CEILING_FLOOR));
        assertEquals(1, atLeastThree.images().size());
        assertEquals(3, atLeastThree.images().get(0).participants());
        assertEquals(2, atLeastTwo.images().size());
        var human = tandem.alignment().map(SLUG, fixture.images().get(0), null, null,
                AlignmentService.Options.DEFAULTS).map();
        assertTrue(inCorner(human), "participants revealed the corner");
        assertEquals(1.0, human.values()[human.peak()], 1e-12);
        assertTrue(atLeastThree.images().get(0).ceiling() > 0.5, "participants agree: " + atLeastThree.images().get(0).ceiling());
    }

    @Test
    void aMapJobResumesAfterItsWorkerIsKilledMidBatch() {
        fixture.playRounds(2, 3);
        MapMethod method = new MapMethod.Occlusion(56, 56);
        long job = tandem.mapJobs().createJob("corner", SLUG, method).job().id();
        AtomicInteger batches = new AtomicInteger();
        MapWorker[] doomed = new MapWorker[1];
        Worker.Events killOnSecondBatch = new Worker.Events() {
            @Override
            public void claimed(long jobId, int tasks) {
                if (batches.incrementAndGet() == 2) {
                    int killed = tandem.dsl().fetchOne("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE datname = current_database() AND state = 'idle in transaction'"
                            + " AND pid <> pg_backend_pid()").get(0, Integer.class);
                    assertEquals(1, killed);
                    doomed[0].stop();
                }
            }
        };
        try (MapWorker first = tandem.mapJobs().worker(1, killOnSecondBatch)) {
            doomed[0] = first;
            first.drain(job);
            assertEquals(1, first.computed());
        }
        assertEquals(1, tandem.mapJobs().job(job).done(), "only the committed task counts");
        assertEquals(1, tandem.dsl().fetchCount(MODEL_MAP));
        try (MapWorker second = tandem.mapJobs().worker(1, Worker.Events.NONE)) {
            second.drain(job);
            assertEquals(2, second.computed());
        }
        MapJob finished = tandem.mapJobs().job(job);
        assertEquals(JobStatus.DONE, finished.status());
        assertEquals(3, finished.done());
        assertEquals(3, tandem.dsl().fetchCount(MAP_TASK, MAP_TASK.DONE.isTrue()));
        assertEquals(3, tandem.dsl().fetchCount(MODEL_MAP));
    }

    @Test
    void twoWorkersComputingOverlappingMapJobsStoreEachMapOnceAndBothJobsFinish() throws Exception {
        fixture.playRounds(1, 2);
        MapMethod method = new MapMethod.Occlusion(56, 56);
        long first = tandem.mapJobs().createJob("corner", SLUG, method).job().id();
        // A second experiment showing the same images asks for the same maps (the job names its slug only).
        var repository = new MapJobRepository(tandem.json());
        long modelId = tandem.mapJobs().job(first).modelId();
        long second = repository.insertJob(tandem.dsl(), modelId, "clickme-copy", method,
                new RoundDataRepository().playedImages(tandem.dsl(), SLUG), java.util.Set.of());

        CountDownLatch bothHoldClaims = new CountDownLatch(2);
        AtomicBoolean overlapped = new AtomicBoolean(true);
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        Worker.Events holdTheFirstClaim = new Worker.Events() {
            private final ThreadLocal<Boolean> firstClaim = ThreadLocal.withInitial(() -> true);

            @Override
            public void claimed(long jobId, int tasks) {
                if (firstClaim.get()) { // both claim the same first image (claims are in hash order)
                    firstClaim.set(false);
                    bothHoldClaims.countDown();
                    try {
                        overlapped.compareAndSet(true, bothHoldClaims.await(60, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void failed(long jobId, RuntimeException error) {
                failures.add(error);
            }
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (MapWorker one = tandem.mapJobs().worker(1, holdTheFirstClaim);
             MapWorker two = tandem.mapJobs().worker(1, holdTheFirstClaim)) {
            List<Future<?>> running = List.of(threads.submit(() -> one.drain(first)), threads.submit(() -> two.drain(second)));
            for (Future<?> worker : running) {
                worker.get(5, TimeUnit.MINUTES);
            }
            assertTrue(overlapped.get(), "both workers held the same first image at once");
            assertEquals(2, one.computed() + two.computed(), "each map was stored by one worker");
        } finally {
            threads.shutdownNow();
        }
        assertEquals(List.of(), failures, "no batch failed on the other worker's map");
        for (long job : List.of(first, second)) {
            MapJob finished = tandem.mapJobs().job(job);
            assertEquals(JobStatus.DONE, finished.status());
            assertEquals(2, finished.done());
        }
        assertEquals(2, tandem.dsl().fetchCount(MODEL_MAP));
    }

    @Test
    void alignmentOfTheCornerModelWithParticipantsWhoRevealedTheCornerIsPositive() {
        fixture.playRounds(2, 1);
        MapMethod method = new MapMethod.Occlusion(28, 14);
        long job = tandem.mapJobs().createJob("corner", SLUG, method).job().id();
        try (MapWorker worker = tandem.mapJobs().worker(1, Worker.Events.NONE)) {
            worker.drain(job);
        }
        var report = tandem.alignment().alignment(SLUG, "corner", method, AlignmentService.Options.DEFAULTS);
        assertEquals(1, report.images().size());
        var image = report.images().get(0);
        assertNotNull(image.spearman());
        assertTrue(image.spearman() > 0.3, "spearman " + image.spearman());
        assertTrue(image.dice() > 0 && image.iou() > 0 && image.iou() <= image.dice());
        assertEquals(image.spearman(), report.summary().meanSpearman(), 1e-12);
        assertEquals(image.ceiling(), report.summary().modelImages().ceiling(), 1e-12, "the same image");
        assertEquals(Math.sqrt(image.ceiling()), image.modelCeiling(), 1e-12);
        assertEquals(report.summary().meanSpearman() / report.summary().modelImages().modelCeiling(),
                report.summary().normalizedSpearman(), 1e-12);
    }

    @Test
    void aMapJobCancelledWhileItsSecondTaskIsComputedKeepsOnlyTheFirstMap() {
        fixture.playRounds(2, 3);
        long job = tandem.mapJobs().createJob("corner", SLUG, new MapMethod.Occlusion(56, 56)).job().id();
        AtomicInteger batches = new AtomicInteger();
        Worker.Events cancelOnSecondBatch = new Worker.Events() {
            @Override
            public void claimed(long jobId, int tasks) {
                if (batches.incrementAndGet() == 2) {
                    tandem.mapJobs().cancel(jobId); // issue 14: from another connection, mid-batch
                }
            }
        };
        try (MapWorker worker = tandem.mapJobs().worker(1, cancelOnSecondBatch)) {
            worker.drain(job);
            assertEquals(1, worker.computed(), "the second task's map was rolled back");
        }
        MapJob cancelled = tandem.mapJobs().job(job);
        assertEquals(JobStatus.CANCELLED, cancelled.status());
        assertEquals(1, cancelled.done());
        assertEquals(1, tandem.dsl().fetchCount(MODEL_MAP));
        assertEquals(2, batches.get(), "nothing claimed after the cancel");
    }
}
