package dev.tandem.app;

import dev.tandem.clickme.MapWorker;
import dev.tandem.common.LogText;
import dev.tandem.jobs.JobStatus;
import dev.tandem.jobs.JobWorker;
import dev.tandem.model.ScoreJob;
import dev.tandem.model.Worker;
import dev.tandem.triplet.TripletWorker;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code worker}: scores every queued job and computes every queued ClickMe map job and triplet job, as they
 * come, until SIGTERM.
 */
final class WorkerCommand implements Command {

    static final int DEFAULT_BATCH = 64;
    static final Duration IDLE = Duration.ofSeconds(1);

    @Override
    public String usage() {
        return "worker [--batch N] [--data-dir DIR] [--database-url URL]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        try (Tandem tandem = Tandem.open(config, 2);
             Worker worker = tandem.scoring.worker(args.intOption("batch", DEFAULT_BATCH), new Reporting(tandem, out));
             MapWorker maps = tandem.mapJobs.worker(1, JobWorker.Events.NONE);
             TripletWorker triplets = tandem.tripletJobs.worker(DEFAULT_BATCH, JobWorker.Events.NONE)) {
            stopOnShutdown(() -> {
                worker.stop();
                maps.stop();
                triplets.stop();
            }, finished);
            out.println("Worker running (scoring, ClickMe map and triplet jobs); stop it with SIGTERM (Ctrl-C).");
            Thread mapThread = new Thread(() -> maps.run(IDLE), "tandem-map-worker");
            mapThread.start();
            Thread tripletThread = new Thread(() -> triplets.run(IDLE), "tandem-triplet-worker");
            tripletThread.start();
            worker.run(IDLE);
            maps.stop();
            triplets.stop();
            mapThread.join();
            tripletThread.join();
            out.println("Worker stopped after scoring " + worker.scored() + " stimuli, computing "
                    + maps.computed() + " maps and answering " + triplets.computed() + " triplets.");
        } finally {
            finished.countDown();
        }
        return 0;
    }

    /**
     * On SIGTERM, asks the worker to stop after its batch and waits (up to 30 s) for
     * {@code finished}, which the command counts down once it has closed the worker and then the
     * database (an embedded PostgreSQL must be stopped before the JVM halts).
     */
    static void stopOnShutdown(Runnable stop, CountDownLatch finished) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tandem-worker-shutdown"));
    }

    /** Prints a line when a job this worker works on finishes or fails. */
    record Reporting(Tandem tandem, PrintStream out) implements JobWorker.Events {
        @Override
        public void committed(long jobId, int tasks) {
            ScoreJob job = tandem.scoring.job(jobId);
            if (job.status() == JobStatus.DONE) {
                out.printf("Job %d done: %s on %s v%d, %d stimuli, %.0f stimuli/s%n", job.id(), LogText.quoted(job.model()),
                        LogText.quoted(job.experiment()), job.experimentVersion(), job.total(), job.ratePerSecond());
            }
        }

        @Override
        public void failed(long jobId, RuntimeException error) {
            out.println("Job " + jobId + ": batch failed: " + LogText.quoted(error.getMessage())); // may quote stored text
        }
    }
}
