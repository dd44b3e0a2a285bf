package dev.tandem.app;

import dev.tandem.jobs.JobStatus;
import dev.tandem.jobs.JobWorker;
import dev.tandem.triplet.TripletJob;
import dev.tandem.triplet.TripletWorker;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code triplet score --model NAME --experiment SLUG}: creates a triplet job (issue 13: the model
 * answers every distinct triplet people were shown) and, unless {@code --no-wait}, works on it in
 * this process with a progress bar until it is done (other workers may share it meanwhile).
 */
final class TripletScoreCommand implements Command {

    @Override
    public String usage() {
        return "triplet score --model NAME --experiment SLUG [--similarity cosine|dot] [--batch N] [--no-wait]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws InterruptedException {
        String model = args.option("model").orElseThrow(() -> new Args.UsageException("--model is required"));
        String experiment = args.option("experiment").orElseThrow(() -> new Args.UsageException("--experiment is required"));
        CountDownLatch finished = new CountDownLatch(1);
        try (Tandem tandem = Tandem.open(config, 2)) {
            var created = tandem.tripletJobs.createJob(model, experiment, args.option("similarity").orElse(null));
            TripletJob job = created.job();
            out.printf("Triplet job %d %s: %s on %s, %s similarity of its %s, %d distinct triplets (%d answered before)%n",
                    job.id(), created.created() ? "created" : "already open", job.model(), job.experiment(),
                    lower(job.similarity()), lower(job.source()), job.total(), job.reused());
            if (args.flag("no-wait") || job.finished()) {
                return job.status() == JobStatus.FAILED ? 1 : 0;
            }
            ConsoleProgress bar = ConsoleProgress.start(out, "Triplets");
            bar.update(job.done(), job.total());
            long started = System.nanoTime();
            JobWorker.Events events = new JobWorker.Events() {
                @Override
                public void committed(long jobId, int tasks) {
                    TripletJob now = tandem.tripletJobs.job(jobId);
                    bar.update(now.done(), now.total());
                }
            };
            try (TripletWorker worker = tandem.tripletJobs.worker(args.intOption("batch", WorkerCommand.DEFAULT_BATCH), events)) {
                WorkerCommand.stopOnShutdown(worker::stop, finished);
                worker.drain(job.id());
                job = tandem.tripletJobs.job(job.id());
                while (!job.finished()) { // other workers still hold claims of this job
                    Thread.sleep(250);
                    job = tandem.tripletJobs.job(job.id());
                    bar.update(job.done(), job.total());
                }
                if (job.status() != JobStatus.DONE) {
                    out.println("Triplet job " + job.id() + " " + job.status().dbName()
                            + (job.error() == null ? "" : ": " + job.error()));
                    return 1;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf("Triplet job %d done: %d triplets answered here in %.1f s with model loading%n",
                        job.id(), worker.computed(), seconds);
            }
        } finally {
            finished.countDown();
        }
        return 0;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
