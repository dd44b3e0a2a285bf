package dev.tandem.app;

import dev.tandem.jobs.JobStatus;
import dev.tandem.jobs.JobWorker;
import dev.tandem.model.ScoreJob;
import dev.tandem.model.Worker;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code score --model NAME --experiment SLUG}: creates a scoring job and, unless
 * {@code --no-wait}, works on it in this process with a progress bar until it is done (other
 * workers may share it meanwhile).
 */
final class ScoreCommand implements Command {

    @Override
    public String usage() {
        return "score --model NAME --experiment SLUG [--batch N] [--no-wait]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws InterruptedException {
        String model = args.option("model").orElseThrow(() -> new Args.UsageException("--model is required"));
        String experiment = args.option("experiment").orElseThrow(() -> new Args.UsageException("--experiment is required"));
        CountDownLatch finished = new CountDownLatch(1);
        try (Tandem tandem = Tandem.open(config, 2)) {
            var created = tandem.scoring.createJob(model, experiment);
            ScoreJob job = created.job();
            out.printf("Job %d %s: %s on %s v%d, %d distinct stimuli (%d scored before)%n", job.id(),
                    created.created() ? "created" : "already open", job.model(), job.experiment(),
                    job.experimentVersion(), job.total(), job.reused());
            if (args.flag("no-wait") || job.finished()) {
                job.warnings().forEach(warning -> out.println("Warning: " + warning));
                finished.countDown();
                return job.status() == JobStatus.FAILED ? 1 : 0;
            }
            Bar bar = new Bar(ConsoleProgress.start(out, "Scoring"));
            long started = System.nanoTime();
            JobWorker.Events events = new JobWorker.Events() {
                @Override
                public void committed(long jobId, int tasks) {
                    bar.show(tandem.scoring.job(jobId));
                }
            };
            try (Worker worker = tandem.scoring.worker(args.intOption("batch", WorkerCommand.DEFAULT_BATCH), events)) {
                WorkerCommand.stopOnShutdown(worker::stop, finished);
                worker.drain(job.id());
                job = tandem.scoring.job(job.id());
                while (!job.finished()) { // other workers still hold claims of this job
                    bar.show(job);
                    Thread.sleep(250);
                    job = tandem.scoring.job(job.id());
                }
                bar.show(job);
                double seconds = (System.nanoTime() - started) / 1e9;
                if (job.status() == JobStatus.FAILED) {
                    out.println("Job " + job.id() + " failed: " + job.error());
                    return 1;
                }
                out.printf("Job %d done: %d stimuli scored here in %.1f s with model loading (%.0f stimuli/s);"
                                + " job rate %.0f stimuli/s from first claim to last commit%n",
                        job.id(), worker.scored(), seconds, worker.scored() / seconds, job.ratePerSecond());
                job.warnings().forEach(warning -> out.println("Warning: " + warning));
            }
        } finally {
            finished.countDown();
        }
        return 0;
    }

    /** Draws a job's progress, once per change (the bar ends its line when the job is complete). */
    private static final class Bar {
        private final ConsoleProgress progress;
        private long shown = -1;

        Bar(ConsoleProgress progress) {
            this.progress = progress;
        }

        void show(ScoreJob job) {
            if (job.done() != shown) {
                shown = job.done();
                progress.update(job.done(), job.total());
            }
        }
    }
}
